//! Every SQL statement on `payments` and `refunds`, and the outbox events that record their
//! changes in the same transaction. `payments_one_live_per_booking` (unique over a booking's
//! payments that have not failed) is what makes paying twice impossible.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use service_kit::events::{Event, outbox};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Payment {
    pub id: Uuid,
    pub booking_id: Uuid,
    pub user_id: Uuid,
    /// Whole currency units, as a decimal string like the original's.
    pub amount: String,
    /// The same, as an integer of whole units (VND has no minor unit).
    pub amount_whole: i64,
    /// `card` or `cash`.
    pub payment_method: String,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub transaction_id: Option<String>,
    /// `pending` (being charged), `completed`, `failed`, `partially_refunded` or `refunded`.
    pub status: String,
    pub failure_reason: Option<String>,
    pub refunded_amount: String,
    pub refunded_amount_whole: i64,
    pub payment_date: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT id, booking_id, user_id, amount::text AS amount,
    floor(amount)::int8 AS amount_whole, payment_method, card_brand, card_last4, transaction_id,
    status, failure_reason, refunded_amount::text AS refunded_amount,
    floor(refunded_amount)::int8 AS refunded_amount_whole, payment_date, created_at FROM payments";

/// The attempt a request (its stored idempotency key) made, if it made one.
pub async fn find_by_key<'e>(
    executor: impl PgExecutor<'e>,
    idempotency_key: &str,
) -> sqlx::Result<Option<Payment>> {
    sqlx::query_as::<_, Payment>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE idempotency_key = $1"
    )))
    .bind(idempotency_key)
    .fetch_optional(executor)
    .await
}

pub async fn find<'e>(executor: impl PgExecutor<'e>, id: Uuid) -> sqlx::Result<Option<Payment>> {
    sqlx::query_as::<_, Payment>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(executor)
        .await
}

/// The user's latest payments, newest first.
pub async fn for_user<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
) -> sqlx::Result<Vec<Payment>> {
    sqlx::query_as::<_, Payment>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200"
    )))
    .bind(user_id)
    .fetch_all(executor)
    .await
}

/// The booking's payment attempts, newest first.
pub async fn for_booking<'e>(
    executor: impl PgExecutor<'e>,
    booking_id: Uuid,
) -> sqlx::Result<Vec<Payment>> {
    sqlx::query_as::<_, Payment>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE booking_id = $1 ORDER BY created_at DESC LIMIT 20"
    )))
    .bind(booking_id)
    .fetch_all(executor)
    .await
}

/// An attempt about to be charged.
pub struct NewPayment<'a> {
    pub booking_id: Uuid,
    pub user_id: Uuid,
    pub amount_cents: i64,
    /// `card` or `cash`.
    pub method: &'static str,
    pub card_brand: Option<&'a str>,
    pub card_last4: Option<String>,
    /// `{user}:{key}`: the idempotency key it was made under.
    pub idempotency_key: String,
}

/// Records the attempt as `pending`; `None` when the booking already has a payment that has not
/// failed.
pub async fn insert_pending<'e>(
    executor: impl PgExecutor<'e>,
    payment: &NewPayment<'_>,
) -> sqlx::Result<Option<Uuid>> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO payments (booking_id, user_id, amount, payment_method, card_brand,
                               card_last4, idempotency_key, status)
         VALUES ($1, $2, $3::numeric / 100, $4, $5, $6, $7, 'pending') RETURNING id",
    )
    .bind(payment.booking_id)
    .bind(payment.user_id)
    .bind(payment.amount_cents)
    .bind(payment.method)
    .bind(payment.card_brand)
    .bind(&payment.card_last4)
    .bind(&payment.idempotency_key)
    .fetch_one(executor)
    .await;
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(error)
            if error.as_database_error().and_then(|e| e.constraint())
                == Some("payments_one_live_per_booking") =>
        {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// The status of the booking's payment that has not failed, if any.
/// The booking's attempt that is not failed: its id, status, idempotency key and whether it has
/// been pending longer than `stale_after`.
pub async fn live_attempt<'e>(
    executor: impl PgExecutor<'e>,
    booking_id: Uuid,
    stale_after: std::time::Duration,
) -> sqlx::Result<Option<(Uuid, String, String, bool)>> {
    sqlx::query_as(
        "SELECT id, status, idempotency_key,
                status = 'pending' AND created_at < now() - make_interval(secs => $2)
         FROM payments WHERE booking_id = $1 AND status <> 'failed'",
    )
    .bind(booking_id)
    .bind(stale_after.as_secs_f64())
    .fetch_optional(executor)
    .await
}

