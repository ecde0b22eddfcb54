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
#[utoipa::path(get, path = "/showtimes/{id}/seat-status", tag = "showtimes",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The showtime")),
    responses((status = 200, description = "The held and booked seats (none for a showtime no one has taken seats of)", body = SeatStatusResponse)))]
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

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OccupancyQuery {
    /// Comma-separated showtime ids.
    pub ids: String,
}

/// How many seats of each showtime are booked and how many held, so listings can say how many
/// are left.
#[utoipa::path(get, path = "/showtimes/occupancy", tag = "showtimes",
    params(OccupancyQuery),
    responses(
        (status = 200, description = "One entry for each showtime named, in their order", body = [Occupancy]),
        (status = 400, description = "More than 500 showtimes (`too_many_showtimes`)", body = service_kit::openapi::ErrorBody)))]
pub async fn occupancy(
    State(state): State<AppState>,
    Query(query): Query<OccupancyQuery>,
) -> ApiResult<Json<Vec<Occupancy>>> {
    let ids = showtimes::parse_ids(&query.ids)?;
    Ok(Json(showtimes::occupancy(&state, &ids).await?))
}

/// Admins (the catalog, on their behalf): the showtime is about to be moved; 409 while any
/// booking of it is on, else bookings pause until `DELETE` (or a minute).
#[utoipa::path(post, path = "/showtimes/{id}/changes", tag = "showtimes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The showtime")),
    responses(
        (status = 204, description = "Bookings of the showtime pause until `DELETE` (or a minute)"),
        (status = 403, description = "Not an admin", body = service_kit::openapi::ErrorBody),
        (status = 409, description = "Seats of it are booked or awaiting payment (`showtime_has_bookings`)", body = service_kit::openapi::ErrorBody)))]
pub async fn begin_change(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(showtime_id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    showtimes::begin_change(&state, showtime_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins (the catalog, on their behalf): the move is done or abandoned; bookings are taken again.
#[utoipa::path(delete, path = "/showtimes/{id}/changes", tag = "showtimes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The showtime")),
    responses(
        (status = 204, description = "Bookings of the showtime are taken again"),
        (status = 403, description = "Not an admin", body = service_kit::openapi::ErrorBody)))]
pub async fn end_change(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(showtime_id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    showtimes::end_change(&state, showtime_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Staff: seats sold and seats let in at the door, for the check-in screen.
#[utoipa::path(get, path = "/showtimes/{id}/admissions", tag = "showtimes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The showtime")),
    responses(
        (status = 200, description = "The counts (zero for a showtime without bookings)", body = AdmissionCounts),
        (status = 403, description = "Not staff (`staff_only`)", body = service_kit::openapi::ErrorBody)))]
pub async fn admissions(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(showtime_id): Path<Uuid>,
) -> ApiResult<Json<AdmissionCounts>> {
    Ok(Json(
        admissions::counts(&state, &viewer(&caller), showtime_id).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReleasesQuery {
    /// Only this showtime's release.
    pub showtime_id: Option<Uuid>,
}

/// Admins: when showtimes' wheelchair spaces and companion seats were freed for anyone, and by
/// which rule (newest first).
#[utoipa::path(get, path = "/accessible-releases", tag = "showtimes",
    security(("bearer" = [])),
    params(ReleasesQuery),
    responses(
        (status = 200, description = "The releases, newest first (at most 500)", body = [crate::repo::accessible_releases::Release]),
        (status = 403, description = "Not an admin", body = service_kit::openapi::ErrorBody)))]
pub async fn accessible_releases(
    State(state): State<AppState>,
    _admin: AdminUser,
    Query(query): Query<ReleasesQuery>,
) -> ApiResult<Json<Vec<crate::repo::accessible_releases::Release>>> {
    Ok(Json(
        crate::domain::accessible::releases(&state, query.showtime_id).await?,
    ))
}
