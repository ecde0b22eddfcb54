//! `GET /theaters`, `GET /theaters/{id}`, `GET /seats/{theater_id}`; admin: `POST /theaters`,
//! `PUT /theaters/{id}`, `DELETE /theaters/{id}`.

use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, Query, auth::AdminUser};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Cinema, CinemaFilter, CinemaInput, Seat, repository};
use crate::{error::CatalogError, state::AppState};

pub async fn list_cinemas(
    State(pool): State<PgPool>,
    Query(filter): Query<CinemaFilter>,
) -> ApiResult<Json<Vec<Cinema>>> {
    Ok(Json(repository::list(&pool, &filter).await?))
}

pub async fn get_cinema(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Cinema>> {
    Ok(Json(super::find(&state, id).await?))
}

/// Every seat of the cinema's halls, as the original listed them.
pub async fn list_cinema_seats(
    State(pool): State<PgPool>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<Seat>>> {
    if !repository::exists(&pool, id).await? {
        return Err(CatalogError::NotFound("Theater").into());
    }
    Ok(Json(repository::seats(&pool, id).await?))
}

pub async fn create_cinema(
    State(state): State<AppState>,
    _admin: AdminUser,
    Json(input): Json<CinemaInput>,
) -> ApiResult<(StatusCode, Json<Cinema>)> {
    let id = super::create(&state, &input).await?;
    Ok((StatusCode::CREATED, Json(super::find(&state, id).await?)))
}

pub async fn update_cinema(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
    Json(input): Json<CinemaInput>,
) -> ApiResult<Json<Cinema>> {
    super::update(&state, id, &input).await?;
    Ok(Json(super::find(&state, id).await?))
}

pub async fn delete_cinema(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
