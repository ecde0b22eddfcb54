//! Admin-only writes to the catalog. Every change bumps the catalog cache's generation, so the
//! cached reads never outlive a write.

pub mod cinemas;
pub mod movies;
pub mod showtimes;

use axum::{
    Router,
    routing::{post, put},
};
use service_kit::{ApiError, FieldError};

use crate::CatalogState;

pub fn routes() -> Router<CatalogState> {
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
