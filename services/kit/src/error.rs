//! One error type for every handler, mapped to HTTP in one place: a JSON body `{"detail": ...}`
//! with the right status, as the original API's clients expect. Every body also has a stable
//! `code` (`seats_taken`, `invalid_input`, ...) — and, where the message has values in it, their
//! `params` — so a screen can say it in the reader's language; `detail` stays English.

use axum::{
    body::Body,
    extract::{
        FromRequest, FromRequestParts, Request,
        rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection},
    },
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::json;

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    /// 409 that also lists what is in the way (`"conflicts": [...]`), so a client can name it
    /// without parsing the message.
    #[error("{detail}")]
    ConflictOver {
        detail: String,
        conflicts: Vec<String>,
    },
    #[error("{detail}")]
    Rejected { status: StatusCode, detail: String },
    /// A refusal whose body says more than `detail`: `fields` go beside it (a stable `reason`
    /// word for screens and metrics, the time something happened, ...).
    #[error("{detail}")]
    Explained {
        status: StatusCode,
        detail: String,
        fields: serde_json::Map<String, serde_json::Value>,
    },
    /// 422 naming each field that is wrong, in the original API's (FastAPI's) shape.
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// 429: try again after this many seconds.
    #[error("{detail}")]
    TooManyRequests {
        detail: String,
        retry_after_secs: u64,
    },
    #[error("a dependency is unavailable: {0}")]
    Unavailable(String),
    /// 503 with Retry-After: this service is at capacity right now; the detail is public.
    #[error("{detail}")]
    Busy {
        detail: String,
        retry_after_secs: u64,
    },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
    /// Any of the above with a code of the domain's (`seats_taken`) instead of the general one
    /// its status gives, and the values its message names.
    #[error("{error}")]
    Coded {
        code: &'static str,
        params: serde_json::Map<String, serde_json::Value>,
        error: Box<ApiError>,
    },
}

impl ApiError {
    /// This error with the domain's stable `code` (and no values to name).
    pub fn coded(self, code: &'static str) -> Self {
        self.coded_with(code, serde_json::Map::new())
    }

    /// This error with the domain's stable `code` and the values its message names
    /// (`{"seats": "A1, A2", "minutes": 5}`).
    pub fn coded_with(
        self,
        code: &'static str,
        params: serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        Self::Coded {
            code,
            params,
            error: Box::new(self),
        }
    }

    /// The general code of an error no domain named: said by its status.
    fn general_code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "invalid_input",
            Self::ConflictOver { .. } => "seats_taken",
            Self::Explained { fields, .. } => match fields.get("reason") {
                Some(serde_json::Value::String(_)) => "refused",
                _ => "conflict",
            },
            _ => code_of_status(self.status()),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Coded { error, .. } => error.status(),
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Conflict(_) | Self::ConflictOver { .. } => StatusCode::CONFLICT,
            Self::Rejected { status, .. } | Self::Explained { status, .. } => *status,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) | Self::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Database(error) => database_status(error),
            // Database errors that came up through `anyhow` mean the same.
            Self::Internal(error) => error
                .downcast_ref::<sqlx::Error>()
                .map_or(StatusCode::INTERNAL_SERVER_ERROR, database_status),
        }
    }

    fn public_detail(&self) -> String {
        match self.status() {
            // The one database error that is the request's fault (see `database_status`).
            StatusCode::BAD_REQUEST if matches!(self, Self::Database(_) | Self::Internal(_)) => {
                NUL_IN_TEXT.into()
            }
            // Internals stay in the log; the client learns only that it was not its fault.
            StatusCode::INTERNAL_SERVER_ERROR => "Internal server error".into(),
            StatusCode::SERVICE_UNAVAILABLE => "Service temporarily unavailable".into(),
            _ => self.to_string(),
        }
    }
}

/// What PostgreSQL refusing text with a NUL character (SQLSTATE 22021) tells the client.
const NUL_IN_TEXT: &str = "Text may not contain NUL characters";

/// The status a database error deserves: busy or away is a 503; text PostgreSQL cannot store
/// (a NUL character) is the request's fault; anything else is ours.
fn database_status(error: &sqlx::Error) -> StatusCode {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) => StatusCode::SERVICE_UNAVAILABLE,
        sqlx::Error::Database(db) if db.code().as_deref() == Some("22021") => {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, error.debug = ?self, "request failed");
        }
        match self {
            Self::Coded {
                code,
                params,
                error,
            } => {
                // Server errors keep their general code: a domain's word must not say more
                // about an internal failure than the detail does.
                let code = if status.is_server_error() {
                    error.general_code()
                } else {
                    code
                };
                error.respond(status, code, params)
            }
            other => {
                let code = other.general_code();
                other.respond(status, code, serde_json::Map::new())
            }
        }
    }
}

