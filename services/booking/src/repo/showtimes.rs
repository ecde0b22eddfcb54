//! What the booking service keeps about showtimes: the ones the cinema cancelled, a lock per
//! showtime that serialises taking a booking with cancelling the showtime, and the cinema's
//! clock, as PostgreSQL tells time zones.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// Serialises, per showtime, taking a booking and cancelling the showtime (until the end of
/// the transaction).
pub async fn lock(connection: &mut PgConnection, showtime_id: Uuid) -> sqlx::Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))")
        .bind(showtime_id)
        .execute(connection)
        .await
        .map(drop)
}

pub async fn is_cancelled(connection: &mut PgConnection, showtime_id: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cancelled_showtimes WHERE showtime_id = $1)")
        .bind(showtime_id)
        .fetch_one(connection)
        .await
}

/// Marks the showtime as being moved until `until` (see `domain::showtimes::begin_change`).
pub async fn begin_change(
    connection: &mut PgConnection,
    showtime_id: Uuid,
    until: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO showtime_changes (showtime_id, until) VALUES ($1, $2)
         ON CONFLICT (showtime_id) DO UPDATE SET until = EXCLUDED.until",
    )
    .bind(showtime_id)
    .bind(until)
    .execute(connection)
    .await
    .map(drop)
}

pub async fn end_change(executor: impl PgExecutor<'_>, showtime_id: Uuid) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM showtime_changes WHERE showtime_id = $1")
        .bind(showtime_id)
        .execute(executor)
        .await
        .map(drop)
}

pub async fn is_changing(connection: &mut PgConnection, showtime_id: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM showtime_changes WHERE showtime_id = $1 AND until > now())",
    )
    .bind(showtime_id)
    .fetch_one(connection)
    .await
}

pub async fn mark_cancelled(connection: &mut PgConnection, showtime_id: Uuid) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO cancelled_showtimes (showtime_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(showtime_id)
        .execute(connection)
        .await
        .map(drop)
}

/// `19:42`: the instant on the clock of `time_zone` (PostgreSQL keeps the zone rules).
pub async fn clock_time<'e>(
    executor: impl PgExecutor<'e>,
    at: DateTime<Utc>,
    time_zone: &str,
) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT to_char($1::timestamptz AT TIME ZONE $2, 'HH24:MI')")
        .bind(at)
        .bind(time_zone)
        .fetch_one(executor)
        .await
}
