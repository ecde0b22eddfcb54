//! Every request is served in its person's language (see `marquee_app::i18n`), and
//! `POST /language` is the header's language switch. The choice is remembered in a cookie and,
//! for a signed-in person, in their profile (so it follows them to another device: signing in
//! restores it); the browser goes back to the page it was on, rendered in the new language.

use axum::{
    Form,
    extract::{Path, Request, State},
    http::{
        HeaderMap, StatusCode,
        header::{CACHE_CONTROL, CONTENT_TYPE},
    },
    middleware::Next,
    response::{IntoResponse, Response},
};
use marquee_app::{
    api::session::{ACCESS_COOKIE, cookies},
    i18n::Language,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    accounts::safe_next,
    assets,
    session::{Sessions, redirect},
};

/// Serves the request in its person's language: handlers outside Leptos (forms, the calendar
/// file) and the calls they make to the services speak it too.
pub async fn speak(request: Request, next: Next) -> Response {
    let language = marquee_app::i18n::of_request(request.headers());
    marquee_app::i18n::speaking(language, next.run(request)).await
}

/// `GET /messages/{file}`: a language's messages as the browser fetches them before hydrating
/// (`vi.<hash>.ftl`, which each page names in a preload link). The name changes with the text,
/// so a browser keeps it for a year. Another build's name for a language we speak (a page
/// rendered by another replica during a rolling update) gets this build's text, checked on each
/// use: the page then hydrates, where a 404 would leave it as plain HTML.
pub async fn messages(Path(file): Path<String>) -> Response {
    let Some((language, current)) = Language::of_messages_file(&file) else {
        return service_kit::error::detail_response(StatusCode::NOT_FOUND, "No such messages file");
    };
    let (_, text) = language.messages_file();
    let lifetime = if current {
        assets::FOR_A_YEAR
    } else {
        assets::CHECK_EACH_TIME
    };
    let headers = [
        (CONTENT_TYPE, "text/plain; charset=utf-8"),
        (CACHE_CONTROL, lifetime),
    ];
    (headers, text).into_response()
}

#[derive(Debug, Deserialize)]
pub struct LanguageChoice {
    lang: String,
    /// The page to go back to (a path of this site).
    #[serde(default)]
    back: String,
}

pub async fn choose(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(choice): Form<LanguageChoice>,
) -> Response {
    let Some(language) = Language::from_code(&choice.lang) else {
        let body = json!({ "detail": "Unknown language", "code": "unknown_language" });
        return (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response();
    };
    if let Some(access) = cookies::get(&headers, ACCESS_COOKIE) {
        let body = json!({ "language": language.code() });
        let saved = sessions
            .backend
            .auth_put::<Value>("/profile", &access, &body)
            .await;
        // The cookie still remembers it on this device; the profile is a convenience.
        if let Err(error) = saved
            && error.status() != Some(401)
        {
            tracing::warn!(%error, "could not save the language in the profile");
        }
    }
    let mut response = redirect(safe_next(&choice.back));
    sessions.set_language(response.headers_mut(), language);
    response
}
