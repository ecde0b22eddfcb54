//! `POST /payments/{id}/refund`: all or part of a payment back, never more than was paid,
//! idempotent like payments, and closed a configurable time before the showtime (staff may
//! still refund). A booking that ended before its payment arrived is refunded automatically
//! (`booking.payment_rejected`).

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};
use service_kit::{
    ApiError, ApiResult, Json, Path,
    auth::AuthUser,
    events::{
        Event,
        consumer::{EventHandler, Permanent, Subscription},
    },
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    AppState,
    idempotency::{self, Key},
    money,
    payments::{self, Payment, visible},
};

#[derive(Debug, Deserialize)]
pub struct RefundRequest {
    /// Part of the payment; all that is left when absent.
    pub amount: Option<Value>,
    pub reason: Option<String>,
}

/// Refunds `amount` cents (or all that is left) of the payment, on `connection` (inside the
/// caller's transaction), recording `payment.refunded`.
pub async fn refund_in(
    connection: &mut PgConnection,
    payment_id: Uuid,
    amount: Option<i64>,
    reason: Option<&str>,
) -> ApiResult<Payment> {
    let (paid, refunded, status): (i64, i64, String) = sqlx::query_as(
        "SELECT (amount * 100)::int8, (refunded_amount * 100)::int8, status FROM payments
         WHERE id = $1 FOR UPDATE",
    )
    .bind(payment_id)
    .fetch_optional(&mut *connection)
    .await?
    .ok_or_else(|| ApiError::NotFound("Payment not found".into()))?;
    if !matches!(status.as_str(), "completed" | "partially_refunded") {
        return Err(ApiError::BadRequest(format!(
            "Only a completed payment can be refunded (this one is {status})"
        )));
    }
    let left = paid - refunded;
    let amount = amount.unwrap_or(left);
    if left == 0 {
        return Err(ApiError::BadRequest(
            "The payment is already fully refunded".into(),
        ));
    }
    if amount <= 0 || amount > left {
        return Err(ApiError::BadRequest(format!(
            "At most {} can be refunded",
            money::format(left)
        )));
    }
    let full = amount == left;
    let refund_id: Uuid = sqlx::query_scalar(
        "INSERT INTO refunds (payment_id, amount, reason) VALUES ($1, $2::numeric / 100, $3)
         RETURNING id",
    )
    .bind(payment_id)
    .bind(amount)
    .bind(reason)
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
    .execute(&mut *connection)
    .await?;
    let payment = payments::find(connection, payment_id).await?;
    payments::record_event(
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

pub async fn refund(
    State(state): State<AppState>,
    caller: AuthUser,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    Json(request): Json<RefundRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let payment = visible(&state, &caller, id).await?;
    let amount = match &request.amount {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            money::cents(value)
                .filter(|cents| *cents > 0)
                .ok_or_else(|| ApiError::BadRequest("Amount must be a positive number".into()))?,
        ),
    };
    if !caller.is_staff() {
        let token = service_kit::auth::bearer_in(&headers).unwrap_or_default();
        let booking = state.upstream.booking(payment.booking_id, token).await?;
        let showtime = state.upstream.showtime(booking.showtime_id).await?;
        if Utc::now() + state.refund_cutoff > showtime.starts_at {
            return Err(ApiError::BadRequest(format!(
                "Refunds close {} minutes before the showtime",
                state.refund_cutoff.num_minutes()
            )));
        }
    }
    let key_text = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let scope = format!("refund:{id}");
    let key = Key {
        scope: &scope,
        user_id: caller.id,
        key: &key_text,
    };
    let fingerprint =
        idempotency::fingerprint(&json!({ "amount": amount, "reason": request.reason }));
    if let Some((status, body)) = idempotency::begin(&state.pool, &key, &fingerprint).await? {
        return Ok((status, Json(body)));
    }
    let mut tx = state.pool.begin().await?;
    let (status, body) = match refund_in(&mut tx, id, amount, request.reason.as_deref()).await {
        Ok(payment) => (
            StatusCode::OK,
            serde_json::to_value(payment).expect("serialises"),
        ),
        Err(error @ (ApiError::BadRequest(_) | ApiError::NotFound(_))) => {
            (error.status(), json!({ "detail": error.to_string() }))
        }
        Err(error) => {
            drop(tx);
            idempotency::abandon(&state.pool, &key).await?;
            return Err(error);
        }
    };
    idempotency::finish(&mut tx, &key, status, &body).await?;
    tx.commit().await?;
    Ok((status, Json(body)))
}

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
            let paid: Option<Uuid> = sqlx::query_scalar(
                "SELECT id FROM payments
                 WHERE booking_id = $1 AND status IN ('completed', 'partially_refunded')",
            )
            .bind(booking_id)
            .fetch_optional(&mut *connection)
            .await?;
            let Some(payment_id) = paid else {
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
            // Refunded already (or never completed): nothing more to give back.
            Err(ApiError::BadRequest(detail)) => {
                tracing::info!(%payment_id, detail, "nothing to refund");
                Ok(())
            }
            Err(ApiError::NotFound(_)) => {
                Err(Permanent(format!("unknown payment {payment_id}")).into())
            }
            Err(other) => Err(anyhow::anyhow!("{other}")),
        }
    }
}
