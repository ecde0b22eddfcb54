//! Expiring access tokens are refreshed on the way in: each refresh token is exchanged once,
//! however many requests bring it at the same time, and the request (and then the browser) gets
//! the new pair. A cookie that cannot be a refresh token ends the session without a call to the
//! auth service, and the exchanges remembered are bounded: random cookies cost nothing.

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use api_types::sessions::is_well_formed_refresh_token;
use tokio::sync::Mutex;

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use marquee_app::api::session::{ACCESS_COOKIE, REFRESH_COOKIE, cookies};
use serde::Deserialize;

use super::{RefreshOutcome, Sessions, TokenPair};

/// Refresh this long before the access token expires, so it does not lapse mid-request.
const REFRESH_MARGIN_SECS: i64 = 30;
/// A refresh's result is reused for this long by requests that arrive with the same old token
/// (a page and its server-function calls often do), which would otherwise trip the auth
/// service's reuse detection and end the session.
const REFRESH_REUSE: Duration = Duration::from_secs(30);
/// Exchanges (and sign-outs) remembered at most; beyond it the oldest is forgotten first.
const MAX_RECENT_REFRESHES: usize = 10_000;
/// A sign-out is remembered while requests the page sent before it may still bring the old
/// refresh token: as long as that token's exchange is reused, and then as long again for a
/// request under way.
const SIGNED_OUT_MEMORY: Duration = Duration::from_secs(2 * REFRESH_REUSE.as_secs());

/// What the BFF remembers of recent sessions, each entry with when it was remembered.
#[derive(Default)]
struct Remembered {
    /// Old refresh token -> its exchange (shared by every request that brings the same token,
    /// each waiting only for its own token's exchange).
    exchanges: HashMap<String, (Instant, RefreshOutcome)>,
    /// The refresh tokens of sessions signed out here lately.
    signed_out: HashMap<String, (Instant, ())>,
}

#[derive(Clone, Default)]
pub(super) struct RecentRefreshes(Arc<Mutex<Remembered>>);

impl RecentRefreshes {
    /// The exchange of `refresh_token`: the one under way or just done, else a new one.
    async fn outcome_for(&self, refresh_token: &str) -> RefreshOutcome {
        let mut remembered = self.0.lock().await;
        make_room(&mut remembered.exchanges, refresh_token, REFRESH_REUSE);
        remembered
            .exchanges
            .entry(refresh_token.to_owned())
            .or_insert_with(|| (Instant::now(), RefreshOutcome::default()))
            .1
            .clone()
    }

    async fn sign_out(&self, refresh_token: &str) {
        let mut remembered = self.0.lock().await;
        make_room(&mut remembered.signed_out, refresh_token, SIGNED_OUT_MEMORY);
        remembered
            .signed_out
            .insert(refresh_token.to_owned(), (Instant::now(), ()));
    }

    async fn is_signed_out(&self, refresh_token: &str) -> bool {
        self.0.lock().await.signed_out.contains_key(refresh_token)
    }

    #[cfg(test)]
    async fn len(&self) -> usize {
        self.0.lock().await.exchanges.len()
    }
}

/// Forgets the entries older than `memory`, then, while there is no room for `key`, the oldest.
fn make_room<V>(entries: &mut HashMap<String, (Instant, V)>, key: &str, memory: Duration) {
    entries.retain(|_, (at, _)| at.elapsed() < memory);
    if entries.len() >= MAX_RECENT_REFRESHES && !entries.contains_key(key) {
        let oldest = entries
            .iter()
            .min_by_key(|(_, (at, _))| *at)
            .map(|(token, _)| token.clone());
        if let Some(oldest) = oldest {
            entries.remove(&oldest);
        }
    }
}

impl Sessions {
    /// Exchanges a refresh token once, however many requests bring it at the same time.
    /// `Err` means the auth service could not be asked (down, timed out): the session may well
    /// be fine, so nothing is cached and the cookies stay for the next request to try again.
    async fn refresh(&self, refresh_token: &str) -> Result<Option<TokenPair>, ()> {
        if !is_well_formed_refresh_token(refresh_token) {
            return Ok(None);
        }
        let outcome = self.recent_refreshes.outcome_for(refresh_token).await;
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

    /// Remembers that the session `refresh_token` belongs to was signed out here, so that the
    /// requests the page sent just before (a notification count, say) and that bring the
    /// token it replaced do not hand the browser that session's tokens back.
    pub async fn signed_out(&self, refresh_token: &str) {
        if is_well_formed_refresh_token(refresh_token) {
            self.recent_refreshes.sign_out(refresh_token).await;
        }
    }

    /// `refreshed`, unless its session has been signed out meanwhile.
    async fn unless_signed_out(&self, refreshed: Option<TokenPair>) -> Option<TokenPair> {
        match refreshed {
            Some(tokens)
                if self
                    .recent_refreshes
                    .is_signed_out(&tokens.refresh_token)
                    .await =>
            {
                None
            }
            standing => standing,
        }
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
    let refreshed = sessions.unless_signed_out(refreshed).await;
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
    // Signed out while this request was handled: the browser must not get the tokens back.
    match sessions.unless_signed_out(refreshed).await {
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

    #[tokio::test]
    async fn sign_outs_are_remembered_within_the_same_bound() {
        let recent = RecentRefreshes::default();
        recent.sign_out("token-0").await;
        assert!(recent.is_signed_out("token-0").await);
        for n in 1..=MAX_RECENT_REFRESHES {
            recent.sign_out(&format!("token-{n}")).await;
        }
        assert_eq!(recent.0.lock().await.signed_out.len(), MAX_RECENT_REFRESHES);
        assert!(!recent.is_signed_out("token-0").await);
        assert!(
            recent
                .is_signed_out(&format!("token-{MAX_RECENT_REFRESHES}"))
                .await
        );
    }

    #[tokio::test]
    async fn the_exchanges_remembered_are_bounded_and_the_oldest_go_first() {
        let recent = RecentRefreshes::default();
        let first = recent.outcome_for("token-0").await;
        for n in 1..MAX_RECENT_REFRESHES + 500 {
            recent.outcome_for(&format!("token-{n}")).await;
        }
        assert_eq!(recent.len().await, MAX_RECENT_REFRESHES);
        // The first one is forgotten: bringing it again starts a new exchange.
        assert!(!Arc::ptr_eq(&first, &recent.outcome_for("token-0").await));
        // A recent one is still shared.
        let last = format!("token-{}", MAX_RECENT_REFRESHES + 498);
        assert!(Arc::ptr_eq(
            &recent.outcome_for(&last).await,
            &recent.outcome_for(&last).await
        ));
    }
}
