//! Sessions in the browser: the auth service's tokens live in httpOnly, SameSite=Lax cookies that
//! only the BFF reads. Expired access tokens are refreshed on the way in, and state-changing
//! requests from other sites are refused.

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use marquee_app::api::{
    backend::Backend,
    session::{ACCESS_COOKIE, FLASH_COOKIE_PREFIX, FormState, REFRESH_COOKIE, cookies},
};
use serde::Deserialize;
use service_kit::client_address::TrustedProxies;
use tokio::sync::{Mutex, OnceCell};

/// Refresh this long before the access token expires, so it does not lapse mid-request.
const REFRESH_MARGIN_SECS: i64 = 30;
/// A refresh's result is reused for this long by requests that arrive with the same old token
/// (a page and its server-function calls often do), which would otherwise trip the auth
/// service's reuse detection and end the session.
const REFRESH_REUSE: Duration = Duration::from_secs(30);
const REFRESH_COOKIE_DAYS: u64 = 14;
/// A flash cookie's value stays below this, leaving room for its name and attributes in the
/// 4096 bytes browsers keep.
const MAX_FLASH_BYTES: usize = 3800;

#[derive(Clone, Debug, Deserialize)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

/// What exchanging one refresh token came to: new tokens, or `None` when the auth service
/// refused it (the session is over).
type RefreshOutcome = Arc<OnceCell<Option<TokenPair>>>;
/// Old refresh token -> when it was first brought, and its exchange (shared by every request
/// that brings the same token, each waiting only for its own token's exchange).
type RecentRefreshes = Arc<Mutex<HashMap<String, (Instant, RefreshOutcome)>>>;

#[derive(Clone)]
pub struct Sessions {
    pub backend: Backend,
    pub secure_cookies: bool,
    recent_refreshes: RecentRefreshes,
}

impl Sessions {
    pub fn new(backend: Backend, secure_cookies: bool) -> Self {
        Self {
            backend,
            secure_cookies,
            recent_refreshes: Default::default(),
        }
    }

    fn cookie(&self, name: &str, value: &str, max_age_secs: u64, path: &str) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{name}={value}; Path={path}; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}"
        ))
        .expect("cookie values are base64url or JWTs")
    }

    pub fn set_tokens(&self, headers: &mut HeaderMap, tokens: &TokenPair) {
        headers.append(
            header::SET_COOKIE,
            self.cookie(ACCESS_COOKIE, &tokens.access_token, tokens.expires_in, "/"),
        );
        headers.append(
            header::SET_COOKIE,
            self.cookie(
                REFRESH_COOKIE,
                &tokens.refresh_token,
                REFRESH_COOKIE_DAYS * 24 * 3600,
                "/",
            ),
        );
    }

    pub fn clear_tokens(&self, headers: &mut HeaderMap) {
        for name in [ACCESS_COOKIE, REFRESH_COOKIE] {
            headers.append(header::SET_COOKIE, self.cookie(name, "", 0, "/"));
        }
    }

    pub fn set_flash(&self, headers: &mut HeaderMap, form: &str, state: &FormState) {
        let mut encoded = cookies::encode_flash(state);
        if encoded.len() > MAX_FLASH_BYTES {
            // Browsers drop a cookie over 4 KB whole: better the message and the errors without
            // what was typed (a long description, say) than nothing at all.
            let without_values = FormState {
                values: Default::default(),
                ..state.clone()
            };
            encoded = cookies::encode_flash(&without_values);
        }
        headers.append(
            header::SET_COOKIE,
            self.cookie(&format!("{FLASH_COOKIE_PREFIX}{form}"), &encoded, 120, "/"),
        );
    }

    pub fn clear_flash(&self, headers: &mut HeaderMap, form: &str) {
        headers.append(
            header::SET_COOKIE,
            self.cookie(&format!("{FLASH_COOKIE_PREFIX}{form}"), "", 0, "/"),
        );
    }

    /// Exchanges a refresh token once, however many requests bring it at the same time.
    /// `Err` means the auth service could not be asked (down, timed out): the session may well
    /// be fine, so nothing is cached and the cookies stay for the next request to try again.
    async fn refresh(&self, refresh_token: &str) -> Result<Option<TokenPair>, ()> {
        let outcome = {
            let mut recent = self.recent_refreshes.lock().await;
            recent.retain(|_, (at, _)| at.elapsed() < REFRESH_REUSE);
            recent
                .entry(refresh_token.to_owned())
                .or_insert_with(|| (Instant::now(), RefreshOutcome::default()))
                .1
                .clone()
        };
        outcome
            .get_or_try_init(|| async {
                // On a task of its own: should the browser drop this request mid-exchange, the
                // auth service may already have rotated the token, and the new pair must still
                // reach the requests waiting on this cell (else the old token's next use would
                // count as theft and end the session).
                let backend = self.backend.clone();
                let body = serde_json::json!({ "refresh_token": refresh_token });
                let exchange = tokio::spawn(async move {
                    backend
                        .auth_post::<TokenPair>("/refresh", None, &body)
                        .await
                });
                match exchange.await {
                    Ok(Ok(tokens)) => Ok(Some(tokens)),
                    Ok(Err(error)) if matches!(error.status(), Some(400 | 401 | 403 | 422)) => {
                        tracing::info!(%error, "session refresh refused");
                        Ok(None)
                    }
                    Ok(Err(error)) => {
                        tracing::warn!(%error, "session refresh failed; the session is kept");
                        Err(())
                    }
                    Err(error) => {
                        tracing::error!(%error, "session refresh task failed");
                        Err(())
                    }
                }
            })
            .await
            .cloned()
    }
}

