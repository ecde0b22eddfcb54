//! Sessions in the browser: the auth service's tokens live in httpOnly, SameSite=Lax cookies that
//! only the BFF reads. This module sets and clears those cookies and the forms' flash cookies;
//! the middleware around every request is in its submodules: [`refresh`] (expiring access
//! tokens are refreshed on the way in), [`flash`] (a flash is shown once), [`https`] (cookies
//! are `Secure` over https) and [`same_site`] (state-changing requests from other sites are
//! refused).

mod flash;
mod https;
mod refresh;
mod same_site;

use std::sync::Arc;

use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::Response,
};
use marquee_app::api::{
    backend::Backend,
    session::{ACCESS_COOKIE, FLASH_COOKIE_PREFIX, FormState, REFRESH_COOKIE, cookies},
};
use serde::Deserialize;
use tokio::sync::OnceCell;

pub use self::{
    flash::expire_flash,
    https::secure_cookies_over_https,
    refresh::refresh_tokens,
    same_site::{is_same_site, reject_cross_site},
};

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

#[derive(Clone)]
pub struct Sessions {
    pub backend: Backend,
    pub secure_cookies: bool,
    recent_refreshes: refresh::RecentRefreshes,
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

    /// Remembers the person's language for a year (see `marquee_app::i18n`).
    pub fn set_language(&self, headers: &mut HeaderMap, language: marquee_app::i18n::Language) {
        const YEAR_SECS: u64 = 365 * 24 * 60 * 60;
        headers.append(
            header::SET_COOKIE,
            self.cookie(marquee_app::i18n::COOKIE, language.code(), YEAR_SECS, "/"),
        );
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
}

pub fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .expect("a valid redirect")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

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
}
