//! What payments do to bookings: a completed payment confirms a pending booking (and issues its
//! e-ticket); a full refund cancels it, or, when it was cancelled first, marks its money as
//! returned. A payment for a booking that is no longer pending (it expired or was cancelled
//! meanwhile) is answered with `booking.payment_rejected`, so the payment service gives the
//! money back. A refund of part of the money (the price of seats given back, or a goodwill
//! gesture by staff) leaves the booking as it is.

use ed25519_dalek::SigningKey;
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    domain::tickets,
    error::{BookingError, BookingResult},
    metrics::{BookingStatus, Changes},
    repo,
};

/// A payment of the booking completed (`payment_id` as the event named it). Answers what it
/// changed, to count once committed.
pub async fn paid(
    connection: &mut PgConnection,
    id: Uuid,
    payment_id: &serde_json::Value,
    correlation_id: Option<String>,
    ticket_key: &SigningKey,
) -> BookingResult<Changes> {
    let mut changes = Changes::default();
    if let Some(code) = repo::bookings::confirm_paid(connection, id).await? {
        // The e-ticket travels with the confirmation, for the email: its first generation, as
        // seats are given back only once a booking is confirmed.
        let ticket = json!({ "ticket_token": tickets::issue(ticket_key, &code, id, 0) });
        let confirmed = repo::bookings::record_event(connection, "confirmed", id, ticket).await?;
        if let Some(confirmed) = confirmed {
            changes.confirmed(confirmed.seats.len());
        }
        return Ok(changes);
    }
    let booking = repo::bookings::find(&mut *connection, id)
        .await?
        .ok_or(BookingError::BookingNotFound)?;
    if booking.status != "confirmed" {
        tracing::warn!(booking = %id, status = booking.status, "paid after the booking ended; asking for a refund");
        repo::bookings::record_payment_rejected(connection, &booking, payment_id, correlation_id)
            .await?;
    }
    Ok(changes)
}

/// Whether a `payment.refunded` ends the booking: a refund of the whole payment asked for as
/// such, not seats' prices or goodwill that happened to use up what was left. (Events from before
/// refunds had kinds say only whether the payment is now fully refunded.)
pub fn refund_ends_booking(refund: &serde_json::Value) -> bool {
    match refund.get("ends_booking") {
        Some(ends) => ends == true,
        None => refund["full"] == true,
    }
}

/// The booking's payment was refunded in full. Answers what it changed, to count once
/// committed.
pub async fn refunded(connection: &mut PgConnection, id: Uuid) -> BookingResult<Changes> {
    let mut changes = Changes::default();
    if repo::bookings::cancel(connection, id, true).await? {
        let cancelled =
            repo::bookings::record_event(connection, "cancelled", id, serde_json::Value::Null)
                .await?;
        if let Some(cancelled) = cancelled {
            changes.cancelled(&cancelled);
        }
        changes.booking(BookingStatus::Refunded);
    } else if repo::bookings::mark_refunded(connection, id).await? {
        // Cancelled first (which asked for this refund): the money is back now.
        changes.booking(BookingStatus::Refunded);
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_refund_of_the_whole_payment_ends_the_booking() {
        assert!(refund_ends_booking(
            &json!({ "full": true, "ends_booking": true })
        ));
        assert!(!refund_ends_booking(
            &json!({ "full": true, "ends_booking": false })
        ));
        assert!(!refund_ends_booking(
            &json!({ "full": false, "ends_booking": false })
        ));
        // Events published before refunds said whether they end the booking.
        assert!(refund_ends_booking(&json!({ "full": true })));
        assert!(!refund_ends_booking(&json!({ "full": false })));
    }
}
