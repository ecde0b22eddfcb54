//! Showtimes: a movie in a hall at a time, with a price per seat type. Dates and times are
//! shown in the cinema's own time zone.

use std::collections::BTreeMap;

use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use service_kit::{ApiError, ApiResult, Json, Path, Query};
use sqlx::{PgPool, types::Json as SqlJson};
use uuid::Uuid;

use api_types::seats::{
    Occupancy, SaleSeat, SeatStatus, SeatStatusResponse, ShowtimeSeating, ShowtimeStatus,
};

use crate::{
    cinemas::{self, Cinema},
    movies::{MovieResponse, repository as movies},
};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Showtime {
    pub id: Uuid,
    pub movie_id: Uuid,
    pub movie_title: String,
    pub theater_id: Uuid,
    pub theater_name: String,
    pub city: String,
    pub hall_id: Uuid,
    pub hall_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub show_date: String,
    pub show_time: String,
    pub format: String,
    pub audio_language: String,
    pub subtitle_language: Option<String>,
    /// Price per seat type, whole VND.
    pub prices: SqlJson<BTreeMap<String, i64>>,
    /// The standard seat's price, as the original reported one price.
    pub price: i64,
    pub total_seats: i64,
    pub available_seats: i64,
    pub status: String,
}

macro_rules! select_showtimes {
    ($rest:literal) => {
        concat!(
            r#"SELECT s.id, s.movie_id, m.title AS movie_title, h.cinema_id AS theater_id,
                      c.name AS theater_name, c.city, s.hall_id, h.name AS hall_name,
                      s.starts_at, s.ends_at,
                      to_char(s.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD') AS show_date,
                      to_char(s.starts_at AT TIME ZONE c.time_zone, 'HH24:MI:SS') AS show_time,
                      s.format, s.audio_language, s.subtitle_language, s.prices,
                      (s.prices ->> 'standard')::int8 AS price,
                      counts.total AS total_seats, counts.open AS available_seats, s.status
               FROM showtimes s
               JOIN halls h ON h.id = s.hall_id
               JOIN cinemas c ON c.id = h.cinema_id
               JOIN movies m ON m.id = s.movie_id
               CROSS JOIN LATERAL (
                   SELECT count(*) AS total, count(*) FILTER (WHERE NOT is_blocked) AS open
                   FROM seats WHERE seats.hall_id = s.hall_id
               ) counts "#,
            $rest
        )
    };
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowtimeFilter {
    pub movie_id: Option<Uuid>,
    /// The cinema; `cinema_id` is accepted too.
    #[serde(alias = "cinema_id")]
    pub theater_id: Option<Uuid>,
    pub city: Option<String>,
    /// A day in the cinema's time zone.
    pub date: Option<NaiveDate>,
    #[serde(default = "default_limit")]
    pub limit: i64,
    #[serde(default)]
    pub offset: i64,
}

fn default_limit() -> i64 {
    200
}

pub async fn list(
    State(state): State<crate::AppState>,
    Query(filter): Query<ShowtimeFilter>,
) -> ApiResult<Json<Vec<Showtime>>> {
    if !(1..=500).contains(&filter.limit) || filter.offset < 0 {
        return Err(ApiError::Rejected {
            status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            detail: "limit must be 1-500 and offset at least 0".into(),
        });
    }
    let showtimes = sqlx::query_as::<_, Showtime>(select_showtimes!(
        "WHERE s.status = 'scheduled'
           AND ($1::uuid IS NULL OR s.movie_id = $1)
           AND ($2::uuid IS NULL OR h.cinema_id = $2)
           AND ($3::text IS NULL OR lower(c.city) = lower($3))
           AND CASE WHEN $4::date IS NULL THEN s.starts_at > now()
                    ELSE (s.starts_at AT TIME ZONE c.time_zone)::date = $4 END
         ORDER BY s.starts_at, c.name, h.name
         LIMIT $5 OFFSET $6"
    ))
    .bind(filter.movie_id)
    .bind(filter.theater_id)
    .bind(crate::given(&filter.city))
    .bind(filter.date)
    .bind(filter.limit)
    .bind(filter.offset)
    .fetch_all(&state.pool)
    .await?;
    let mut showtimes = showtimes;
    subtract_taken(&state, &mut showtimes).await;
    Ok(Json(showtimes))
}

/// How many seats of each showtime are booked and held, from the booking service.
pub async fn occupancy(
    state: &crate::AppState,
    ids: &[Uuid],
) -> Result<Vec<Occupancy>, service_kit::http_client::CallError> {
    let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    state
        .booking
        .get_json(&format!("/showtimes/occupancy?ids={}", ids.join(",")), None)
        .await
}

/// Takes the seats booked or held out of each showtime's `available_seats`. Without the
/// booking service the counts stay those of the hall's open seats.
async fn subtract_taken(state: &crate::AppState, showtimes: &mut [Showtime]) {
    if showtimes.is_empty() {
        return;
    }
    let ids: Vec<Uuid> = showtimes.iter().map(|showtime| showtime.id).collect();
    match occupancy(state, &ids).await {
        Ok(counts) => {
            for showtime in showtimes {
                if let Some(count) = counts.iter().find(|count| count.showtime_id == showtime.id) {
                    showtime.available_seats =
                        (showtime.available_seats - count.booked - count.held).max(0);
                }
            }
        }
        Err(error) => tracing::warn!(%error, "seat counts unavailable; showing the hall's"),
    }
}

async fn find(pool: &PgPool, id: Uuid) -> ApiResult<Showtime> {
    sqlx::query_as::<_, Showtime>(select_showtimes!("WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| ApiError::NotFound("Showtime not found".into()))
}

#[derive(Debug, Serialize)]
pub struct ShowtimeDetail {
    #[serde(flatten)]
    pub showtime: Showtime,
    pub movie: MovieResponse,
    pub theater: Cinema,
}

pub async fn get_one(
    State(state): State<crate::AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShowtimeDetail>> {
    let pool = &state.pool;
    let mut showtime = find(pool, id).await?;
    subtract_taken(&state, std::slice::from_mut(&mut showtime)).await;
    let movie = movies::find(pool, showtime.movie_id)
        .await?
        .ok_or_else(|| ApiError::NotFound("Movie not found".into()))?;
    let Json(theater) = cinemas::get_one(State(pool.clone()), Path(showtime.theater_id)).await?;
    Ok(Json(ShowtimeDetail {
        showtime,
        movie: movie.into(),
        theater,
    }))
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct MapSeat {
    pub id: Uuid,
    pub seat_row: String,
    pub seat_number: i32,
    pub grid_row: i32,
    pub grid_column: i32,
    pub seat_type: String,
    pub pair_with: Option<i32>,
    #[sqlx(skip)]
    pub price: i64,
    #[sqlx(skip)]
    pub status: SeatStatus,
    /// Held by the caller.
    #[sqlx(skip)]
    pub mine: bool,
    #[serde(skip)]
    pub is_blocked: bool,
}

#[derive(Debug, Serialize)]
pub struct SeatMap {
    pub showtime_id: Uuid,
    pub starts_at: DateTime<Utc>,
    /// `scheduled`, or `cancelled`: a cancelled showtime's seats are not on sale.
    pub showtime_status: String,
    /// Increases with every seat change of the showtime (holds and bookings come with them).
    pub version: i64,
    pub hall_id: Uuid,
    pub hall_name: String,
    pub layout: Vec<String>,
    pub rows: usize,
    pub columns: usize,
    pub prices: BTreeMap<String, i64>,
    pub total_seats: i64,
    pub available_seats: i64,
    /// False when holds and bookings could not be read (the booking service is down): the
    /// statuses then show only blocked seats.
    pub live: bool,
    pub seats: Vec<MapSeat>,
}

/// Holds and bookings from the booking service, with the caller's token so its own holds
/// are marked.
async fn live_status(
    state: &crate::AppState,
    showtime_id: Uuid,
    authorization: Option<&axum::http::HeaderValue>,
) -> Option<SeatStatusResponse> {
    let authorization = authorization.and_then(|value| value.to_str().ok());
    match state
        .booking
        .get_json(
            &format!("/showtimes/{showtime_id}/seat-status"),
            authorization,
        )
        .await
    {
        Ok(status) => Some(status),
        Err(error) => {
            tracing::warn!(%error, "seat statuses unavailable; showing the layout only");
            None
        }
    }
}

/// The hall's layout rows and its seats in grid order, each priced for the showtime (statuses
/// not yet filled in).
async fn hall_seats(pool: &PgPool, showtime: &Showtime) -> ApiResult<(Vec<String>, Vec<MapSeat>)> {
    let layout: Vec<String> = sqlx::query_scalar("SELECT layout FROM halls WHERE id = $1")
        .bind(showtime.hall_id)
        .fetch_one(pool)
        .await?;
    let mut seats = sqlx::query_as::<_, MapSeat>(
        "SELECT id, seat_row, seat_number, grid_row, grid_column, seat_type, pair_with, is_blocked
         FROM seats WHERE hall_id = $1 ORDER BY grid_row, grid_column",
    )
    .bind(showtime.hall_id)
    .fetch_all(pool)
    .await?;
    let prices = &showtime.prices.0;
    for seat in &mut seats {
        seat.price = prices
            .get(&seat.seat_type)
            .or_else(|| prices.get("standard"))
            .copied()
            .unwrap_or_default();
    }
    Ok((layout, seats))
}

/// `GET /showtimes/{id}/seating`: what the booking service sells a showtime's seats by (each
/// seat's price and whether it is blocked, the start and status) with the catalog version it
/// was read at, and no live statuses, so that the booking service need not be asked back.
pub async fn seating(
    State(state): State<crate::AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShowtimeSeating>> {
    // Read before the data, so the version a copy is kept under is never newer than it.
    let catalog_version = state.cache.current_version().await?;
    let showtime = find(&state.pool, id).await?;
    let (_, seats) = hall_seats(&state.pool, &showtime).await?;
    Ok(Json(ShowtimeSeating {
        showtime_id: showtime.id,
        starts_at: showtime.starts_at,
        status: if showtime.status == "cancelled" {
            ShowtimeStatus::Cancelled
        } else {
            ShowtimeStatus::Scheduled
        },
        catalog_version,
        seats: seats
            .into_iter()
            .map(|seat| SaleSeat {
                id: seat.id,
                seat_row: seat.seat_row,
                seat_number: seat.seat_number,
                seat_type: seat.seat_type,
                pair_with: seat.pair_with,
                price: seat.price,
                blocked: seat.is_blocked,
            })
            .collect(),
    }))
}

/// `GET /showtimes/{id}/seats`: the hall drawn from its layout, each seat with its type, price
/// and status (available, held, booked or blocked), and the version real-time changes follow.
pub async fn seat_map(
    State(state): State<crate::AppState>,
    headers: axum::http::HeaderMap,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<SeatMap>> {
    let showtime = find(&state.pool, id).await?;
    let (layout, mut seats) = hall_seats(&state.pool, &showtime).await?;
    let live = live_status(&state, id, headers.get(axum::http::header::AUTHORIZATION)).await;
    for seat in &mut seats {
        let taken = live
            .as_ref()
            .and_then(|live| live.seats.iter().find(|taken| taken.seat_id == seat.id));
        (seat.status, seat.mine) = match taken {
            _ if seat.is_blocked => (SeatStatus::Blocked, false),
            Some(taken) => (taken.status, taken.mine),
            None => (SeatStatus::Available, false),
        };
    }
    let prices = showtime.prices.0.clone();
    let available_seats = seats
        .iter()
        .filter(|seat| seat.status == SeatStatus::Available)
        .count() as i64;
    Ok(Json(SeatMap {
        showtime_id: showtime.id,
        starts_at: showtime.starts_at,
        showtime_status: showtime.status,
        version: live.as_ref().map_or(0, |live| live.version),
        hall_id: showtime.hall_id,
        hall_name: showtime.hall_name,
        rows: layout.len(),
        columns: layout
            .iter()
            .map(|row| row.chars().count())
            .max()
            .unwrap_or(0),
        layout,
        prices,
        total_seats: showtime.total_seats,
        available_seats,
        live: live.is_some(),
        seats,
    }))
}

#[derive(Debug, Serialize)]
pub struct Availability {
    pub showtime_id: Uuid,
    pub total_seats: i64,
    pub available_count: i64,
    pub booked_count: i64,
    pub held_count: i64,
    pub blocked_count: i64,
}

/// `GET /showtimes/{id}/available-seats`, the original's summary of a showtime's seats, counted
/// from the same live statuses as the seat map.
pub async fn availability(
    State(state): State<crate::AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Availability>> {
    let Json(map) = seat_map(State(state), axum::http::HeaderMap::new(), Path(id)).await?;
    let count = |status: SeatStatus| {
        map.seats
            .iter()
            .filter(|seat| seat.status == status)
            .count() as i64
    };
    Ok(Json(Availability {
        showtime_id: map.showtime_id,
        total_seats: map.total_seats,
        available_count: count(SeatStatus::Available),
        booked_count: count(SeatStatus::Booked),
        held_count: count(SeatStatus::Held),
        blocked_count: count(SeatStatus::Blocked),
    }))
}