impl ApiError {
    fn respond(
        self,
        status: StatusCode,
        code: &'static str,
        params: serde_json::Map<String, serde_json::Value>,
    ) -> Response {
        let (mut body, headers) = self.answer();
        body.insert("code".into(), code.into());
        if !params.is_empty() {
            body.insert("params".into(), params.into());
        }
        let mut response = (status, axum::Json(serde_json::Value::Object(body))).into_response();
        for (name, value) in headers {
            response.headers_mut().insert(name, value);
        }
        response
    }

    /// The JSON object this error answers with, and the headers that go beside it.
    fn answer(
        self,
    ) -> (
        serde_json::Map<String, serde_json::Value>,
        Vec<(header::HeaderName, HeaderValue)>,
    ) {
        let detail = |value: serde_json::Value| {
            let mut body = serde_json::Map::new();
            body.insert("detail".into(), value);
            body
        };
        match self {
            Self::Coded { error, .. } => error.answer(),
            Self::Validation(fields) => (detail(json!(fields)), vec![]),
            Self::ConflictOver {
                detail: text,
                conflicts,
            } => {
                let mut body = detail(text.into());
                body.insert("conflicts".into(), json!(conflicts));
                (body, vec![])
            }
            Self::Explained {
                detail: text,
                mut fields,
                ..
            } => {
                fields.insert("detail".into(), text.into());
                (fields, vec![])
            }
            Self::TooManyRequests {
                detail: text,
                retry_after_secs,
            }
            | Self::Busy {
                detail: text,
                retry_after_secs,
            } => (
                detail(text.into()),
                vec![(header::RETRY_AFTER, HeaderValue::from(retry_after_secs))],
            ),
            Self::Unauthorized(text) => (
                detail(text.into()),
                vec![(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))],
            ),
            other => (detail(other.public_detail().into()), vec![]),
        }
    }
}

/// One wrong field: `{"loc": ["body", "email"], "msg": "...", "type": "value_error"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// Where: `["body", "email"]`, `["query", "limit"]`, ...
    pub loc: Vec<String>,
    pub msg: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

impl FieldError {
    pub fn body(field: &str, msg: impl Into<String>) -> Self {
        Self {
            loc: vec!["body".into(), field.into()],
            msg: msg.into(),
            kind: "value_error",
        }
    }

    /// From serde's account of a body of the wrong shape, as axum words it: "Failed to
    /// deserialize ...: seats[0]: invalid type: ... at line 1 column 9", or "... missing field
    /// `username` at line 1 column 2".
    fn from_serde(text: &str) -> Self {
        let reason = text
            .split_once("target type: ")
            .map_or(text, |(_, rest)| rest);
        let reason = match reason.rsplit_once(" at line ") {
            Some((before, position)) if position.contains(" column ") => before,
            _ => reason,
        };
        let (path, message) = match reason.split_once(": ") {
            Some((path, message)) if !path.contains(' ') && path != "." => (path, message),
            _ => ("", reason),
        };
        let mut loc: Vec<String> = std::iter::once("body")
            .chain(path.split('.').filter(|part| !part.is_empty()))
            .map(str::to_owned)
            .collect();
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
        match missing {
            Some(field) => {
                loc.push(field.to_owned());
                Self {
                    loc,
                    msg: "Field required".into(),
                    kind: "missing",
                }
            }
            None => Self {
                loc,
                msg: message.to_owned(),
                kind: "type_error",
            },
        }
    }
}

/// Collects field errors; `finish` is `Ok` when there are none.
#[derive(Debug, Default)]
pub struct Validator(Vec<FieldError>);

impl Validator {
    pub fn check(&mut self, ok: bool, field: &str, msg: &str) -> &mut Self {
        if !ok {
            self.0.push(FieldError::body(field, msg));
        }
        self
    }

    /// Each of `values` is at most `max` characters (a field no one could need longer must not
    /// let a request store, log or echo megabytes).
    pub fn at_most<'v>(
        &mut self,
        max: usize,
        field: &str,
        values: impl IntoIterator<Item = &'v str>,
    ) -> &mut Self {
        let ok = values.into_iter().all(|value| value.chars().count() <= max);
        self.check(ok, field, &format!("At most {max} characters"))
    }

    pub fn finish(&mut self) -> ApiResult<()> {
        self.verdict().map_err(ApiError::Validation)
    }

    /// The fields found wrong, for domain code that answers its own error type.
    pub fn verdict(&mut self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.0))
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            // Well-formed JSON of the wrong shape: a validation error naming the field, like
            // the ones the handlers' own checks give.
            JsonRejection::JsonDataError(error) => {
                Self::Validation(vec![FieldError::from_serde(&error.body_text())])
            }
            // Past the route's body limit: said as the gateway says it.
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::Rejected {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                detail: "Request body too large".into(),
            },
            other => Self::Rejected {
                status: other.status(),
                detail: other.body_text(),
            },
        }
    }
}

