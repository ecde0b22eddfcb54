//! One error type for every handler, mapped to HTTP in one place: a JSON body `{"detail": ...}`
//! with the right status, as the original API's clients expect.

use axum::{
    body::Body,
    extract::{
        FromRequest, FromRequestParts, Request,
        rejection::{JsonRejection, PathRejection, QueryRejection},
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
    #[error("{detail}")]
    Rejected { status: StatusCode, detail: String },
    #[error("a dependency is unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Rejected { status, .. } => *status,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Database(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Database(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn public_detail(&self) -> String {
        match self.status() {
            // Internals stay in the log; the client learns only that it was not its fault.
            StatusCode::INTERNAL_SERVER_ERROR => "Internal server error".into(),
            StatusCode::SERVICE_UNAVAILABLE => "Service temporarily unavailable".into(),
            _ => self.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, error.debug = ?self, "request failed");
        }
        detail_response(status, self.public_detail())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        Self::Rejected {
            status: rejection.status(),
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

/// `{"detail": detail}` with `status`.
pub fn detail_response(status: StatusCode, detail: impl Serialize) -> Response {
    (status, axum::Json(json!({ "detail": detail }))).into_response()
}

/// A JSON body extractor and responder whose rejections are `{"detail": ...}` errors
/// (400 malformed, 415 wrong content type, 422 wrong shape, 413 too large).
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

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
    let body = serde_json::to_vec(&json!({ "detail": detail })).unwrap_or_default();
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
    fn internal_errors_do_not_leak_their_cause() {
        let error = ApiError::Internal(anyhow::anyhow!("password=hunter2 in connection string"));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(error.public_detail(), "Internal server error");
    }

    #[test]
    fn client_errors_say_what_is_wrong() {
        let error = ApiError::NotFound("Movie not found".into());
        assert_eq!(error.status(), StatusCode::NOT_FOUND);
        assert_eq!(error.public_detail(), "Movie not found");
    }
}
