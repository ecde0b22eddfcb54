//! Refunds of a completed payment, never more than was paid, of three kinds (see
//! docs/SECURITY.md, "Money and tickets"):
//! - the whole payment, which ends the booking: asked for by its owner or staff (customers until
//!   a configurable time before the showtime), or automatically when a paid booking is cancelled
//!   or ended before its payment arrived (see [`crate::events`]);
//! - the price of seats given back from a booking that keeps the rest (from the booking
//!   service's `booking.seats_cancelled`): customers get part of their money back only this way;
//! - a goodwill amount, by staff only and with a reason, that leaves the booking as it is.

use chrono::Utc;
use serde_json::{Value, json};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Caller, Settled, visible};
use crate::{
    error::{PaymentError, PaymentResult},
    metrics::Settlement,
    money,
    repo::payments::{self as stored, Payment},
    state::AppState,
};

/// The amount asked for, in cents; `None` for all that is left.
pub fn amount(requested: Option<&Value>) -> PaymentResult<Option<i64>> {
    match requested {
        None | Some(Value::Null) => Ok(None),
        Some(value) => money::cents(value)
            .filter(|cents| *cents > 0)
            .map(Some)
            .ok_or(PaymentError::BadAmount),
    }
}

/// Whether the caller may refund the payment: it must be theirs (any, for staff), and customers
/// are refused once the showtime is closer than the refund cutoff (their `token` reads the
/// booking as they see it).
pub async fn ensure_refundable_by(
    state: &AppState,
    caller: &Caller,
    token: &str,
    payment_id: Uuid,
) -> PaymentResult<()> {
    let payment = visible(&state.pool, caller, payment_id).await?;
    if !caller.is_staff {
        let booking = state.upstream.booking(payment.booking_id, token).await?;
        let showtime = state.upstream.showtime(booking.showtime_id).await?;
        if Utc::now() + state.refund_cutoff > showtime.starts_at {
            return Err(PaymentError::RefundsClosed(
                state.refund_cutoff.num_minutes(),
            ));
        }
    }
    Ok(())
}

/// What a refund is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundKind {
    /// All that is left of the payment: the booking ends (is cancelled, or was already).
    Whole,
    /// The price of seats given back while the booking keeps the rest.
    Seats,
    /// A gesture by staff, with a reason, that leaves the booking as it is.
    Goodwill,
}

impl RefundKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Whole => "whole",
            Self::Seats => "seats",
            Self::Goodwill => "goodwill",
        }
    }
}

/// A refund asked for.
#[derive(Debug, Clone, Copy)]
pub struct RefundAsk<'a> {
    pub kind: RefundKind,
    /// Cents. For [`RefundKind::Whole`], what the caller believes is left (refused unless it
    /// is); for seats, their price (all that is left when less is).
    pub amount: Option<i64>,
    pub reason: Option<&'a str>,
    /// The staff member who gave it; `None` for a customer's refund or the system's own.
    pub by: Option<Uuid>,
}

impl<'a> RefundAsk<'a> {
    /// A refund through `POST /payments/{id}/refund`: without an amount, the whole payment;
    /// with one, from staff a goodwill refund (which leaves the booking), from a customer the
    /// whole payment only (part of it is refunded by cancelling seats).
    pub fn from_api(caller: &Caller, amount: Option<i64>, reason: Option<&'a str>) -> Self {
        let goodwill = caller.is_staff && amount.is_some();
        Self {
            kind: if goodwill {
                RefundKind::Goodwill
            } else {
                RefundKind::Whole
            },
            amount,
            reason,
            by: caller.is_staff.then_some(caller.user_id),
        }
    }
}

/// Refunds as asked. A refusal about the payment itself (not refundable, too much) is final for
/// the key.
pub async fn refund(
    state: &AppState,
    payment_id: Uuid,
    ask: RefundAsk<'_>,
) -> PaymentResult<Settled<Payment>> {
    let mut tx = state.pool.begin().await?;
    let (outcome, settlement) = match refund_in(&mut tx, payment_id, ask).await {
        Ok((payment, refunded)) => (Ok(payment), refunded),
        // A fault, not an answer: nothing is kept for the key, so it is counted now.
        Err(fault @ (PaymentError::Database(_) | PaymentError::Internal(_))) => {
            state.metrics.count(Some(Settlement::RefundFailed));
            return Err(fault);
        }
        Err(refusal) => (Err(refusal), Settlement::RefundRejected),
    };
    Ok(Settled {
        tx,
        outcome,
        settlement: Some(settlement),
    })
}

