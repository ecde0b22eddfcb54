//! `POST /holds`, `POST /holds/{id}/extend`, `DELETE /holds/{id}`.

use axum::{extract::State, http::StatusCode};
use service_kit::{ApiError, ApiResult, Json, Path, auth::AuthUser};
use uuid::Uuid;

use crate::{AppState, bookings::SeatRequest, holds::Hold, seats};

pub async fn create(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<SeatRequest>,
) -> ApiResult<(StatusCode, Json<Hold>)> {
    let map = seats::seat_map(&state.http, &state.movie_url, request.showtime_id).await?;
    let chosen = seats::resolve(&map, &request.seat_ids)?;
    let seat_ids: Vec<Uuid> = chosen.iter().map(|seat| seat.id).collect();
    let booked: Vec<String> = sqlx::query_scalar(
        "SELECT seat_label FROM booking_seats
         WHERE showtime_id = $1 AND seat_id = ANY($2) AND active ORDER BY seat_label",
    )
    .bind(request.showtime_id)
    .bind(&seat_ids)
    .fetch_all(&state.pool)
    .await?;
    if !booked.is_empty() {
        return Err(ApiError::Conflict(format!(
            "Seats already taken: {}",
            booked.join(", ")
        )));
    }
    let hold = state
        .holds
        .acquire(caller.id, request.showtime_id, &chosen)
        .await?;
    Ok((StatusCode::CREATED, Json(hold)))
}

pub async fn extend(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Hold>> {
    let hold = state.holds.find(id, caller.id).await?;
    Ok(Json(state.holds.extend(hold).await?))
}

pub async fn release(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let hold = state.holds.find(id, caller.id).await?;
    state.holds.release(&hold).await;
    Ok(StatusCode::NO_CONTENT)
}
