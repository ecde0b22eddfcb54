//! Refunds: all or part of a completed payment back, never more than was paid, closed a
//! configurable time before the showtime for customers (staff may still refund). A booking that
//! ended before its payment arrived, or a paid booking that is cancelled, is refunded in full
//! automatically (see [`crate::events`]).

use chrono::Utc;
use serde_json::{Value, json};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Caller, Settled, visible};
use crate::{
    error::{PaymentError, PaymentResult},
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

/// Refunds `amount` cents (or all that is left) of the payment. A refusal about the payment
/// itself (not refundable, too much) is final for the key.
pub async fn refund(
    state: &AppState,
    payment_id: Uuid,
    amount: Option<i64>,
    reason: Option<&str>,
) -> PaymentResult<Settled<Payment>> {
    let mut tx = state.pool.begin().await?;
    let outcome = match refund_in(&mut tx, payment_id, amount, reason).await {
        Err(error @ (PaymentError::Database(_) | PaymentError::Internal(_))) => return Err(error),
        outcome => outcome,
    };
    Ok(Settled { tx, outcome })
}

/// Refunds `amount` cents (or all that is left) of the payment, on `connection` (inside the
/// caller's transaction), recording `payment.refunded`.
pub async fn refund_in(
    connection: &mut PgConnection,
    payment_id: Uuid,
    amount: Option<i64>,
    reason: Option<&str>,
) -> PaymentResult<Payment> {
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
    let amount = amount.unwrap_or(left);
    if amount <= 0 || amount > left {
        return Err(PaymentError::RefundTooLarge(money::format(left)));
    }
    let full = amount == left;
    let refund_id = stored::add_refund(connection, payment_id, amount, full, reason).await?;
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
            "full": full || payment.status == "refunded",
            "reason": reason,
        }),
    )
    .await?;
    Ok(payment)
}
