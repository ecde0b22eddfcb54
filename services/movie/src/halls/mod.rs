//! Halls: the use cases; [`model`] holds the types and layout rules, [`repository`] the SQL,
//! [`handlers`] HTTP.

pub mod handlers;
pub mod model;
pub mod repository;

use sqlx::PgPool;
use uuid::Uuid;

pub use self::model::*;
use crate::{
    error::{CatalogError, CatalogResult},
    state::AppState,
};

const NAME_TAKEN: &str = "This cinema already has a hall with that name";

/// The hall's name, trimmed: present and at most 100 characters.
fn checked_name(input: &HallInput) -> CatalogResult<&str> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(CatalogError::invalid("name", "A name is required"));
    }
    if name.chars().count() > 100 {
        return Err(CatalogError::invalid("name", "At most 100 characters"));
    }
    Ok(name)
}

/// Adds a hall and its seats to the cinema.
pub async fn create(state: &AppState, cinema_id: Uuid, input: &HallInput) -> CatalogResult<Uuid> {
    let name = checked_name(input)?;
    crate::cinemas::find(state, cinema_id).await?;
    let id = insert(&state.pool, cinema_id, name, &input.layout, &input.blocked).await?;
    state.cache.invalidate().await?;
    Ok(id)
}

/// Stores a hall and the seats its layout gives, in one transaction (the demo catalog's too);
/// `blocked` names seats like "B5".
pub async fn insert(
    pool: &PgPool,
    cinema_id: Uuid,
    name: &str,
    rows: &[String],
    blocked: &[String],
) -> CatalogResult<Uuid> {
    let seats = parse(rows, blocked)?;
    let mut tx = pool.begin().await?;
    let id = repository::insert(&mut tx, cinema_id, name, rows, &seats, blocked)
        .await
        .map_err(CatalogError::on_conflict(NAME_TAKEN))?;
    tx.commit().await?;
    Ok(id)
}

/// Renames a hall and replaces its layout and seats; refused while showtimes are scheduled in
/// it, since their seats (and any bookings of them) would change under them.
pub async fn replace_layout(state: &AppState, id: Uuid, input: &HallInput) -> CatalogResult<()> {
    let name = checked_name(input)?;
    let seats = parse(&input.layout, &input.blocked)?;
    let mut tx = state.pool.begin().await?;
    if !repository::lock(&mut tx, id).await? {
        return Err(CatalogError::NotFound("Hall"));
    }
    if repository::has_upcoming_showtimes(&mut tx, id).await? {
        return Err(CatalogError::Conflict(
            "Showtimes are scheduled in this hall; cancel them before changing its layout".into(),
        ));
    }
    repository::replace(&mut tx, id, name, &input.layout, &seats, &input.blocked)
        .await
        .map_err(CatalogError::on_conflict(NAME_TAKEN))?;
    tx.commit().await?;
    state.cache.invalidate().await?;
    Ok(())
}

pub async fn delete(state: &AppState, id: Uuid) -> CatalogResult<()> {
    let delete = repository::delete(&state.pool, id);
    state
        .delete_entry(
            delete,
            "Hall",
            "This hall has showtimes and cannot be deleted",
        )
        .await
}
