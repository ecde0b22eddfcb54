//! `POST /holds`, `GET /holds?showtime_id=`, `POST /holds/{id}/extend`, `DELETE /holds/{id}`.

use api_types::holds::{Hold, SeatRequest};
use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, Query, auth::AuthUser};
use uuid::Uuid;

use super::bookings::viewer;
use crate::{domain::holds, state::AppState};

pub async fn create_hold(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<SeatRequest>,
) -> ApiResult<(StatusCode, Json<Hold>)> {
    let hold = holds::hold_seats(&state, &viewer(&caller), &request).await?;
    Ok((StatusCode::CREATED, Json(hold)))
}

#[derive(Debug, serde::Deserialize)]
pub struct HoldQuery {
    pub showtime_id: Uuid,
}

/// The caller's live hold in a showtime: a list of none or one, so a reloaded page can carry on.
pub async fn my_hold(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(query): Query<HoldQuery>,
) -> ApiResult<Json<Vec<Hold>>> {
    let hold = state.holds.current(caller.id, query.showtime_id).await?;
    Ok(Json(hold.into_iter().collect()))
}

pub async fn extend_hold(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Hold>> {
    Ok(Json(holds::extend(&state, caller.id, id).await?))
}

pub async fn release_hold(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    holds::release(&state, caller.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
