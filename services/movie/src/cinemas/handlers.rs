//! `GET /theaters`, `GET /theaters/{id}`, `GET /seats/{theater_id}`; admin: `POST /theaters`,
//! `PUT /theaters/{id}`, `DELETE /theaters/{id}`.

use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, Query, auth::AdminUser, openapi::ErrorBody};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Cinema, CinemaFilter, CinemaInput, Seat, repository};
use crate::{error::CatalogError, state::AppState};

/// The cinemas, with their halls; in one city with `city`.
#[utoipa::path(get, path = "/theaters", tag = "theaters",
    params(
        CinemaFilter),
    responses(
        (status = 200, description = "The cinemas", body = [Cinema]),
        (status = 400, description = "A query parameter holds a NUL character", body = ErrorBody)))]
pub async fn list_cinemas(
    State(pool): State<PgPool>,
    Query(filter): Query<CinemaFilter>,
) -> ApiResult<Json<Vec<Cinema>>> {
    Ok(Json(repository::list(&pool, &filter).await?))
}

/// One cinema, with its halls.
#[utoipa::path(get, path = "/theaters/{id}", tag = "theaters",
    params(
        ("id" = Uuid, Path, description = "The cinema")),
    responses(
        (status = 200, description = "The cinema", body = Cinema),
        (status = 404, description = "No such cinema", body = ErrorBody)))]
pub async fn get_cinema(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Cinema>> {
    Ok(Json(super::find(&state, id).await?))
}

/// Every seat of the cinema's halls, as the original listed them.
#[utoipa::path(get, path = "/seats/{theater_id}", tag = "theaters",
    params(
        ("theater_id" = Uuid, Path, description = "The cinema")),
    responses(
        (status = 200, description = "The seats", body = [Seat]),
        (status = 404, description = "No such cinema", body = ErrorBody)))]
pub async fn list_cinema_seats(
    State(pool): State<PgPool>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<Seat>>> {
    if !repository::exists(&pool, id).await? {
        return Err(CatalogError::NotFound("Theater").into());
    }
    Ok(Json(repository::seats(&pool, id).await?))
}

/// Adds a cinema (admin).
#[utoipa::path(post, path = "/theaters", tag = "theaters",
    security(("bearer" = [])),
    request_body = CinemaInput,
    responses(
        (status = 201, description = "The cinema as added", body = Cinema),
        (status = 409, description = "A cinema with this slug already exists", body = ErrorBody)))]
pub async fn create_cinema(
    State(state): State<AppState>,
    _admin: AdminUser,
    Json(input): Json<CinemaInput>,
) -> ApiResult<(StatusCode, Json<Cinema>)> {
    let id = super::create(&state, &input).await?;
    Ok((StatusCode::CREATED, Json(super::find(&state, id).await?)))
}

/// Saves a cinema (admin).
#[utoipa::path(put, path = "/theaters/{id}", tag = "theaters",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The cinema")),
    request_body = CinemaInput,
    responses(
        (status = 200, description = "The cinema as saved", body = Cinema),
        (status = 404, description = "No such cinema", body = ErrorBody),
        (status = 409, description = "Another cinema has this slug", body = ErrorBody)))]
pub async fn update_cinema(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
    Json(input): Json<CinemaInput>,
) -> ApiResult<Json<Cinema>> {
    super::update(&state, id, &input).await?;
    Ok(Json(super::find(&state, id).await?))
}

/// Deletes a cinema no showtime refers to (admin).
#[utoipa::path(delete, path = "/theaters/{id}", tag = "theaters",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The cinema")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such cinema", body = ErrorBody),
        (status = 409, description = "The cinema has showtimes and cannot be deleted", body = ErrorBody)))]
pub async fn delete_cinema(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
