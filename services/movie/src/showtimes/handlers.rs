//! `GET /showtimes`, `GET /showtimes/{id}`, `GET /showtimes/{id}/seats`,
//! `GET /showtimes/{id}/seating`, `GET /showtimes/{id}/available-seats`; admin:
//! `POST /showtimes`, `PUT /showtimes/{id}`, `DELETE /showtimes/{id}` (cancels it).

use api_types::seats::ShowtimeSeating;
use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header},
};
use service_kit::{
    ApiResult, Json, Path, Query,
    auth::{AdminUser, MaybeAuthUser},
};
use uuid::Uuid;

use super::{
    Availability, MAX_SHOWTIMES_PAGE, SeatMap, Showtime, ShowtimeDetail, ShowtimeFilter,
    ShowtimeInput,
};
use crate::{error::CatalogError, state::AppState};

/// Every matching showtime, or with `limit` a page of them: then `X-Total-Count` says how many
/// match and a `Link` names the next page while there is one.
pub async fn list_showtimes(
    State(state): State<AppState>,
    Query(filter): Query<ShowtimeFilter>,
    uri: Uri,
) -> ApiResult<(HeaderMap, Json<Vec<Showtime>>)> {
    let limit_allowed = filter
        .limit
        .is_none_or(|limit| (1..=MAX_SHOWTIMES_PAGE).contains(&limit));
    if !limit_allowed || filter.offset < 0 {
        return Err(CatalogError::BadPage(format!(
            "limit must be 1-{MAX_SHOWTIMES_PAGE} and offset at least 0"
        ))
        .into());
    }
    let mut showtimes = super::repository::list(&state.pool, &filter).await?;
    let mut headers = HeaderMap::new();
    if let Some(limit) = filter.limit {
        let total = super::repository::count(&state.pool, &filter).await?;
        headers.insert("x-total-count", HeaderValue::from(total));
        let next_offset = filter.offset + limit;
        if next_offset < total {
            let next = super::page_link(&uri, limit, next_offset);
            headers.insert(header::LINK, next);
        }
    }
    super::subtract_taken(&state, &mut showtimes).await;
    Ok((headers, Json(showtimes)))
}

pub async fn get_showtime(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShowtimeDetail>> {
    Ok(Json(super::detail(&state, id).await?))
}

/// The hall drawn from its layout, each seat with its type, price and status (available, held,
/// booked or blocked), and the version real-time changes follow.
pub async fn get_seat_map(
    State(state): State<AppState>,
    headers: HeaderMap,
    MaybeAuthUser(caller): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<SeatMap>> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let for_staff = caller.as_ref().is_some_and(|caller| caller.is_staff());
    let caller = caller
        .as_ref()
        .zip(authorization)
        .map(|(caller, authorization)| (caller.id, authorization));
    Ok(Json(super::seat_map(&state, id, caller, for_staff).await?))
}

/// What the booking service sells a showtime's seats by (each seat's price and whether it is
/// blocked, the start and status) with the catalog version it was read at, and no live
/// statuses, so that the booking service need not be asked back.
pub async fn get_seating(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShowtimeSeating>> {
    Ok(Json(super::seating(&state, id).await?))
}

/// The original's summary of a showtime's seats.
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

pub async fn cancel_showtime(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::cancel(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
