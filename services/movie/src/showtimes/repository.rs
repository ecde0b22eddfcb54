//! Every SQL statement on `showtimes` (and the reads of halls and seats a showtime is sold by).

use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{
    counter::CounterRules,
    model::{HallSeat, Showtime, ShowtimeFilter, ShowtimeInput},
};

macro_rules! select_showtimes {
    ($($rest:tt)*) => {
        concat!(
            r#"SELECT s.id, s.movie_id, m.title AS movie_title,
                      coalesce((SELECT jsonb_object_agg(t.key, t.value ->> 'title')
                                FROM jsonb_each(m.translations) AS t
                                WHERE t.value ->> 'title' <> ''), '{}') AS movie_titles,
                      h.cinema_id AS theater_id,
                      c.name AS theater_name, c.city, s.hall_id, h.name AS hall_name,
                      s.starts_at, s.ends_at,
                      to_char(s.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD') AS show_date,
                      to_char(s.starts_at AT TIME ZONE c.time_zone, 'HH24:MI:SS') AS show_time,
                      s.format, s.audio_language, s.subtitle_language, s.prices,
                      (s.prices ->> 'standard')::int8 AS price,
                      counts.total AS total_seats, counts.open AS open_seats,
                      counts.open AS available_seats, s.status
               FROM showtimes s
               JOIN halls h ON h.id = s.hall_id
               JOIN cinemas c ON c.id = h.cinema_id
               JOIN movies m ON m.id = s.movie_id
               CROSS JOIN LATERAL (
                   SELECT count(*) AS total, count(*) FILTER (WHERE NOT is_blocked) AS open
                   FROM seats WHERE seats.hall_id = s.hall_id
               ) counts "#,
            $($rest)*
        )
    };
}

/// The showtimes `GET /showtimes` matches: still to come, or on the day `$4` ($1 to $3: movie,
/// cinema, city).
macro_rules! matching_showtimes {
    () => {
        "WHERE s.status = 'scheduled'
           AND ($1::uuid IS NULL OR s.movie_id = $1)
           AND ($2::uuid IS NULL OR h.cinema_id = $2)
           AND ($3::text IS NULL OR lower(c.city) = lower($3))
           AND CASE WHEN $4::date IS NULL THEN s.starts_at > now()
                    ELSE (s.starts_at AT TIME ZONE c.time_zone)::date = $4 END"
    };
}

/// A page of the matching showtimes (all of them without a limit: `LIMIT NULL` is no limit).
pub async fn list(pool: &PgPool, filter: &ShowtimeFilter) -> sqlx::Result<Vec<Showtime>> {
    sqlx::query_as::<_, Showtime>(select_showtimes!(
        matching_showtimes!(),
        " ORDER BY s.starts_at, c.name, h.name LIMIT $5 OFFSET $6"
    ))
    .bind(filter.movie_id)
    .bind(filter.theater_id)
    .bind(crate::given(&filter.city))
    .bind(filter.date)
    .bind(filter.limit)
    .bind(filter.offset)
    .fetch_all(pool)
    .await
}

/// How many showtimes match `filter`, whatever its page.
pub async fn count(pool: &PgPool, filter: &ShowtimeFilter) -> sqlx::Result<i64> {
    sqlx::query_scalar(concat!(
        "SELECT count(*) FROM showtimes s
         JOIN halls h ON h.id = s.hall_id
         JOIN cinemas c ON c.id = h.cinema_id ",
        matching_showtimes!()
    ))
    .bind(filter.movie_id)
    .bind(filter.theater_id)
    .bind(crate::given(&filter.city))
    .bind(filter.date)
    .fetch_one(pool)
    .await
}

pub async fn find(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<Showtime>> {
    sqlx::query_as::<_, Showtime>(select_showtimes!("WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The hall's layout rows and its seats in grid order.
pub async fn hall_seats(
    pool: &PgPool,
    hall_id: Uuid,
) -> sqlx::Result<(Vec<String>, Vec<HallSeat>)> {
    let layout: Vec<String> = sqlx::query_scalar("SELECT layout FROM halls WHERE id = $1")
        .bind(hall_id)
        .fetch_one(pool)
        .await?;
    let seats = sqlx::query_as::<_, HallSeat>(
        "SELECT id, seat_row, seat_number, grid_row, grid_column, seat_type, pair_with, is_blocked
         FROM seats WHERE hall_id = $1 ORDER BY grid_row, grid_column",
    )
    .bind(hall_id)
    .fetch_all(pool)
    .await?;
    Ok((layout, seats))
}

/// The cinema's wall-clock time `local` in the hall's cinema, as an instant; `None` without
/// such a hall.
pub async fn local_to_instant(
    pool: &PgPool,
    hall_id: Uuid,
    local: NaiveDateTime,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    sqlx::query_scalar(
        "SELECT $1::timestamp AT TIME ZONE c.time_zone
         FROM halls h JOIN cinemas c ON c.id = h.cinema_id WHERE h.id = $2",
    )
    .bind(local)
    .bind(hall_id)
    .fetch_optional(pool)
    .await
}

pub async fn movie_duration(pool: &PgPool, movie_id: Uuid) -> sqlx::Result<Option<i32>> {
    sqlx::query_scalar("SELECT duration_minutes FROM movies WHERE id = $1")
        .bind(movie_id)
        .fetch_optional(pool)
        .await
}

pub async fn hall_exists(pool: &PgPool, hall_id: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM halls WHERE id = $1)")
        .bind(hall_id)
        .fetch_one(pool)
        .await
}

/// Where the showtime is now: its film, hall and start.
pub async fn placement(
    pool: &PgPool,
    id: Uuid,
) -> sqlx::Result<Option<(Uuid, Uuid, DateTime<Utc>)>> {
    sqlx::query_as("SELECT movie_id, hall_id, starts_at FROM showtimes WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Inserts (`id` none) or updates a scheduled showtime, the hall busy for `busy_minutes`; `None`
/// when there is no such scheduled showtime to update.
pub async fn save(
    pool: &PgPool,
    id: Option<Uuid>,
    input: &ShowtimeInput,
    starts_at: DateTime<Utc>,
    busy_minutes: i32,
) -> sqlx::Result<Option<Uuid>> {
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
    statement
        .bind(input.movie_id)
        .bind(input.hall_id)
        .bind(starts_at)
        .bind(busy_minutes)
        .bind(&input.format)
        .bind(input.audio_language.trim())
        .bind(input.subtitle_language.as_deref().map(str::trim))
        .bind(sqlx::types::Json(&input.prices))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The scheduled showtime of the hall that a showtime there from `starts_at` for
/// `busy_minutes` would overlap (other than `moving`): its film and local start.
pub async fn clash(
    pool: &PgPool,
    hall_id: Uuid,
    starts_at: DateTime<Utc>,
    busy_minutes: i32,
    moving: Option<Uuid>,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(
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
    .fetch_optional(pool)
    .await
}

/// Cancels a scheduled showtime that has not begun; what `showtime.cancelled` says of it, or
/// `None` when there was none such.
pub async fn cancel(
    connection: &mut PgConnection,
    id: Uuid,
) -> sqlx::Result<Option<serde_json::Value>> {
    sqlx::query_scalar(
        "UPDATE showtimes s SET status = 'cancelled', updated_at = now()
         FROM halls h, cinemas c, movies m
         WHERE s.id = $1 AND s.status = 'scheduled' AND s.starts_at > now()
           AND h.id = s.hall_id AND c.id = h.cinema_id AND m.id = s.movie_id
         RETURNING jsonb_build_object(
             'showtime_id', s.id, 'movie_id', s.movie_id, 'movie_title', m.title,
             'theater_name', c.name, 'hall_name', h.name, 'starts_at', s.starts_at)",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// Whether the scheduled showtime has begun; `None` when there is no such scheduled showtime.
pub async fn has_started(connection: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<bool>> {
    sqlx::query_scalar(
        "SELECT starts_at <= now() FROM showtimes WHERE id = $1 AND status = 'scheduled'",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// The cinema's rule for seats kept for the box office, and the seats marked for the showtime;
/// `None` without such a showtime.
pub async fn counter_rules(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<CounterRules>> {
    sqlx::query_as(
        "SELECT c.id AS cinema_id, c.name AS cinema_name, c.time_zone,
                c.counter_seats_per_showtime AS per_showtime,
                c.counter_release_minutes AS release_minutes,
                c.accessible_release, c.accessible_release_minutes,
                coalesce((SELECT array_agg(k.seat_id) FROM showtime_counter_seats k
                          WHERE k.showtime_id = s.id), '{}') AS marked
         FROM showtimes s JOIN halls h ON h.id = s.hall_id JOIN cinemas c ON c.id = h.cinema_id
         WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The seats marked for the box office at the showtime become exactly `seat_ids`.
pub async fn replace_counter_seats(pool: &PgPool, id: Uuid, seat_ids: &[Uuid]) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM showtime_counter_seats WHERE showtime_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO showtime_counter_seats (showtime_id, seat_id) SELECT $1, unnest($2::uuid[])",
    )
    .bind(id)
    .bind(seat_ids)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The labels of the seats marked for the box office at the showtime, in hall order.
pub async fn marked_counter_labels(pool: &PgPool, id: Uuid) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT s.seat_row || s.seat_number FROM showtime_counter_seats k
         JOIN seats s ON s.id = k.seat_id
         WHERE k.showtime_id = $1 ORDER BY s.grid_row, s.grid_column",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}
