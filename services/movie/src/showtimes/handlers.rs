//! `GET /showtimes`, `GET /showtimes/{id}`, `GET /showtimes/{id}/seats`,
//! `GET /showtimes/{id}/seating`, `GET /showtimes/{id}/available-seats`; admin:
//! `POST /showtimes`, `PUT /showtimes/{id}`, `DELETE /showtimes/{id}` (cancels it).

use api_types::seats::ShowtimeSeating;
use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use service_kit::{
    ApiResult, Json, Path, Query,
    auth::{AdminUser, MaybeAuthUser},
    openapi::ErrorBody,
};
use uuid::Uuid;

use super::{
    Availability, MAX_SHOWTIMES_PAGE, SeatMap, Showtime, ShowtimeDetail, ShowtimeFilter,
    ShowtimeInput,
};
use crate::{error::CatalogError, state::AppState};

/// Every matching showtime, or with `limit` a page of them: then `X-Total-Count` says how many
/// match and a `Link` names the next page while there is one.
#[utoipa::path(get, path = "/showtimes", tag = "showtimes",
    params(
        ShowtimeFilter,
        ("cinema_id" = Option<Uuid>, Query, description = "Another name for `theater_id`"),
        ("show_date" = Option<chrono::NaiveDate>, Query,
            description = "The original's name for `date`"),
        ("skip" = Option<i64>, Query, minimum = 0,
            description = "The original's name for `offset`")),
    responses(
        (status = 200, description = "The showtimes still to come (or on `date`), by start", body = [Showtime], headers(
            ("X-Total-Count" = i64, description = "With `limit`: how many showtimes match in all"),
            ("Link" = String, description = "With `limit`, while there is a next page: `<?...&limit=L&offset=O>; rel=\"next\"`"))),
        (status = 400, description = "A query parameter holds a NUL character", body = ErrorBody),
        (status = 422, description = "A parameter is not valid, `limit` is outside 1-500 or `offset` is below 0", body = ErrorBody)))]
pub async fn list_showtimes(
    State(state): State<AppState>,
    Query(filter): Query<ShowtimeFilter>,
    uri: Uri,
) -> ApiResult<Response> {
    let limit_allowed = filter
        .limit
        .is_none_or(|limit| (1..=MAX_SHOWTIMES_PAGE).contains(&limit));
    if !limit_allowed || filter.offset < 0 {
        return Err(CatalogError::BadPage(format!(
            "limit must be 1-{MAX_SHOWTIMES_PAGE} and offset at least 0"
        ))
        .into());
    }
    let limit = filter.limit;
    let offset = filter.offset;
    let page = super::listing::list(&state, filter).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::ETAG, page.etag.clone());
    if let (Some(limit), Some(total)) = (limit, page.total) {
        headers.insert("x-total-count", HeaderValue::from(total));
        let next_offset = offset.saturating_add(limit);
        if next_offset < total {
            let next = super::page_link(&uri, limit, next_offset);
            headers.insert(header::LINK, next);
        }
    }
    Ok((headers, page.body.clone()).into_response())
}

/// One showtime with its seats left, its film and its cinema.
#[utoipa::path(get, path = "/showtimes/{id}", tag = "showtimes",
    params(
        ("id" = Uuid, Path, description = "The showtime")),
    responses(
        (status = 200, description = "The showtime", body = ShowtimeDetail),
        (status = 404, description = "No such showtime", body = ErrorBody)))]
pub async fn get_showtime(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShowtimeDetail>> {
    Ok(Json(super::detail(&state, id).await?))
}

/// The hall drawn from its layout, each seat with its type, price and status (available, held,
/// booked or blocked), and the version real-time changes follow.
///
/// With a token the caller's own holds are marked `mine`, and staff see the seats kept for the
/// box office as open.
#[utoipa::path(get, path = "/showtimes/{id}/seats", tag = "showtimes",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The showtime")),
    responses(
        (status = 200, description = "The seat map", body = SeatMap),
        (status = 404, description = "No such showtime", body = ErrorBody)))]
