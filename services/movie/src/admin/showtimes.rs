use std::collections::BTreeMap;

use axum::{extract::State, http::StatusCode};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use service_kit::{
    ApiError, ApiResult, Json, Path, Validator,
    auth::AdminUser,
    correlation::CorrelationId,
    events::{Event, outbox},
};
use uuid::Uuid;

use crate::{AppState, showtimes};

const FORMATS: [&str; 3] = ["2D", "3D", "IMAX"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowtimeInput {
    pub movie_id: Uuid,
    pub hall_id: Uuid,
    /// The start as an instant...
    pub starts_at: Option<DateTime<Utc>>,
    /// ...or as the cinema's wall-clock time, e.g. `2026-11-27T19:30`.
    pub local_start: Option<NaiveDateTime>,
    #[serde(default = "default_format")]
    pub format: String,
    pub audio_language: String,
    pub subtitle_language: Option<String>,
    /// Whole VND per seat type; `standard` is required, other types default to it.
    pub prices: BTreeMap<String, i64>,
}

fn default_format() -> String {
    "2D".into()
}

/// Schedules a showtime. The hall is busy for the film plus the cleaning buffer; a showtime
/// that would overlap another in the hall is a 409 naming the one in the way.
pub async fn create(
    State(state): State<AppState>,
    _admin: AdminUser,
    Json(input): Json<ShowtimeInput>,
) -> ApiResult<(StatusCode, Json<showtimes::ShowtimeDetail>)> {
    let id = save(&state, None, input).await?;
    let Json(detail) = showtimes::get_one(State(state), Path(id)).await?;
    Ok((StatusCode::CREATED, Json(detail)))
}

/// Moves or re-prices a scheduled showtime, under the same rules as scheduling it.
pub async fn update(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
    Json(input): Json<ShowtimeInput>,
) -> ApiResult<Json<showtimes::ShowtimeDetail>> {
    save(&state, Some(id), input).await?;
    showtimes::get_one(State(state), Path(id)).await
}

async fn save(state: &AppState, id: Option<Uuid>, input: ShowtimeInput) -> ApiResult<Uuid> {
    let starts_at = match (input.starts_at, input.local_start) {
        (Some(starts_at), _) => starts_at,
        (None, Some(local)) => sqlx::query_scalar::<_, DateTime<Utc>>(
            "SELECT $1::timestamp AT TIME ZONE c.time_zone
             FROM halls h JOIN cinemas c ON c.id = h.cinema_id WHERE h.id = $2",
        )
        .bind(local)
        .bind(input.hall_id)
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(|| super::invalid("hall_id", "No such hall"))?,
        (None, None) => return Err(super::invalid("starts_at", "A start time is required")),
    };
    let known_types = ["standard", "vip", "couple", "wheelchair", "companion"];
    Validator::default()
        .check(FORMATS.contains(&input.format.as_str()), "format", "Use 2D, 3D or IMAX")
        .check(
            !input.audio_language.trim().is_empty(),
            "audio_language",
            "An audio language is required",
        )
        .check(input.prices.contains_key("standard"), "prices", "A standard price is required")
        .check(
            input.prices.iter().all(|(kind, price)| {
                known_types.contains(&kind.as_str()) && (0..=100_000_000).contains(price)
            }),
            "prices",
            "Prices are whole VND, 0-100,000,000, for standard, vip, couple, wheelchair or companion seats",
        )
        .check(starts_at > Utc::now(), "starts_at", "A showtime must start in the future")
        .finish()?;
    let duration: i32 = sqlx::query_scalar("SELECT duration_minutes FROM movies WHERE id = $1")
        .bind(input.movie_id)
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(|| super::invalid("movie_id", "No such movie"))?;
    let hall_exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM halls WHERE id = $1)")
        .bind(input.hall_id)
        .fetch_one(&state.pool)
        .await?;
    if !hall_exists {
        return Err(super::invalid("hall_id", "No such hall"));
    }
    if let Some(id) = id {
        let current: Option<(Uuid, Uuid, DateTime<Utc>)> =
            sqlx::query_as("SELECT movie_id, hall_id, starts_at FROM showtimes WHERE id = $1")
                .bind(id)
                .fetch_optional(&state.pool)
                .await?;
        let moves = current.is_some_and(|(movie_id, hall_id, current_start)| {
            (movie_id, hall_id, current_start) != (input.movie_id, input.hall_id, starts_at)
        });
        if moves {
            refuse_if_sold(state, id, "moved to another film, hall or time").await?;
        }
    }
    let busy_minutes = duration + state.cleaning_buffer_minutes;
    let statement = match id {
        None => sqlx::query_scalar::<_, Uuid>(
            "INSERT INTO showtimes (movie_id, hall_id, starts_at, ends_at, format, audio_language,
                                    subtitle_language, prices)
             VALUES ($1, $2, $3, $3 + make_interval(mins => $4), $5, $6, $7, $8) RETURNING id",
        ),
        Some(_) => sqlx::query_scalar::<_, Uuid>(
            "UPDATE showtimes SET movie_id = $1, hall_id = $2, starts_at = $3,
                    ends_at = $3 + make_interval(mins => $4), format = $5, audio_language = $6,
                    subtitle_language = $7, prices = $8, updated_at = now()
             WHERE id = $9 AND status = 'scheduled' RETURNING id",
        ),
    };
    let saved = statement
        .bind(input.movie_id)
        .bind(input.hall_id)
        .bind(starts_at)
        .bind(busy_minutes)
        .bind(&input.format)
        .bind(input.audio_language.trim())
        .bind(input.subtitle_language.as_deref().map(str::trim))
        .bind(sqlx::types::Json(&input.prices))
        .bind(id)
        .fetch_optional(&state.pool)
        .await;
    let saved = match saved {
        Ok(Some(id)) => id,
        Ok(None) => return Err(ApiError::NotFound("Showtime not found".into())),
        Err(error)
            if error.as_database_error().and_then(|db| db.constraint())
                == Some("showtimes_no_overlap") =>
        {
            return Err(ApiError::Conflict(
                overlap_message(state, input.hall_id, starts_at, busy_minutes, id).await?,
            ));
        }
        Err(error) => return Err(error.into()),
    };
    state.cache.invalidate().await?;
    Ok(saved)
}

