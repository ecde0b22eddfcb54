//! What the BFF's form handlers share: turning a service's refusal into what the form shows,
//! in the language of the person who sent it (`marquee_app::i18n::of_request`), and sending the
//! browser back to the form (post/redirect/get).

use axum::response::Response;
use marquee_app::{
    api::{
        backend::{BackendError, Rejection},
        session::FormState,
    },
    i18n::{Language, tr},
};
use serde_json::Value;

use crate::session::{Sessions, redirect};

pub fn unavailable(language: Language, error: &BackendError) -> FormState {
    tracing::warn!(%error, "auth service call failed");
    FormState {
        message: Some(tr!(language, "account-unavailable-try-later")),
        ..FormState::default()
    }
}

/// Why a submission failed, as the form shows it.
pub fn failure(language: Language, error: &BackendError) -> FormState {
    match error {
        BackendError::Rejected(rejection) if rejection.status < 500 => {
            rejected(language, rejection)
        }
        other => unavailable(language, other),
    }
}

/// A sentence of the auth service's, in `language`: the service writes English, so the ones it
/// is known to say have messages; anything else (another service's words) is shown as it came.
fn said(language: Language, text: &str) -> String {
    let key = match text {
        "Enter a valid email address" => "account-error-email",
        "Username must be 3-50 letters, digits, '_', '.' or '-'" => "account-error-username",
        "Password must be at least 8 characters" => "account-error-password-short",
        "Password must be at most 128 characters" => "account-error-password-long",
        "Full name must be at most 100 characters" => "account-error-full-name",
        "Enter a valid phone number" => "account-error-phone",
        "Email already registered" => "account-error-email-taken",
        "Username already taken" => "account-error-username-taken",
        "This account is disabled" => "account-error-disabled",
        "Too many sign-ins at once. Try again in a moment." => "account-error-busy",
        _ => return text.to_owned(),
    };
    tr!(language, key)
}

/// A refusal with a message of its own: said by its code (with its values) where the language
/// has a message for it, else by the sentence table above.
fn said_by_code(language: Language, rejection: &Rejection) -> String {
    let by_code = rejection.said_in(language);
    match &rejection.detail {
        Value::String(detail) if by_code == *detail => said(language, detail),
        _ => by_code,
    }
}

/// The auth service's answer as a form state: 422 field lists become errors by field.
pub fn rejected(language: Language, rejection: &Rejection) -> FormState {
    let mut state = FormState::default();
    match &rejection.detail {
        Value::Array(fields) => {
            for field in fields {
                let name = field["loc"]
                    .as_array()
                    .and_then(|loc| loc.last())
                    .and_then(Value::as_str)
                    .unwrap_or("form");
                let message = match field["msg"].as_str() {
                    Some(message) => said(language, message),
                    None => tr!(language, "account-invalid-value"),
                };
                state.errors.entry(name.to_owned()).or_insert(message);
            }
        }
        // The refusal's code says which field it is about.
        Value::String(_) if rejection.code.as_deref() == Some("email_taken") => {
            let text = said_by_code(language, rejection);
            state.errors.insert("email".into(), text);
        }
        Value::String(_) if rejection.code.as_deref() == Some("username_taken") => {
            let text = said_by_code(language, rejection);
            state.errors.insert("username".into(), text);
        }
        Value::String(_) => state.message = Some(said_by_code(language, rejection)),
        _ => state.message = Some(tr!(language, "account-something-wrong")),
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
        let state = rejected(Language::english(), &rejection);
        assert_eq!(state.error("email").unwrap(), "Enter a valid email address");
        assert!(state.error("password").is_some());

        let duplicate = Rejection {
            status: 400,
            detail: json!("Username already taken"),
            code: Some("username_taken".into()),
            ..Rejection::default()
        };
        assert_eq!(
            rejected(Language::english(), &duplicate)
                .error("username")
                .unwrap(),
            "Username already taken"
        );
    }

    #[test]
    fn a_refusal_with_a_code_is_said_in_the_forms_language_with_its_values() {
        let locked = Rejection {
            status: 429,
            detail: json!("Too many failed logins. Try again in 30 seconds."),
            code: Some("login_locked".into()),
            params: serde_json::from_value(json!({ "seconds": 30 })).unwrap(),
            ..Rejection::default()
        };
        let vietnamese = Language::from_code("vi").unwrap();
        assert_eq!(
            rejected(vietnamese, &locked).message.unwrap(),
            "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 30 giây."
        );
        assert_eq!(
            rejected(Language::english(), &locked).message.unwrap(),
            "Too many failed logins. Try again in 30 seconds."
        );
    }
}
