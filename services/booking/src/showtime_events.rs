//! What the booking service does when the cinema cancels a showtime: every booking of it that
//! is still on (pending or paid) is cancelled, seats and all, each with its own
//! `booking.cancelled` (reason `showtime_cancelled`), from which the payment service refunds
//! what was paid and the notification service tells the customer.

use serde_json::json;
use service_kit::events::{
    Event,
    consumer::{EventHandler, Permanent, Subscription},
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::bookings;

pub const SUBSCRIPTION: Subscription = Subscription {
    queue: "booking.showtime-events",
    bindings: &["showtime.cancelled"],
};

pub struct ShowtimeEvents;

impl EventHandler for ShowtimeEvents {
    async fn handle(&self, event: &Event, connection: &mut PgConnection) -> anyhow::Result<()> {
        let showtime_id: Uuid = event.data["showtime_id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| Permanent(format!("{} names no showtime", event.event_type)))?;
        lock_showtime(connection, showtime_id).await?;
        sqlx::query(
            "INSERT INTO cancelled_showtimes (showtime_id) VALUES ($1) ON CONFLICT DO NOTHING",
        )
        .bind(showtime_id)
        .execute(&mut *connection)
        .await?;
        let cancelled: Vec<Uuid> = sqlx::query_scalar(
            "UPDATE bookings SET status = 'cancelled', updated_at = now()
             WHERE showtime_id = $1 AND status IN ('pending', 'confirmed')
             RETURNING id",
        )
        .bind(showtime_id)
        .fetch_all(&mut *connection)
        .await?;
        sqlx::query("UPDATE booking_seats SET active = false WHERE booking_id = ANY($1)")
            .bind(&cancelled)
            .execute(&mut *connection)
            .await?;
        for id in &cancelled {
            let reason = json!({ "reason": "showtime_cancelled" });
            bookings::record_event(connection, "cancelled", *id, reason).await?;
        }
        tracing::info!(showtime = %showtime_id, bookings = cancelled.len(), "showtime cancelled by the cinema");
        Ok(())
    }
}

/// Serialises, per showtime, taking a booking and cancelling the showtime (until the end of
/// the transaction).
pub async fn lock_showtime(connection: &mut PgConnection, showtime_id: Uuid) -> sqlx::Result<()> {
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