/// Attempts pending for longer than `stale_after` (their process stopped mid-charge), oldest
/// first, at most 100.
pub async fn stale_attempts<'e>(
    executor: impl PgExecutor<'e>,
    stale_after: std::time::Duration,
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar(
        "SELECT id FROM payments
         WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
         ORDER BY created_at LIMIT 100",
    )
    .bind(stale_after.as_secs_f64())
    .fetch_all(executor)
    .await
}

/// Records what the processor said of a pending attempt: `completed` (with its transaction id)
/// or `failed`. `None` when the attempt was no longer pending (recorded meanwhile by a retry of
/// the same request, or by the reconciler): nothing is changed.
pub async fn record_outcome(
    connection: &mut PgConnection,
    id: Uuid,
    outcome: Result<&str, &str>,
) -> sqlx::Result<Option<Payment>> {
    let (status, failure, transaction_id) = match outcome {
        Ok(transaction_id) => ("completed", None, Some(transaction_id)),
        Err(reason) => ("failed", Some(reason), None),
    };
    let updated = sqlx::query(
        "UPDATE payments SET status = $2, failure_reason = $3, transaction_id = $4,
                payment_date = CASE WHEN $2 = 'completed' THEN now() END
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(status)
    .bind(failure)
    .bind(transaction_id)
    .execute(&mut *connection)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(None);
    }
    find(&mut *connection, id).await
}

/// The booking's payment that can still be refunded, if any.
pub async fn refundable_for_booking<'e>(
    executor: impl PgExecutor<'e>,
    booking_id: Uuid,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "SELECT id FROM payments
         WHERE booking_id = $1 AND status IN ('completed', 'partially_refunded')",
    )
    .bind(booking_id)
    .fetch_optional(executor)
    .await
}

/// What was paid and refunded (cents) and the status, the row locked until the transaction ends.
pub async fn lock_for_refund(
    connection: &mut PgConnection,
    id: Uuid,
) -> sqlx::Result<Option<(i64, i64, String)>> {
    sqlx::query_as(
        "SELECT (amount * 100)::int8, (refunded_amount * 100)::int8, status FROM payments
         WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// A refund about to be recorded.
pub struct NewRefund<'a> {
    pub payment_id: Uuid,
    /// Cents.
    pub amount: i64,
    /// `whole`, `seats` or `goodwill` (see the `refunds` table).
    pub kind: &'a str,
    pub reason: Option<&'a str>,
    pub refunded_by: Option<Uuid>,
}

/// Records a refund and what it leaves of the payment (`full`: nothing); the refund's id.
pub async fn add_refund(
    connection: &mut PgConnection,
    refund: &NewRefund<'_>,
    full: bool,
) -> sqlx::Result<Uuid> {
    let payment_id = refund.payment_id;
    let amount = refund.amount;
    let refund_id: Uuid = sqlx::query_scalar(
        "INSERT INTO refunds (payment_id, amount, kind, reason, refunded_by)
         VALUES ($1, $2::numeric / 100, $3, $4, $5)
         RETURNING id",
    )
    .bind(payment_id)
    .bind(amount)
    .bind(refund.kind)
    .bind(refund.reason)
    .bind(refund.refunded_by)
    .fetch_one(&mut *connection)
    .await?;
    sqlx::query(
        "UPDATE payments SET refunded_amount = refunded_amount + $2::numeric / 100,
                status = CASE WHEN $3 THEN 'refunded' ELSE 'partially_refunded' END
         WHERE id = $1",
    )
    .bind(payment_id)
    .bind(amount)
    .bind(full)
    .execute(connection)
    .await?;
    Ok(refund_id)
}

/// Puts a `payment.*` event about `payment` (plus `extra` fields) into the outbox.
pub async fn record_event(
    connection: &mut PgConnection,
    event_type: &str,
    payment: &Payment,
    extra: Value,
) -> sqlx::Result<()> {
    let mut data = json!({
        "payment_id": payment.id,
        "booking_id": payment.booking_id,
        "user_id": payment.user_id,
        "amount": payment.amount,
        "payment_method": payment.payment_method,
        "status": payment.status,
        "failure_reason": payment.failure_reason,
    });
    if let (Some(data), Value::Object(extra)) = (data.as_object_mut(), extra) {
        data.extend(extra);
    }
    let event = Event::caused_now(event_type, data);
    outbox::enqueue(connection, &event).await
}
