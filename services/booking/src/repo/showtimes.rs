//! What the booking service keeps about showtimes: the ones the cinema cancelled, and a lock
//! per showtime that serialises taking a booking with cancelling the showtime.

use sqlx::PgConnection;
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
