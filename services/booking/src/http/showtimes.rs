//! `GET /showtimes/{id}/seat-status` and `GET /showtimes/occupancy?ids=`: public reads of which
//! seats are taken (no one's identity is in them); `GET /showtimes/{id}/admissions` (staff): how
//! many are in; `POST`/`DELETE /showtimes/{id}/changes` (admins): bookings pause while the cinema
//! moves a showtime; `GET /accessible-releases` (admins): when accessible seats were freed.

use api_types::{
    seats::{Occupancy, SeatStatusResponse},
    tickets::AdmissionCounts,
};
use axum::{extract::State, http::StatusCode};
use service_kit::{
    ApiResult, Json, Path, Query,
    auth::{AdminUser, AuthUser, MaybeAuthUser},
};
use uuid::Uuid;

use super::bookings::viewer;
use crate::{
    domain::{admissions, showtimes},
    state::AppState,
};

/// Which seats are held or booked, and the version the live changes continue from; with a
/// token, the caller's own holds are marked.
pub async fn seat_status(
    State(state): State<AppState>,
    MaybeAuthUser(caller): MaybeAuthUser,
    Path(showtime_id): Path<Uuid>,
) -> ApiResult<Json<SeatStatusResponse>> {
    let caller = caller.map(|caller| caller.id);
    Ok(Json(
        showtimes::seat_status(&state, showtime_id, caller).await?,
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct OccupancyQuery {
    /// Comma-separated showtime ids.
    pub ids: String,
}

/// How many seats of each showtime are booked and how many held, so listings can say how many
/// are left.
pub async fn occupancy(
    State(state): State<AppState>,
    Query(query): Query<OccupancyQuery>,
) -> ApiResult<Json<Vec<Occupancy>>> {
    let ids = showtimes::parse_ids(&query.ids)?;
    Ok(Json(showtimes::occupancy(&state, &ids).await?))
}

/// Admins (the catalog, on their behalf): the showtime is about to be moved; 409 while any
/// booking of it is on, else bookings pause until `DELETE` (or a minute).
pub async fn begin_change(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(showtime_id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    showtimes::begin_change(&state, showtime_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn end_change(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(showtime_id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    showtimes::end_change(&state, showtime_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Staff: seats sold and seats let in at the door, for the check-in screen.
pub async fn admissions(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(showtime_id): Path<Uuid>,
) -> ApiResult<Json<AdmissionCounts>> {
    Ok(Json(
        admissions::counts(&state, &viewer(&caller), showtime_id).await?,
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct ReleasesQuery {
    pub showtime_id: Option<Uuid>,
}

/// Admins: when showtimes' wheelchair spaces and companion seats were freed for anyone, and by
/// which rule (newest first).
pub async fn accessible_releases(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Query(query): Query<ReleasesQuery>,
) -> ApiResult<Json<Vec<crate::repo::accessible_releases::Release>>> {
    Ok(Json(
        crate::domain::accessible::releases(&state, query.showtime_id).await?,
    ))
}
