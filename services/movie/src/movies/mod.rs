//! Movies: what the catalog shows, in the original API's shape plus richer fields. This module
//! holds the use cases; [`model`] the types and rules, [`repository`] the SQL, [`handlers`] HTTP.

pub mod handlers;
pub mod model;
pub mod repository;

use uuid::Uuid;

pub use self::model::*;
use crate::{
    error::{CatalogError, CatalogResult},
    state::AppState,
};

/// Adds (`id` none) or saves a film. A new length moves the end of its showtimes still to come,
/// under the same no-overlap rule as when they were scheduled.
pub async fn save(state: &AppState, id: Option<Uuid>, input: &MovieInput) -> CatalogResult<Uuid> {
    input.validate()?;
    let saved = repository::save(&state.pool, id, input, state.cleaning_buffer_minutes).await?;
    state.cache.invalidate().await?;
    Ok(saved)
}

/// Deletes a film no showtime refers to; one that has been shown is archived instead.
pub async fn delete(state: &AppState, id: Uuid) -> CatalogResult<()> {
    let delete = repository::delete(&state.pool, id);
    let in_use = "This movie has showtimes; archive it instead";
    state.delete_entry(delete, "Movie", in_use).await
}

/// The film as the API answers it.
pub async fn response(state: &AppState, id: Uuid) -> CatalogResult<MovieResponse> {
    repository::find(&state.pool, id)
        .await?
        .map(MovieResponse::from)
        .ok_or(CatalogError::NotFound("Movie"))
}