async fn overlap_message(
    state: &AppState,
    hall_id: Uuid,
    starts_at: DateTime<Utc>,
    busy_minutes: i32,
    moving: Option<Uuid>,
) -> ApiResult<String> {
    let clash: Option<(String, String)> = sqlx::query_as(
        "SELECT m.title, to_char(s.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD HH24:MI')
         FROM showtimes s JOIN movies m ON m.id = s.movie_id
         JOIN halls h ON h.id = s.hall_id JOIN cinemas c ON c.id = h.cinema_id
         WHERE s.hall_id = $1 AND s.status = 'scheduled' AND s.id IS DISTINCT FROM $4
           AND tstzrange(s.starts_at, s.ends_at) && tstzrange($2, $2 + make_interval(mins => $3))
         ORDER BY s.starts_at LIMIT 1",
    )
    .bind(hall_id)
    .bind(starts_at)
    .bind(busy_minutes)
    .bind(moving)
    .fetch_optional(&state.pool)
    .await?;
    Ok(match clash {
        Some((title, at)) => format!(
            "The hall is busy then: it would overlap {title} at {at} (film length plus {} minutes of cleaning)",
            state.cleaning_buffer_minutes
        ),
        None => "The hall is busy then".into(),
    })
}

/// A showtime with tickets sold keeps its film, hall and time: the tickets name them. (Its
/// prices may change; bookings keep what they were sold at.) Asking the booking service is
/// required: when it cannot answer, nothing changes.
async fn refuse_if_sold(state: &AppState, id: Uuid, change: &str) -> ApiResult<()> {
    let counts = showtimes::occupancy(state, &[id]).await.map_err(|error| {
        ApiError::Unavailable(format!("cannot tell whether tickets are sold: {error}"))
    })?;
    let sold: i64 = counts.iter().map(|count| count.booked).sum();
    if sold > 0 {
        return Err(ApiError::Conflict(format!(
            "{sold} seat(s) of this showtime are booked, so it cannot be {change}; \
             the bookings must be cancelled (and refunded) first"
        )));
    }
    Ok(())
}

/// Cancels a showtime; it stays on record, and its time in the hall is free again. Tickets
/// already sold are not stranded: `showtime.cancelled` goes out with the change (same
/// transaction, through the outbox), and the booking service cancels those bookings, which
/// refunds and notifies their holders.
pub async fn cancel(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let mut tx = state.pool.begin().await?;
    let cancelled: Option<serde_json::Value> = sqlx::query_scalar(
        "UPDATE showtimes s SET status = 'cancelled', updated_at = now()
         FROM halls h, cinemas c, movies m
         WHERE s.id = $1 AND s.status = 'scheduled' AND s.starts_at > now()
           AND h.id = s.hall_id AND c.id = h.cinema_id AND m.id = s.movie_id
         RETURNING jsonb_build_object(
             'showtime_id', s.id, 'movie_id', s.movie_id, 'movie_title', m.title,
             'theater_name', c.name, 'hall_name', h.name, 'starts_at', s.starts_at)",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(data) = cancelled else {
        // A showtime that has begun was shown: its tickets were used, not to be refunded.
        let started: Option<bool> = sqlx::query_scalar(
            "SELECT starts_at <= now() FROM showtimes WHERE id = $1 AND status = 'scheduled'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        return Err(match started {
            Some(true) => ApiError::Conflict(
                "This showtime has already started; it can no longer be cancelled".into(),
            ),
            _ => ApiError::NotFound("Showtime not found".into()),
        });
    };
    let event = Event::new(
        "showtime.cancelled",
        data,
        CorrelationId::current().map(|id| id.as_str().to_owned()),
    );
    outbox::enqueue(&mut tx, &event).await?;
    tx.commit().await?;
    tracing::info!(showtime = %id, "showtime cancelled");
    state.cache.invalidate().await?;
    Ok(StatusCode::NO_CONTENT)
}
