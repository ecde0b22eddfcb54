//! The events the payment service acts on: `booking.payment_rejected` (a booking ended before
//! its payment arrived) and `booking.cancelled` (a paid booking was cancelled) give the money
//! back in full; `booking.seats_cancelled` gives back the price of the seats given back. Each
//! refund is counted once it is committed.

use service_kit::events::{
    Event,
    consumer::{EventHandler, Permanent, Subscription},
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    domain::refunds::{RefundAsk, RefundKind, refund_in},
    error::PaymentError,
    metrics::{PaymentMetrics, Settlement},
    money,
    repo::payments as stored,
};

pub const SUBSCRIPTION: Subscription = Subscription {
    queue: "payment.booking-events",
    bindings: &[
        "booking.payment_rejected",
        "booking.cancelled",
        "booking.seats_cancelled",
    ],
};

/// Gives the money back for a booking that ended before its payment arrived, and for a paid
/// booking that is cancelled.
pub struct BookingRefunds {
    pub metrics: PaymentMetrics,
}

fn id_at(event: &Event, field: &str) -> anyhow::Result<Uuid> {
    event.data[field]
        .as_str()
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| Permanent(format!("{} names no {field}", event.event_type)).into())
}

impl EventHandler for BookingRefunds {
    /// The refund made or refused; `None` when there was nothing to refund.
    type Done = Option<Settlement>;

    async fn handle(
        &self,
        event: &Event,
        connection: &mut PgConnection,
    ) -> anyhow::Result<Option<Settlement>> {
        let whole = |reason| RefundAsk {
            kind: RefundKind::Whole,
            amount: None,
            reason: Some(reason),
            by: None,
        };
        let (payment_id, ask) = if event.event_type == "booking.payment_rejected" {
            let reason = event.data["reason"]
                .as_str()
                .unwrap_or("The booking had ended");
            (id_at(event, "payment_id")?, whole(reason))
        } else {
            // The event carries the booking itself.
            let booking_id = id_at(event, "id")?;
            let Some(payment_id) =
                stored::refundable_for_booking(&mut *connection, booking_id).await?
            else {
                // Free, never paid, or refunded already: nothing to give back.
                return Ok(None);
            };
            if event.event_type == "booking.seats_cancelled" {
                let amount = money::cents(&event.data["refund_amount"]).ok_or_else(|| {
                    Permanent(format!("{} has no refund_amount", event.event_type))
                })?;
                if amount == 0 {
                    return Ok(None);
                }
                let seats = seat_labels(&event.data["released_seats"]);
                let ask = RefundAsk {
                    kind: RefundKind::Seats,
                    amount: Some(amount),
                    reason: Some(&seats),
                    by: None,
                };
                return self.refund(connection, payment_id, ask).await;
            }
            (payment_id, whole("The booking was cancelled"))
        };
        self.refund(connection, payment_id, ask).await
    }

    async fn after_commit(&self, _event: &Event, refund: Option<Settlement>) {
        self.metrics.count(refund);
    }
}

/// `Seats B3, B4 given back`, from the seats the event lists.
fn seat_labels(seats: &serde_json::Value) -> String {
    let labels: Vec<&str> = (seats.as_array().into_iter().flatten())
        .filter_map(|seat| seat["label"].as_str())
        .collect();
    format!("Seats {} given back", labels.join(", "))
}

impl BookingRefunds {
    /// Refunds as asked: the refund made, or refused (counted once committed). A fault is
    /// counted at once, and the event tried again.
    async fn refund(
        &self,
        connection: &mut PgConnection,
        payment_id: Uuid,
        ask: RefundAsk<'_>,
    ) -> anyhow::Result<Option<Settlement>> {
        match refund_in(connection, payment_id, ask).await {
            Ok((_, refunded)) => Ok(Some(refunded)),
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
                Ok(Some(Settlement::RefundRejected))
            }
            Err(other) => {
                self.metrics.count(Some(Settlement::RefundFailed));
                Err(anyhow::anyhow!("{other}"))
            }
        }
    }
}