/// How much of what is `left` (cents) the refund gives back, or why it cannot.
fn amount_of(ask: &RefundAsk<'_>, left: i64, booking_id: Uuid) -> PaymentResult<i64> {
    let too_large = || PaymentError::RefundTooLarge(money::format(left));
    match (ask.kind, ask.amount) {
        (RefundKind::Whole, None) => Ok(left),
        (RefundKind::Whole, Some(amount)) if amount == left => Ok(left),
        (RefundKind::Whole, Some(amount)) if amount > left => Err(too_large()),
        (RefundKind::Whole, Some(_)) => {
            Err(PaymentError::PartialRefundByCancellingSeats(booking_id))
        }
        (RefundKind::Seats, amount) => Ok(amount.unwrap_or(left).min(left)),
        (RefundKind::Goodwill, Some(amount)) if amount <= left => Ok(amount),
        (RefundKind::Goodwill, _) => Err(too_large()),
    }
}

/// Refunds as asked, on `connection` (inside the caller's transaction), recording
/// `payment.refunded` with its kind and whether it ends the booking. Answers the payment as it
/// is now, and the refund to count once committed.
pub async fn refund_in(
    connection: &mut PgConnection,
    payment_id: Uuid,
    ask: RefundAsk<'_>,
) -> PaymentResult<(Payment, Settlement)> {
    let (paid, refunded, status) = stored::lock_for_refund(connection, payment_id)
        .await?
        .ok_or(PaymentError::PaymentNotFound)?;
    if !matches!(status.as_str(), "completed" | "partially_refunded") {
        return Err(PaymentError::NotRefundable(status));
    }
    let left = paid - refunded;
    if left == 0 {
        return Err(PaymentError::FullyRefunded);
    }
    let booking_id = stored::find(&mut *connection, payment_id)
        .await?
        .ok_or(PaymentError::PaymentNotFound)?
        .booking_id;
    let amount = amount_of(&ask, left, booking_id)?;
    if amount <= 0 {
        return Err(PaymentError::BadAmount);
    }
    let new = stored::NewRefund {
        payment_id,
        amount,
        kind: ask.kind.as_str(),
        reason: ask.reason,
        refunded_by: ask.by,
    };
    let refund_id = stored::add_refund(connection, &new, amount == left).await?;
    let payment = stored::find(&mut *connection, payment_id)
        .await?
        .ok_or(PaymentError::PaymentNotFound)?;
    stored::record_event(
        connection,
        "payment.refunded",
        &payment,
        json!({
            "refund_id": refund_id,
            "refund_amount": money::format(amount),
            "kind": ask.kind.as_str(),
            "full": payment.status == "refunded",
            "ends_booking": ask.kind == RefundKind::Whole,
            "reason": ask.reason,
        }),
    )
    .await?;
    Ok((payment, Settlement::Refunded(money::whole_units(amount))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(kind: RefundKind, amount: Option<i64>) -> RefundAsk<'static> {
        RefundAsk {
            kind,
            amount,
            reason: None,
            by: None,
        }
    }

    #[test]
    fn a_whole_refund_is_all_that_is_left_and_nothing_less() {
        let booking = Uuid::new_v4();
        let whole = |amount| amount_of(&ask(RefundKind::Whole, amount), 500, booking);
        assert_eq!(whole(None).unwrap(), 500);
        assert_eq!(whole(Some(500)).unwrap(), 500);
        assert!(matches!(
            whole(Some(499)),
            Err(PaymentError::PartialRefundByCancellingSeats(id)) if id == booking
        ));
        assert!(matches!(
            whole(Some(501)),
            Err(PaymentError::RefundTooLarge(_))
        ));
    }

    #[test]
    fn seats_are_refunded_at_most_what_is_left_and_goodwill_never_more() {
        let booking = Uuid::new_v4();
        let seats = ask(RefundKind::Seats, Some(300));
        assert_eq!(amount_of(&seats, 500, booking).unwrap(), 300);
        assert_eq!(amount_of(&seats, 200, booking).unwrap(), 200);
        let goodwill = ask(RefundKind::Goodwill, Some(300));
        assert_eq!(amount_of(&goodwill, 500, booking).unwrap(), 300);
        assert!(amount_of(&goodwill, 200, booking).is_err());
    }
}
