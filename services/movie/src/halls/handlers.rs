//! `GET /halls/{id}`; admin: `POST /theaters/{id}/halls`, `PUT /halls/{id}`,
//! `DELETE /halls/{id}`.

use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, auth::AdminUser};
use sqlx::PgPool;
use uuid::Uuid;

use super::{HallCreated, HallDetail, HallInput, repository};
use crate::{error::CatalogError, state::AppState};

/// A hall as its editor needs it.
pub async fn get_hall(
    State(pool): State<PgPool>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<HallDetail>> {
    let hall = repository::detail(&pool, id)
        .await?
        .ok_or(CatalogError::NotFound("Hall"))?;
    Ok(Json(hall))
}

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

pub async fn delete_hall(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
