//! `GET /holds?showtime_id=`, `POST /holds`, `POST /holds/{id}/extend`, `DELETE /holds/{id}`.

use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, Query, auth::AuthUser};
use uuid::Uuid;

use crate::{
    AppState,
    bookings::{self, SeatRequest},
    holds::Hold,
    seats,
};

pub async fn create(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<SeatRequest>,
) -> ApiResult<(StatusCode, Json<Hold>)> {
    let map = seats::seat_map(&state.movie, request.showtime_id).await?;
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
        return Err(bookings::taken(booked));
    }
    let hold = state
        .holds
        .acquire(caller.id, request.showtime_id, &chosen)
        .await?;
    state
        .holds
        .announce(hold.showtime_id, "held", &hold.seat_ids)
        .await;
    Ok((StatusCode::CREATED, Json(hold)))
}

#[derive(Debug, serde::Deserialize)]
pub struct HoldQuery {
    pub showtime_id: Uuid,
}

/// The caller's live hold in a showtime: a list of none or one, so a reloaded page can carry on.
pub async fn mine(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(query): Query<HoldQuery>,
) -> ApiResult<Json<Vec<Hold>>> {
    let hold = state.holds.current(caller.id, query.showtime_id).await?;
    Ok(Json(hold.into_iter().collect()))
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
    state
        .holds
        .announce(hold.showtime_id, "available", &hold.seat_ids)
        .await;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Serialize)]
pub struct SeatState {
    pub seat_id: Uuid,
    pub status: &'static str,
    /// Held by the caller (only with the caller's token).
    pub mine: bool,
}

#[derive(Debug, serde::Serialize)]
pub struct SeatStatus {
    pub showtime_id: Uuid,
    pub version: i64,
    pub seats: Vec<SeatState>,
}

/// `GET /showtimes/{id}/seat-status`: which seats are held or booked, and the version the
/// real-time changes continue from. Public (no one's identity is in it); with a token, the
/// caller's own holds are marked.
pub async fn seat_status(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(showtime_id): Path<Uuid>,
) -> ApiResult<Json<SeatStatus>> {
    let caller = match headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
    {
        Some(token) => state
            .verifier
            .verify(token.trim())
            .await
            .ok()
            .map(|claims| claims.sub),
        None => None,
    };
    let (version, held) = state.holds.snapshot(showtime_id).await?;
    let booked: Vec<Uuid> =
        sqlx::query_scalar("SELECT seat_id FROM booking_seats WHERE showtime_id = $1 AND active")
            .bind(showtime_id)
            .fetch_all(&state.pool)
            .await?;
    let mut seats: Vec<SeatState> = booked
        .iter()
        .map(|seat_id| SeatState {
            seat_id: *seat_id,
            status: "booked",
            mine: false,
        })
        .collect();
    seats.extend(
        held.into_iter()
            .filter(|(seat_id, _)| !booked.contains(seat_id))
            .map(|(seat_id, holder)| SeatState {
                seat_id,
                status: "held",
                mine: Some(holder) == caller,
            }),
    );
    Ok(Json(SeatStatus {
        showtime_id,
        version,
        seats,
    }))
}

#[derive(Debug, serde::Deserialize)]
pub struct OccupancyQuery {
    /// Comma-separated showtime ids.
    pub ids: String,
}

#[derive(Debug, serde::Serialize)]
pub struct Occupancy {
    pub showtime_id: Uuid,
    pub booked: i64,
    pub held: i64,
}

/// Showtimes listed at once (a day's programme of a city is well below this).
const MAX_OCCUPANCY_IDS: usize = 500;

/// `GET /showtimes/occupancy?ids=a,b,...`: how many seats of each showtime are booked and how
/// many held, so listings can say how many are left. Public, like the seat statuses.
pub async fn occupancy(
    State(state): State<AppState>,
    Query(query): Query<OccupancyQuery>,
) -> ApiResult<Json<Vec<Occupancy>>> {
    let ids = query
        .ids
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::parse::<Uuid>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            service_kit::ApiError::Validation(vec![service_kit::FieldError {
                loc: vec!["query".into(), "ids".into()],
                msg: "ids are comma-separated showtime ids".into(),
                kind: "value_error",
            }])
        })?;
    if ids.len() > MAX_OCCUPANCY_IDS {
        return Err(service_kit::ApiError::BadRequest(format!(
            "At most {MAX_OCCUPANCY_IDS} showtimes at once"
        )));
    }
    let booked: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT showtime_id, seat_id FROM booking_seats WHERE showtime_id = ANY($1) AND active",
    )
    .bind(&ids)
    .fetch_all(&state.pool)
    .await?;
    let held = state.holds.held_seats(&ids).await?;
    Ok(Json(
        ids.iter()
            .map(|&showtime_id| {
                let booked_here: Vec<Uuid> = booked
                    .iter()
                    .filter(|(showtime, _)| *showtime == showtime_id)
                    .map(|(_, seat)| *seat)
                    .collect();
                let held_here = held.get(&showtime_id).map_or(0, |seats| {
                    seats
                        .iter()
                        .filter(|seat| !booked_here.contains(seat))
                        .count()
                });
                Occupancy {
                    showtime_id,
                    booked: booked_here.len() as i64,
                    held: held_here as i64,
                }
            })
            .collect(),
    ))
}