/// Seconds until the JWT expires (its signature is the services' business, not the BFF's).
fn seconds_left(jwt: &str) -> Option<i64> {
    #[derive(Deserialize)]
    struct Expiry {
        exp: i64,
    }
    let payload = jwt.split('.').nth(1)?;
    let expiry: Expiry = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    Some(expiry.exp - chrono_now())
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// Replaces one cookie in the request's `Cookie` header, so what runs next sees the new token.
fn replace_request_cookie(headers: &mut HeaderMap, name: &str, value: Option<&str>) {
    let others: Vec<String> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty() && !pair.starts_with(&format!("{name}=")))
        .map(str::to_owned)
        .collect();
    let mut all = others;
    if let Some(value) = value {
        all.push(format!("{name}={value}"));
    }
    headers.remove(header::COOKIE);
    if let Ok(joined) = HeaderValue::from_str(&all.join("; ")) {
        headers.insert(header::COOKIE, joined);
    }
}

/// Refreshes an expiring access token before the request is handled, and hands the new cookies
/// to the browser with the answer.
pub async fn refresh_tokens(
    State(sessions): State<Sessions>,
    mut request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let access = cookies::get(headers, ACCESS_COOKIE);
    let Some(refresh_token) = cookies::get(headers, REFRESH_COOKIE) else {
        return next.run(request).await;
    };
    let expiring = access
        .as_deref()
        .and_then(seconds_left)
        .is_none_or(|left| left < REFRESH_MARGIN_SECS);
    if !expiring {
        return next.run(request).await;
    }
    let Ok(refreshed) = sessions.refresh(&refresh_token).await else {
        return next.run(request).await;
    };
    // What runs next sees the session as it now is: the new pair, or no session at all.
    let request_headers = request.headers_mut();
    replace_request_cookie(
        request_headers,
        ACCESS_COOKIE,
        refreshed
            .as_ref()
            .map(|tokens| tokens.access_token.as_str()),
    );
    replace_request_cookie(
        request_headers,
        REFRESH_COOKIE,
        refreshed
            .as_ref()
            .map(|tokens| tokens.refresh_token.as_str()),
    );
    let mut response = next.run(request).await;
    // A handler that set or cleared the session itself (sign in, sign out) has the last word:
    // browsers apply `Set-Cookie` in order, so ours would undo it.
    if sets_session_cookies(response.headers()) {
        return response;
    }
    match refreshed {
        Some(tokens) => sessions.set_tokens(response.headers_mut(), &tokens),
        None => sessions.clear_tokens(response.headers_mut()),
    }
    response
}

fn sets_session_cookies(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|cookie| {
            [ACCESS_COOKIE, REFRESH_COOKIE]
                .iter()
                .any(|name| cookie.starts_with(&format!("{name}=")))
        })
}

/// A form's flash (what was typed, what was wrong) is for the one page the form redirected to:
/// once a page has been rendered with it, the browser is told to drop it, so a reload or a
/// later visit does not show stale errors or "saved" messages.
pub async fn expire_flash(
    State(sessions): State<Sessions>,
    request: Request,
    next: Next,
) -> Response {
    let is_page = request.method() == Method::GET
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    let flashed: Vec<String> = if is_page {
        cookies::names(request.headers())
            .filter_map(|name| name.strip_prefix(FLASH_COOKIE_PREFIX).map(str::to_owned))
            .collect()
    } else {
        Vec::new()
    };
    let mut response = next.run(request).await;
    if response.status().is_success() {
        for form in flashed {
            sessions.clear_flash(response.headers_mut(), &form);
        }
    }
    response
}

