//! Admin-only writes to the catalog. Every change bumps the catalog cache's generation, so the
//! cached reads never outlive a write.

pub mod cinemas;
pub mod movies;
pub mod showtimes;

use axum::{
    Router,
    routing::{post, put},
};
use service_kit::{ApiError, ApiResult, FieldError};
use uuid::Uuid;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/movies", post(movies::create))
        .route("/movies/{id}", put(movies::update).delete(movies::remove))
        .route("/theaters", post(cinemas::create))
        .route(
            "/theaters/{id}",
            put(cinemas::update).delete(cinemas::remove),
        )
        .route("/theaters/{id}/halls", post(cinemas::create_hall))
        .route(
            "/halls/{id}",
            put(cinemas::update_hall).delete(cinemas::remove_hall),
        )
        .route("/showtimes", post(showtimes::create))
        .route(
            "/showtimes/{id}",
            put(showtimes::update).delete(showtimes::cancel),
        )
}

/// A 422 about one field.
pub fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::Validation(vec![FieldError::body(field, message)])
}

/// A unique or foreign-key violation is a 409 saying `message`; anything else stays a database
/// error. Each caller knows which of the two its statement can meet.
pub fn conflict(error: sqlx::Error, message: &str) -> ApiError {
    match error.as_database_error().and_then(|db| db.code()) {
        Some(code) if code == "23503" || code == "23505" => ApiError::Conflict(message.into()),
        _ => error.into(),
    }
}

/// Deletes one row by id: 404 when there is none, 409 (saying `in_use`) when other rows still
/// refer to it; the catalog cache goes stale on success.
pub async fn delete_row(
    state: &AppState,
    statement: &'static str,
    id: Uuid,
    not_found: &str,
    in_use: &str,
) -> ApiResult<axum::http::StatusCode> {
    let deleted = sqlx::query(statement)
        .bind(id)
        .execute(&state.pool)
        .await
        .map_err(|error| conflict(error, in_use))?;
    if deleted.rows_affected() == 0 {
        return Err(ApiError::NotFound(not_found.into()));
    }
    state.cache.invalidate().await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
