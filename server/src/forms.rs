//! What the BFF's form handlers share: turning a service's refusal into what the form shows,
//! and sending the browser back to the form (post/redirect/get).

use axum::response::Response;
use marquee_app::api::{
    backend::{BackendError, Rejection},
    session::FormState,
};
use serde_json::Value;

use crate::session::{Sessions, redirect};

pub fn unavailable(error: &BackendError) -> FormState {
    tracing::warn!(%error, "auth service call failed");
    FormState {
        message: Some("This is unavailable right now. Please try again in a moment.".into()),
        ..FormState::default()
    }
}

/// Why a submission failed, as the form shows it.
pub fn failure(error: &BackendError) -> FormState {
    match error {
        BackendError::Rejected(rejection) if rejection.status < 500 => rejected(rejection),
        other => unavailable(other),
    }
}

/// The auth service's answer as a form state: 422 field lists become errors by field.
pub fn rejected(rejection: &Rejection) -> FormState {
    let mut state = FormState::default();
    match &rejection.detail {
        Value::Array(fields) => {
            for field in fields {
                let name = field["loc"]
                    .as_array()
                    .and_then(|loc| loc.last())
                    .and_then(Value::as_str)
                    .unwrap_or("form");
                let message = field["msg"].as_str().unwrap_or("Invalid value");
                state
                    .errors
                    .entry(name.to_owned())
                    .or_insert_with(|| message.to_owned());
            }
        }
        Value::String(detail) if detail.starts_with("Email") => {
            state.errors.insert("email".into(), detail.clone());
        }
        Value::String(detail) if detail.starts_with("Username") => {
            state.errors.insert("username".into(), detail.clone());
        }
        Value::String(detail) => state.message = Some(detail.clone()),
        _ => state.message = Some("Something went wrong. Please try again.".into()),
    }
    state
}

pub fn back_to(sessions: &Sessions, form: &str, page: &str, state: FormState) -> Response {
    let mut response = redirect(page);
    sessions.set_flash(response.headers_mut(), form, &state);
    response
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn field_lists_become_errors_by_field() {
        let rejection = Rejection {
            status: 422,
            detail: json!([
                { "loc": ["body", "email"], "msg": "Enter a valid email address" },
                { "loc": ["body", "password"], "msg": "Password must be at least 8 characters" },
            ]),
            ..Rejection::default()
        };
        let state = rejected(&rejection);
        assert_eq!(state.error("email").unwrap(), "Enter a valid email address");
        assert!(state.error("password").is_some());

        let duplicate = Rejection {
            status: 400,
            detail: json!("Username already taken"),
            ..Rejection::default()
        };
        assert_eq!(
            rejected(&duplicate).error("username").unwrap(),
            "Username already taken"
        );
    }
}