impl From<FormRejection> for ApiError {
    fn from(rejection: FormRejection) -> Self {
        let status = match rejection.status() {
            StatusCode::BAD_REQUEST => StatusCode::UNPROCESSABLE_ENTITY,
            other => other,
        };
        Self::Rejected {
            status,
            detail: rejection.body_text(),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: rejection.body_text(),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        let status = match rejection.status() {
            // A malformed id names no resource: the same answer as an unknown one.
            StatusCode::BAD_REQUEST => StatusCode::NOT_FOUND,
            other => other,
        };
        Self::Rejected {
            status,
            detail: rejection.body_text(),
        }
    }
}

/// What a handler that panicked answers: a plain 500 (what it said goes to the log only).
pub fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!(
        panic = panic_message(panic.as_ref()),
        "request handler panicked"
    );
    detail_response(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
}

/// The message a panic carried, when it carried one.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)")
}

/// `{"detail": detail, "code": ...}` with `status`, the code said by the status.
pub fn detail_response(status: StatusCode, detail: impl Serialize) -> Response {
    let body = json!({ "detail": detail, "code": code_of_status(status) });
    (status, axum::Json(body)).into_response()
}

/// The general stable code of an error status.
pub fn code_of_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_input",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        StatusCode::GATEWAY_TIMEOUT | StatusCode::REQUEST_TIMEOUT => "timeout",
        status if status.is_server_error() => "internal",
        _ => "refused",
    }
}

/// A JSON body extractor and responder whose rejections are `{"detail": ...}` errors
/// (400 malformed, 415 wrong content type, 422 wrong shape, 413 too large).
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// An optional JSON body: `None` when the request has no `Content-Type` (no body at all), so a
/// route can take a body only some callers send.
impl<T, S> axum::extract::OptionalFromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Option<Self>, ApiError> {
        let body =
            <axum::Json<T> as axum::extract::OptionalFromRequest<S>>::from_request(request, state)
                .await?;
        Ok(body.map(|axum::Json(value)| Json(value)))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A form-body extractor (`application/x-www-form-urlencoded`) with JSON rejections.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Form), rejection(ApiError))]
pub struct Form<T>(pub T);

/// A query-string extractor whose rejections are 422 `{"detail": ...}` errors.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// A path extractor; a segment that does not parse (e.g. a malformed id) is a 404.
#[derive(Debug, Clone, Copy, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Gives every error response that a layer or the router produced without a body of ours
/// (404 for unknown routes, 405, 408, 413, ...) the same JSON shape as handler errors.
pub async fn json_error_bodies(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let detail = status.canonical_reason().unwrap_or("Error");
    let body = serde_json::to_vec(&json!({ "detail": detail, "code": code_of_status(status) }))
        .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound("Not Found".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_longer_than_allowed_is_named_and_characters_not_bytes_are_counted() {
        let fine = "ấn tượng".repeat(5);
        assert_eq!(fine.chars().count(), 40);
        assert!(
            Validator::default()
                .at_most(40, "title", [fine.as_str()])
                .finish()
                .is_ok()
        );
        let errors = Validator::default()
            .at_most(40, "title", [fine.as_str()])
            .at_most(3, "cast", ["Ann", "Benedict"])
            .at_most(3, "reason", None)
            .verdict()
            .unwrap_err();
        assert_eq!(errors, [FieldError::body("cast", "At most 3 characters")]);
    }

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let error = ApiError::Internal(anyhow::anyhow!("password=hunter2 in connection string"));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(error.public_detail(), "Internal server error");
    }

    #[test]
    fn serde_errors_name_the_field() {
        let missing = FieldError::from_serde(
            "Failed to deserialize the JSON body into the target type: missing field `username` at line 1 column 26",
        );
        assert_eq!(missing.loc, ["body", "username"]);
        assert_eq!(missing.kind, "missing");
        let wrong = FieldError::from_serde(
            "Failed to deserialize the JSON body into the target type: seat_ids[0]: invalid type: integer `5`, expected a string at line 1 column 15",
        );
        assert_eq!(wrong.loc, ["body", "seat_ids[0]"]);
        assert_eq!(wrong.msg, "invalid type: integer `5`, expected a string");
        let nested = FieldError::from_serde("card: missing field `number` at line 1 column 3");
        assert_eq!(nested.loc, ["body", "card", "number"]);
        let bare = FieldError::from_serde("invalid type: null, expected a map");
        assert_eq!(bare.loc, ["body"]);
    }

    #[test]
    fn client_errors_say_what_is_wrong() {
        let error = ApiError::NotFound("Movie not found".into());
        assert_eq!(error.status(), StatusCode::NOT_FOUND);
        assert_eq!(error.public_detail(), "Movie not found");
    }
}
