//! The signed-in user and the state of the account forms, as the pages see them. The tokens
//! themselves stay in httpOnly cookies that only the BFF reads.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const ACCESS_COOKIE: &str = "marquee_access";
pub const REFRESH_COOKIE: &str = "marquee_refresh";
/// `marquee_flash_<form>`: what a form's last submission typed and what was wrong with it.
pub const FLASH_COOKIE_PREFIX: &str = "marquee_flash_";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: String,
    pub username: String,
    pub email: String,
    pub full_name: Option<String>,
    pub phone_number: Option<String>,
    pub role: String,
}

impl SessionUser {
    /// Someone signed in, not yet named: the user of a page rendered for every signed-in
    /// visitor alike (see [`SharedWithMembers`]). The browser asks who it is once hydrated.
    pub fn unnamed_member() -> Self {
        Self {
            id: String::new(),
            username: String::new(),
            email: String::new(),
            full_name: None,
            phone_number: None,
            role: "customer".into(),
        }
    }

    /// True for [`Self::unnamed_member`]: the page does not know who it is yet.
    pub fn is_unnamed(&self) -> bool {
        self.id.is_empty()
    }

    pub fn display_name(&self) -> &str {
        self.full_name
            .as_deref()
            .filter(|name| !name.is_empty())
            .unwrap_or(&self.username)
    }
}

/// A form after a submission that did not go through: what was typed (never passwords), errors
/// by field, and a message for the whole form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    pub message: Option<String>,
    /// True when `message` reports success rather than a problem.
    #[serde(default)]
    pub success: bool,
}

impl FormState {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).cloned()
    }
}

/// Marks a page request the BFF renders once for every signed-in visitor who asks for it
/// meanwhile (a showtime's seat map when it goes on sale): the request arrives without its
/// session cookies, so nothing personal is read, and the header shows an
/// [`SessionUser::unnamed_member`] until the browser has asked who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedWithMembers;

/// The browsing pages a signed-in visitor may be shown as every other one is: what they show
/// of the visitor is the header, and the browser fills that in. Their own pages (bookings,
/// profile, notices) and the staff's are rendered for each.
pub fn is_alike_for_members(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(
        segments.as_slice(),
        [""] | ["search"] | ["cinemas"] | ["cinemas", _] | ["movies", _] | ["showtimes", _]
    )
}

/// True while rendering a page shared with every signed-in visitor.
#[cfg(feature = "ssr")]
pub fn rendering_for_members() -> bool {
    leptos::prelude::use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.extensions.get::<SharedWithMembers>().is_some())
}

#[cfg(feature = "ssr")]
pub mod cookies {
    //! Reading the request's cookies on the server.

    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

    use super::FormState;

    pub fn get(headers: &http::HeaderMap, name: &str) -> Option<String> {
        pairs(headers)
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned())
            .filter(|value| !value.is_empty())
    }

    /// The names of the cookies the request carries with a value.
    pub fn names(headers: &http::HeaderMap) -> impl Iterator<Item = &str> {
        pairs(headers)
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, _)| key)
    }

    fn pairs(headers: &http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
    }

    pub fn encode_flash(state: &FormState) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(state).unwrap_or_default())
    }

    pub fn decode_flash(raw: &str) -> Option<FormState> {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(raw).ok()?).ok()
    }

    /// The access token of the request being served.
    pub fn access_token() -> Option<String> {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        get(&parts.headers, super::ACCESS_COOKIE)
    }
}

/// The signed-in user, or `None`. At a fixed address (`/api/current_user`): the bench asks for
/// it as a browser does after a page shared by everyone signed in.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, ServerFnError> {
    use crate::api::backend::Backend;

    let Some(token) = cookies::access_token() else {
        return Ok(rendering_for_members().then(SessionUser::unnamed_member));
    };
    match expect_context::<Backend>()
        .auth_get::<SessionUser>("/users/me", &token)
        .await
    {
        Ok(user) => Ok(Some(user)),
        Err(error) if error.status() == Some(401) => Ok(None),
        Err(error) => {
            tracing::warn!(%error, "auth service call failed");
            Err(ServerFnError::new(crate::t!("account-unavailable")))
        }
    }
}

/// The state `form` was left in by its last submission.
#[server]
pub async fn load_form_state(form: String) -> Result<FormState, ServerFnError> {
    let parts = use_context::<http::request::Parts>();
    let name = format!("{FLASH_COOKIE_PREFIX}{form}");
    Ok(parts
        .and_then(|parts| cookies::get(&parts.headers, &name))
        .and_then(|raw| cookies::decode_flash(&raw))
        .unwrap_or_default())
}
