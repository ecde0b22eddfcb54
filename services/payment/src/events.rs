//! The events the payment service acts on: `booking.payment_rejected` (a booking ended before
//! its payment arrived) and `booking.cancelled` (a paid booking was cancelled) give the money
//! back in full.

use service_kit::events::{
    Event,
    consumer::{EventHandler, Permanent, Subscription},
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{domain::refunds::refund_in, error::PaymentError, repo::payments as stored};

pub const SUBSCRIPTION: Subscription = Subscription {
    queue: "payment.booking-events",
    bindings: &["booking.payment_rejected", "booking.cancelled"],
};

/// Gives the money back for a booking that ended before its payment arrived, and for a paid
/// booking that is cancelled.
pub struct BookingRefunds;

fn id_at(event: &Event, field: &str) -> anyhow::Result<Uuid> {
    event.data[field]
        .as_str()
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| Permanent(format!("{} names no {field}", event.event_type)).into())
}

impl EventHandler for BookingRefunds {
    async fn handle(&self, event: &Event, connection: &mut PgConnection) -> anyhow::Result<()> {
        let (payment_id, reason) = if event.event_type == "booking.cancelled" {
            // The event carries the booking itself.
            let booking_id = id_at(event, "id")?;
            let Some(payment_id) =
                stored::refundable_for_booking(&mut *connection, booking_id).await?
            else {
                return Ok(());
            };
            (payment_id, "The booking was cancelled")
        } else {
            let reason = event.data["reason"]
                .as_str()
                .unwrap_or("The booking had ended");
            (id_at(event, "payment_id")?, reason)
        };
        match refund_in(connection, payment_id, None, Some(reason)).await {
            Ok(_) => Ok(()),
            Err(PaymentError::PaymentNotFound) => {
                Err(Permanent(format!("unknown payment {payment_id}")).into())
            }
            // Refunded already (or never completed): nothing more to give back.
            Err(
                detail @ (PaymentError::NotRefundable(_)
                | PaymentError::FullyRefunded
                | PaymentError::RefundTooLarge(_)),
            ) => {
                tracing::info!(%payment_id, %detail, "nothing to refund");
                Ok(())
            }
            Err(other) => Err(anyhow::anyhow!("{other}")),
        }
    }
}
