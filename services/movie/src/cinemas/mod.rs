//! Cinemas (the original's "theaters"): the use cases; [`model`] holds the types and rules,
//! [`repository`] the SQL, [`handlers`] HTTP.

pub mod handlers;
pub mod model;
pub mod repository;

use uuid::Uuid;

pub use self::model::*;
use crate::{
    error::{CatalogError, CatalogResult},
    state::AppState,
};

const SLUG_TAKEN: &str = "A cinema with this slug already exists";

/// The cinema as the API answers it.
pub async fn find(state: &AppState, id: Uuid) -> CatalogResult<Cinema> {
    repository::find(&state.pool, id)
        .await?
        .ok_or(CatalogError::NotFound("Theater"))
}

async fn validate(state: &AppState, input: &CinemaInput) -> CatalogResult<()> {
    let known_zone = repository::is_time_zone(&state.pool, &input.time_zone).await?;
    Ok(input.validate(known_zone)?)
}

pub async fn create(state: &AppState, input: &CinemaInput) -> CatalogResult<Uuid> {
    validate(state, input).await?;
    let id = repository::insert(&state.pool, input)
        .await
        .map_err(CatalogError::on_conflict(SLUG_TAKEN))?;
    state.cache.invalidate().await?;
    Ok(id)
}

pub async fn update(state: &AppState, id: Uuid, input: &CinemaInput) -> CatalogResult<()> {
    validate(state, input).await?;
    let found = repository::update(&state.pool, id, input)
        .await
        .map_err(CatalogError::on_conflict(SLUG_TAKEN))?;
    if !found {
        return Err(CatalogError::NotFound("Theater"));
    }
    state.cache.invalidate().await?;
    Ok(())
}

pub async fn delete(state: &AppState, id: Uuid) -> CatalogResult<()> {
    let delete = repository::delete(&state.pool, id);
    state
        .delete_entry(
            delete,
            "Theater",
            "This cinema has showtimes and cannot be deleted",
        )
        .await
}