/// Cookies are `Secure` when the browser reached the site over https: always when the
/// configuration says so (`COOKIE_SECURE`, an https `PUBLIC_URL`), and otherwise per request when
/// a trusted proxy (the gateway, behind a TLS terminator) says `X-Forwarded-Proto: https`.
pub async fn secure_cookies_over_https(request: Request, next: Next) -> Response {
    let over_https = request
        .headers()
        .get("x-forwarded-proto")
        .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
        && request
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .zip(request.extensions().get::<TrustedProxies>())
            .is_some_and(|(peer, proxies)| proxies.trusts(peer.0.ip()));
    let mut response = next.run(request).await;
    if over_https {
        mark_secure(response.headers_mut());
    }
    response
}

fn mark_secure(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    headers.remove(header::SET_COOKIE);
    for cookie in cookies {
        let secured = match cookie.to_str() {
            Ok(text) if !text.to_ascii_lowercase().contains("; secure") => {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
            }
            _ => cookie,
        };
        headers.append(header::SET_COOKIE, secured);
    }
}

/// Refuses state-changing requests that a browser says come from another site. Browsers send
/// `Sec-Fetch-Site` (and `Origin`) on such requests; clients that send neither are not
/// browsers and carry no ambient cookies to abuse.
pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if is_same_site(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(origin = ?request.headers().get(header::ORIGIN), "cross-site request refused");
        (StatusCode::FORBIDDEN, "Cross-site requests are not allowed").into_response()
    }
}

pub fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .expect("a valid redirect")
}

/// Whether a request comes from one of this site's own pages: by the browser's
/// `Sec-Fetch-Site` where it sends one, else by `Origin` matching `Host`. A request with
/// neither is not a browser's cross-site request.
pub fn is_same_site(headers: &HeaderMap) -> bool {
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .filter(|origin| *origin != "null")
        .map(|origin| origin.split_once("://").map_or(origin, |(_, host)| host));
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match (fetch_site, origin_host) {
        (Some(site), _) => matches!(site, "same-origin" | "none"),
        (None, Some(origin)) => Some(origin) == host,
        (None, None) => headers.get(header::ORIGIN).is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expiry_is_read_from_the_payload() {
        let payload = URL_SAFE_NO_PAD.encode(format!(r#"{{"exp":{}}}"#, chrono_now() + 100));
        let left = seconds_left(&format!("x.{payload}.y")).unwrap();
        assert!((99..=100).contains(&left));
        assert!(seconds_left("garbage").is_none());
    }

    #[test]
    fn one_cookie_is_replaced_and_the_others_kept() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; marquee_access=old; b=2"),
        );
        replace_request_cookie(&mut headers, "marquee_access", Some("new"));
        assert_eq!(headers[header::COOKIE], "a=1; b=2; marquee_access=new");
        replace_request_cookie(&mut headers, "marquee_access", None);
        assert_eq!(headers[header::COOKIE], "a=1; b=2");
    }

    #[test]
    fn an_oversized_flash_keeps_its_message_and_errors() {
        let sessions = Sessions::new(
            Backend::new(
                marquee_app::api::backend::ServiceUrls {
                    movie: "",
                    auth: "",
                    booking: "",
                    payment: "",
                    notification: "",
                },
                Duration::from_secs(1),
            ),
            false,
        );
        let mut state = FormState {
            message: Some("Please correct the fields marked below.".into()),
            ..FormState::default()
        };
        state
            .errors
            .insert("movie.rating".into(), "Use a number".into());
        state.values.insert("description".into(), "x".repeat(5000));
        let mut headers = HeaderMap::new();
        sessions.set_flash(&mut headers, "admin", &state);
        let cookie = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.len() < 4096, "{}", cookie.len());
        let value = cookie
            .split(';')
            .next()
            .and_then(|pair| pair.split_once('='))
            .map(|(_, value)| value)
            .unwrap();
        let kept = cookies::decode_flash(value).unwrap();
        assert_eq!(kept.errors, state.errors);
        assert_eq!(kept.message, state.message);
        assert!(kept.values.is_empty());
    }

    #[test]
    fn cookies_are_marked_secure_once() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::SET_COOKIE,
            HeaderValue::from_static("a=1; Path=/; HttpOnly"),
        );
        headers.append(
            header::SET_COOKIE,
            HeaderValue::from_static("b=2; Path=/; Secure"),
        );
        mark_secure(&mut headers);
        let cookies: Vec<_> = headers.get_all(header::SET_COOKIE).iter().collect();
        assert_eq!(
            cookies,
            ["a=1; Path=/; HttpOnly; Secure", "b=2; Path=/; Secure"]
        );
    }

    #[test]
    fn a_handler_that_sets_the_session_is_recognised() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::SET_COOKIE,
            HeaderValue::from_static("marquee_flash_login=x; Path=/"),
        );
        assert!(!sets_session_cookies(&headers));
        headers.append(
            header::SET_COOKIE,
            HeaderValue::from_str(&format!("{ACCESS_COOKIE}=; Path=/; Max-Age=0")).unwrap(),
        );
        assert!(sets_session_cookies(&headers));
    }
}
