//! The account forms' targets: plain HTML form posts, so signing in works before (and without)
//! the WASM bundle. Each answers with a redirect (post/redirect/get): on success to where the
//! user was going, otherwise back to the form, which shows what was typed and what was wrong.

use axum::{Form, extract::State, http::HeaderMap, response::Response};
use marquee_app::{
    api::session::{ACCESS_COOKIE, FormState, REFRESH_COOKIE, cookies},
    i18n::{Language, of_request, tr},
};
use serde::Deserialize;
use serde_json::{Value, json};
use service_kit::client_address::ClientAddress;

use crate::{
    forms::{back_to, failure},
    session::{Sessions, TokenPair, redirect},
};

// No `Debug`: these carry passwords, which must never reach a log line.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct RegisterForm {
    email: String,
    username: String,
    password: String,
    #[serde(default)]
    full_name: String,
}

#[derive(Debug, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    phone_number: String,
}

/// Only paths of this site: `next` must not send people elsewhere. No whitespace or control
/// characters either: browsers drop tabs and newlines from a URL (`/\t/evil.example` would be
/// `//evil.example`), and a line break cannot go into a `Location` header.
pub(crate) fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if local { next } else { "/" }
}

async fn signed_in(
    sessions: &Sessions,
    headers: &HeaderMap,
    tokens: &TokenPair,
    form: &str,
    to: &str,
) -> Response {
    let mut response = redirect(to);
    sessions.set_tokens(response.headers_mut(), tokens);
    sessions.clear_flash(response.headers_mut(), form);
    if let Some(language) = remembered_language(sessions, headers, tokens).await {
        sessions.set_language(response.headers_mut(), language);
    }
    response
}

/// The language to remember on this device once signed in: the one the profile keeps (chosen
/// on another device, say), unless one was chosen here, which is the latest choice and goes to
/// the profile instead.
async fn remembered_language(
    sessions: &Sessions,
    headers: &HeaderMap,
    tokens: &TokenPair,
) -> Option<Language> {
    let token = &tokens.access_token;
    let chosen_here = cookies::get(headers, marquee_app::i18n::COOKIE)
        .and_then(|code| Language::from_code(&code));
    let profile = sessions
        .backend
        .auth_get::<Value>("/users/me", token)
        .await
        .ok()?;
    let kept = profile["language"].as_str().and_then(Language::from_code);
    match (chosen_here, kept) {
        (None, kept) => kept,
        (Some(here), kept) if kept == Some(here) => None,
        (Some(here), _) => {
            let body = json!({ "language": here.code() });
            if let Err(error) = sessions
                .backend
                .auth_put::<Value>("/profile", token, &body)
                .await
            {
                tracing::warn!(%error, "could not save the language in the profile");
            }
            None
        }
    }
}

pub async fn login(
    State(sessions): State<Sessions>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let language = of_request(&headers);
    let next = safe_next(&form.next).to_owned();
    let login_page = format!("/login?next={}", urlencode(&next));
    let outcome = sessions
        .backend
        .login::<TokenPair>(
            form.username.trim(),
            &form.password,
            client.0.map(|address| address.to_string()).as_deref(),
        )
        .await;
    match outcome {
        Ok(tokens) => signed_in(&sessions, &headers, &tokens, "login", &next).await,
        Err(error) => {
            let mut state = match error.status() {
                Some(401) => FormState {
                    message: Some(tr!(language, "account-wrong-credentials")),
                    ..FormState::default()
                },
                _ => failure(language, &error),
            };
            state.values.insert("username".into(), form.username);
            back_to(&sessions, "login", &login_page, state)
        }
    }
}

pub async fn register(
    State(sessions): State<Sessions>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<RegisterForm>,
) -> Response {
    let body = json!({
        "email": form.email,
        "username": form.username,
        "password": form.password,
        "full_name": form.full_name,
    });
    let registered = sessions
        .backend
        .auth_post::<Value>("/register", None, &body)
        .await;
    let outcome = match registered {
        Ok(_) => {
            sessions
                .backend
                .login::<TokenPair>(
                    form.username.trim(),
                    &form.password,
                    client.0.map(|address| address.to_string()).as_deref(),
                )
                .await
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(tokens) => signed_in(&sessions, &headers, &tokens, "register", "/").await,
        Err(error) => {
            let mut state = failure(of_request(&headers), &error);
            state.values.insert("email".into(), form.email);
            state.values.insert("username".into(), form.username);
            state.values.insert("full_name".into(), form.full_name);
            back_to(&sessions, "register", "/register", state)
        }
    }
}

pub async fn logout(State(sessions): State<Sessions>, headers: HeaderMap) -> Response {
    let refresh = cookies::get(&headers, REFRESH_COOKIE);
    if let Some(refresh) = &refresh {
        sessions.signed_out(refresh).await;
    }
    if let Some(access) = cookies::get(&headers, ACCESS_COOKIE) {
        // Ending the session at the auth service is best effort: the cookies go regardless.
        if let Err(error) = sessions
            .backend
            .auth_post::<Value>(
                "/logout",
                Some(&access),
                &json!({ "refresh_token": refresh }),
            )
            .await
        {
            tracing::info!(%error, "logout at the auth service failed");
        }
    }
    let mut response = redirect("/");
    sessions.clear_tokens(response.headers_mut());
    response
}

pub async fn update_profile(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<ProfileForm>,
) -> Response {
    let Some(access) = cookies::get(&headers, ACCESS_COOKIE) else {
        return redirect("/login?next=/profile");
    };
    let body = json!({
        "email": form.email,
        "full_name": form.full_name,
        "phone_number": form.phone_number,
    });
    let language = of_request(&headers);
    let state = match sessions
        .backend
        .auth_put::<Value>("/profile", &access, &body)
        .await
    {
        Ok(_) => FormState {
            message: Some(tr!(language, "account-profile-saved")),
            success: true,
            ..FormState::default()
        },
        Err(error) if error.status() == Some(401) => return redirect("/login?next=/profile"),
        Err(error) => {
            let mut state = failure(language, &error);
            state.values.insert("email".into(), form.email);
            state.values.insert("full_name".into(), form.full_name);
            state
                .values
                .insert("phone_number".into(), form.phone_number);
            state
        }
    };
    back_to(&sessions, "profile", "/profile", state)
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/profile"), "/profile");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
        // Browsers drop tabs and newlines from a URL: `/\t/evil.example` is `//evil.example`.
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\n/evil.example"), "/");
        assert_eq!(safe_next("/bookings\r\nSet-Cookie: x=1"), "/");
        assert_eq!(
            safe_next("/showtimes/abc?x=1#seat"),
            "/showtimes/abc?x=1#seat"
        );
    }
}