pub async fn get_seat_map(
    State(state): State<AppState>,
    headers: HeaderMap,
    MaybeAuthUser(caller): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let for_staff = caller.as_ref().is_some_and(|caller| caller.is_staff());
    if caller.is_none() {
        let map = super::public_seat_map_json(&state, id).await?;
        return Ok(([(header::CONTENT_TYPE, "application/json")], map).into_response());
    }
    let caller = caller
        .as_ref()
        .zip(authorization)
        .map(|(caller, authorization)| (caller.id, authorization));
    Ok(Json(super::seat_map(&state, id, caller, for_staff).await?).into_response())
}

/// What the booking service sells a showtime's seats by (each seat's price and whether it is
/// blocked, the start and status) with the catalog version it was read at, and no live
/// statuses, so that the booking service need not be asked back.
#[utoipa::path(get, path = "/showtimes/{id}/seating", tag = "showtimes",
    params(("id" = Uuid, Path, description = "The showtime")),
    responses(
        (status = 200, description = "What the showtime's seats are sold by", body = ShowtimeSeating),
        (status = 404, description = "No such showtime", body = ErrorBody)))]
pub async fn get_seating(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShowtimeSeating>> {
    Ok(Json(super::seating(&state, id).await?))
}

/// The original's summary of a showtime's seats.
#[utoipa::path(get, path = "/showtimes/{id}/available-seats", tag = "showtimes",
    params(("id" = Uuid, Path, description = "The showtime")),
    responses(
        (status = 200, description = "The counts, and the seats for sale and those sold", body = Availability),
        (status = 404, description = "No such showtime", body = ErrorBody)))]
pub async fn get_availability(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Availability>> {
    Ok(Json(super::availability(&state, id).await?))
}

/// The admin's own `Authorization`, for what the catalog asks other services in their name.
fn as_admin(headers: &HeaderMap) -> String {
    service_kit::auth::bearer_in(headers)
        .map_or_else(String::new, |token| format!("Bearer {token}"))
}

/// Schedules a showtime (admin): the hall is busy for the film plus the cleaning buffer.
#[utoipa::path(post, path = "/showtimes", tag = "showtimes",
    security(("bearer" = [])),
    request_body = ShowtimeInput,
    responses(
        (status = 201, description = "The showtime as scheduled", body = ShowtimeDetail),
        (status = 409, description = "The hall is busy then: it would overlap another showtime", body = ErrorBody),
        (status = 422, description = "Input that is not valid (no such film or hall, a start not in the future, a price or seat not allowed): `detail` lists the fields", body = ErrorBody)))]
pub async fn create_showtime(
    State(state): State<AppState>,
    _admin: AdminUser,
    headers: HeaderMap,
    Json(input): Json<ShowtimeInput>,
) -> ApiResult<(StatusCode, Json<ShowtimeDetail>)> {
    let id = super::save(&state, None, &input, &as_admin(&headers)).await?;
    Ok((StatusCode::CREATED, Json(super::detail(&state, id).await?)))
}

/// Moves or re-prices a scheduled showtime, under the same rules as scheduling it.
#[utoipa::path(put, path = "/showtimes/{id}", tag = "showtimes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The showtime")),
    request_body = ShowtimeInput,
    responses(
        (status = 200, description = "The showtime as saved", body = ShowtimeDetail),
        (status = 404, description = "No such scheduled showtime", body = ErrorBody),
        (status = 409, description = "The hall is busy then, or seats are booked and the film, hall or time would change", body = ErrorBody),
        (status = 422, description = "Input that is not valid (no such film or hall, a start not in the future, a price or seat not allowed): `detail` lists the fields", body = ErrorBody),
        (status = 503, description = "The booking service cannot say whether seats are booked (a move), or another dependency is unavailable", body = ErrorBody)))]
pub async fn update_showtime(
    State(state): State<AppState>,
    _admin: AdminUser,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    Json(input): Json<ShowtimeInput>,
) -> ApiResult<Json<ShowtimeDetail>> {
    super::save(&state, Some(id), &input, &as_admin(&headers)).await?;
    Ok(Json(super::detail(&state, id).await?))
}

/// Cancels a showtime that has not begun (admin); its bookings are cancelled and refunded.
#[utoipa::path(delete, path = "/showtimes/{id}", tag = "showtimes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The showtime")),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 404, description = "No such scheduled showtime", body = ErrorBody),
        (status = 409, description = "The showtime has already started", body = ErrorBody)))]
pub async fn cancel_showtime(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::cancel(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
