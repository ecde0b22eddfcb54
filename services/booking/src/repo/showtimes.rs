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
