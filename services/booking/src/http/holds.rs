//! `POST /holds`, `GET /holds?showtime_id=`, `POST /holds/{id}/extend`, `DELETE /holds/{id}`.

use api_types::holds::{Hold, SeatRequest};
use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, Query, auth::AuthUser};
use uuid::Uuid;

use super::bookings::viewer;
use crate::{domain::holds, state::AppState};

/// What a refused hold or booking answers (409): the error, and for seats someone else holds or
/// has booked (`code` `seats_taken`) their labels in `conflicts`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Only described: `ApiError::ConflictOver` writes it.
pub struct SeatConflict {
    #[serde(flatten)]
    pub error: service_kit::openapi::ErrorBody,
    /// The seats in the way (labels); absent for refusals about the showtime or the customer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
}

/// Holds seats for the caller, named or the best available for a group.
#[utoipa::path(post, path = "/holds", tag = "holds",
    security(("bearer" = [])),
    request_body(content = SeatRequest, description = "The showtime and its seats (ids or labels), or `best_available` instead of seats"),
    responses(
        (status = 201, description = "The seats are held for the caller until `expires_at`", body = Hold),
        (status = 400, description = "No seats, more than 10, a seat the showtime does not have (`unknown_seats`) or one not for sale (`not_for_sale`); or a body that is not well-formed JSON", body = service_kit::openapi::ErrorBody),
        (status = 404, description = "No such showtime (`showtime_not_found`)", body = service_kit::openapi::ErrorBody),
        (status = 409, description = "Seats taken (`seats_taken`, with `conflicts`); the \
            showtime cancelled (`showtime_cancelled`) or started (`showtime_started`); seats \
            kept for the box office, online (`kept_for_box_office`, `params.until`); wheelchair \
            spaces not confirmed (`wheelchair_space_unconfirmed`), companion seats without \
            their space (`companion_without_space`); a customer's seat limit \
            (`customer_seat_limit`, `params.limit`), seats they let go of a moment ago \
            (`seats_resting`, `params.minutes`); no room for the group of `best_available` \
            (`no_room_for`)", body = SeatConflict)))]
pub async fn create_hold(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<SeatRequest>,
) -> ApiResult<(StatusCode, Json<Hold>)> {
    let hold = holds::hold_seats(&state, &viewer(&caller), &request).await?;
    Ok((StatusCode::CREATED, Json(hold)))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HoldQuery {
    /// The showtime.
    pub showtime_id: Uuid,
}

/// The caller's live hold in a showtime: a list of none or one, so a reloaded page can carry on.
#[utoipa::path(get, path = "/holds", tag = "holds",
    security(("bearer" = [])),
    params(HoldQuery),
    responses((status = 200, description = "The caller's live hold there, if any", body = [Hold])))]
pub async fn my_hold(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(query): Query<HoldQuery>,
) -> ApiResult<Json<Vec<Hold>>> {
    let hold = state.holds.current(caller.id, query.showtime_id).await?;
    Ok(Json(hold.into_iter().collect()))
}

/// Gives the caller's hold one more lifetime, once.
#[utoipa::path(post, path = "/holds/{id}/extend", tag = "holds",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The hold")),
    responses(
        (status = 200, description = "The hold, extended", body = Hold),
        (status = 400, description = "Already extended once (`hold_already_extended`)", body = service_kit::openapi::ErrorBody),
        (status = 404, description = "No such live hold of the caller's (`hold_not_found`)", body = service_kit::openapi::ErrorBody),
        (status = 409, description = "The hold lapsed meanwhile (`hold_lapsed`)", body = service_kit::openapi::ErrorBody)))]
pub async fn extend_hold(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Hold>> {
    Ok(Json(holds::extend(&state, caller.id, id).await?))
}

/// Ends the caller's hold; its seats are free again.
#[utoipa::path(delete, path = "/holds/{id}", tag = "holds",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The hold")),
    responses(
        (status = 204, description = "Released"),
        (status = 404, description = "No such live hold of the caller's (`hold_not_found`)", body = service_kit::openapi::ErrorBody)))]
pub async fn release_hold(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    holds::release(&state, caller.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
