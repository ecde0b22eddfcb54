//! Every SQL statement on `cinemas`.

use sqlx::PgPool;
use uuid::Uuid;

use super::model::{Cinema, CinemaFilter, CinemaInput, Seat};

const SELECT_CINEMAS: &str = r#"
    SELECT c.id, c.slug, c.name, c.address, c.address AS location, c.city, c.time_zone,
           c.counter_seats_per_showtime, c.counter_release_minutes,
           c.accessible_release, c.accessible_release_minutes,
           coalesce(sum(h.seat_count), 0)::int8 AS total_seats,
           coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'name', h.name, 'total_seats', h.seat_count)
                    ORDER BY h.name) FILTER (WHERE h.id IS NOT NULL), '[]') AS halls
    FROM cinemas c
    LEFT JOIN LATERAL (
        SELECT halls.id, halls.name, (SELECT count(*) FROM seats WHERE seats.hall_id = halls.id) AS seat_count
        FROM halls WHERE halls.cinema_id = c.id
    ) h ON true"#;

pub async fn list(pool: &PgPool, filter: &CinemaFilter) -> sqlx::Result<Vec<Cinema>> {
    sqlx::query_as::<_, Cinema>(sqlx::AssertSqlSafe(format!(
        "{SELECT_CINEMAS}
         WHERE $1::text IS NULL OR lower(c.city) = lower($1)
         GROUP BY c.id ORDER BY c.city, c.name"
    )))
    .bind(crate::given(&filter.city))
    .fetch_all(pool)
    .await
}

pub async fn find(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<Cinema>> {
    sqlx::query_as::<_, Cinema>(sqlx::AssertSqlSafe(format!(
        "{SELECT_CINEMAS} WHERE c.id = $1 GROUP BY c.id"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

pub async fn exists(pool: &PgPool, id: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cinemas WHERE id = $1)")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// Every seat of the cinema's halls, as the original listed them.
pub async fn seats(pool: &PgPool, id: Uuid) -> sqlx::Result<Vec<Seat>> {
    sqlx::query_as::<_, Seat>(
        "SELECT s.id, h.cinema_id AS theater_id, s.hall_id, s.seat_row, s.seat_number, s.seat_type,
                s.is_blocked
         FROM seats s JOIN halls h ON h.id = s.hall_id
         WHERE h.cinema_id = $1
         ORDER BY h.name, s.grid_row, s.seat_number",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// Whether PostgreSQL knows the time zone (it keeps the IANA names; no list of our own).
pub async fn is_time_zone(pool: &PgPool, name: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)")
        .bind(name)
        .fetch_one(pool)
        .await
}

pub async fn insert(pool: &PgPool, input: &CinemaInput) -> sqlx::Result<Uuid> {
    sqlx::query_scalar(
        "INSERT INTO cinemas (slug, name, address, city, time_zone, counter_seats_per_showtime,
                              counter_release_minutes, accessible_release,
                              accessible_release_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&input.slug)
    .bind(input.name.trim())
    .bind(input.address.trim())
    .bind(input.city.trim())
    .bind(&input.time_zone)
    .bind(input.counter_seats_per_showtime)
    .bind(input.counter_release_minutes)
    .bind(&input.accessible_release)
    .bind(input.accessible_release_minutes)
    .fetch_one(pool)
    .await
}

/// False when there is no such cinema.
pub async fn update(pool: &PgPool, id: Uuid, input: &CinemaInput) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "UPDATE cinemas SET slug = $2, name = $3, address = $4, city = $5, time_zone = $6,
                counter_seats_per_showtime = $7, counter_release_minutes = $8,
                accessible_release = $9, accessible_release_minutes = $10, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(&input.slug)
    .bind(input.name.trim())
    .bind(input.address.trim())
    .bind(input.city.trim())
    .bind(&input.time_zone)
    .bind(input.counter_seats_per_showtime)
    .bind(input.counter_release_minutes)
    .bind(&input.accessible_release)
    .bind(input.accessible_release_minutes)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// False when there is no such cinema (one with showtimes is a foreign-key error).
pub async fn delete(pool: &PgPool, id: Uuid) -> sqlx::Result<bool> {
    let deleted = sqlx::query("DELETE FROM cinemas WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(deleted.rows_affected() > 0)
}
