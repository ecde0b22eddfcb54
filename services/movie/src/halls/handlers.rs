//! `GET /halls/{id}`; admin: `POST /theaters/{id}/halls`, `PUT /halls/{id}`,
//! `DELETE /halls/{id}`.

use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, auth::AdminUser, openapi::ErrorBody};
use sqlx::PgPool;
use uuid::Uuid;

use super::{HallCreated, HallDetail, HallInput, repository};
use crate::{error::CatalogError, state::AppState};

/// A hall as its editor needs it.
#[utoipa::path(get, path = "/halls/{id}", tag = "halls",
    params(
        ("id" = Uuid, Path, description = "The hall")),
    responses(
        (status = 200, description = "The hall", body = HallDetail),
        (status = 404, description = "No such hall", body = ErrorBody)))]
pub async fn get_hall(
    State(pool): State<PgPool>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<HallDetail>> {
    let hall = repository::detail(&pool, id)
        .await?
        .ok_or(CatalogError::NotFound("Hall"))?;
    Ok(Json(hall))
}

/// Adds a hall and the seats its layout gives to a cinema (admin).
#[utoipa::path(post, path = "/theaters/{id}/halls", tag = "halls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The cinema")),
    request_body = HallInput,
    responses(
        (status = 201, description = "The hall as added", body = HallCreated),
        (status = 404, description = "No such cinema", body = ErrorBody),
        (status = 409, description = "The cinema already has a hall with that name", body = ErrorBody),
        (status = 422, description = "Input that is not valid (the name, the layout, a blocked seat not in it): `detail` lists the fields", body = ErrorBody)))]
pub async fn create_hall(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(cinema_id): Path<Uuid>,
    Json(input): Json<HallInput>,
) -> ApiResult<(StatusCode, Json<HallCreated>)> {
    let id = super::create(&state, cinema_id, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(created(&state, id, &input).await?),
    ))
}

/// Renames a hall and replaces its layout and seats (admin), while no showtime is scheduled in it.
#[utoipa::path(put, path = "/halls/{id}", tag = "halls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The hall")),
    request_body = HallInput,
    responses(
        (status = 200, description = "The hall as saved", body = HallCreated),
        (status = 404, description = "No such hall", body = ErrorBody),
        (status = 409, description = "Showtimes are scheduled in the hall, or the cinema has another hall with that name", body = ErrorBody),
        (status = 422, description = "Input that is not valid (the name, the layout, a blocked seat not in it): `detail` lists the fields", body = ErrorBody)))]
pub async fn update_hall(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
    Json(input): Json<HallInput>,
) -> ApiResult<Json<HallCreated>> {
    super::replace_layout(&state, id, &input).await?;
    Ok(Json(created(&state, id, &input).await?))
}

async fn created(state: &AppState, id: Uuid, input: &HallInput) -> ApiResult<HallCreated> {
    Ok(HallCreated {
        id,
        name: input.name.trim().to_owned(),
        total_seats: repository::seat_count(&state.pool, id).await?,
    })
}

/// Deletes a hall no showtime refers to, with its seats (admin).
#[utoipa::path(delete, path = "/halls/{id}", tag = "halls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The hall")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such hall", body = ErrorBody),
        (status = 409, description = "The hall has showtimes and cannot be deleted", body = ErrorBody)))]
pub async fn delete_hall(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
