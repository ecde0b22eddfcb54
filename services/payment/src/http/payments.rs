//! `POST /process` (and `POST /payments`), `GET /payments`, `GET /payments/{id}`: pay for a
//! pending booking, once, whatever the network does.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
};
use serde_json::{Value, json};
use service_kit::{ApiResult, Json, Path, Query, auth::AuthUser};
use uuid::Uuid;

use super::idempotency::{self, refusal};
use crate::{
    domain::{
        Caller, listed,
        payments::{self, Charged, PaymentRequest},
        visible,
    },
    error::PaymentError,
    provider::Decline,
    repo::{idempotency::Key, payments::Payment},
    state::AppState,
};

pub(super) fn caller(user: &AuthUser) -> Caller {
    Caller {
        user_id: user.id,
        is_staff: user.is_staff(),
    }
}

pub async fn process_payment(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    Json(request): Json<PaymentRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let order = payments::order(&request, user.is_staff())?;
    let key_text = idempotency::key_text(&headers, request.idempotency_key.as_deref())?;
    let key = Key {
        scope: "payment",
        user_id: user.id,
        key: &key_text,
    };
    let fingerprint = json!({
        "booking_id": request.booking_id,
        "method": request.payment_method,
        "amount": order.amount,
        // Never the whole number, not even hashed: card numbers are too few to hide in a hash.
        "card": request.card.as_ref().map(|card| (card.brand(), card.last4(), card.exp_month, card.exp_year)),
    });
    if let Some((status, body)) = idempotency::begin(&state, &key, &fingerprint).await? {
        return Ok((status, Json(body)));
    }
    let token = service_kit::auth::bearer_in(&headers).unwrap_or_default();
    let stored_key = format!("{}:{}", key.user_id, key.key);
    let settled = match payments::pay(&state, token, &order, stored_key).await {
        Ok(settled) => settled,
        // The same request may be tried again with the same key: it takes up the same attempt
        // with the processor (its key is the attempt's id), so a card is never charged twice.
        Err(error) => return Err(idempotency::abandon(&state, &key, error).await),
    };
    let mut tx = settled.tx;
    let answer = match settled.outcome {
        Ok(Charged::Paid(payment)) => (StatusCode::CREATED, as_json(&payment)),
        Ok(Charged::Declined(_, Decline::Timeout)) => (
            StatusCode::GATEWAY_TIMEOUT,
            json!({
                "detail": Decline::Timeout.to_string(),
                "code": Decline::Timeout.code(),
            }),
        ),
        Ok(Charged::Declined(payment, decline)) => (
            StatusCode::PAYMENT_REQUIRED,
            json!({
                "detail": decline.to_string(),
                "code": decline.code(),
                "payment": payment,
                "decline_code": decline.code(),
            }),
        ),
        Err(reason) => refusal(reason),
    };
    // Recorded with its answer, or not at all: then the key is given up for a retry.
    let recorded = match idempotency::finish(&mut tx, &key, &answer).await {
        Ok(()) => tx.commit().await.map_err(PaymentError::from),
        Err(error) => Err(error),
    };
    if let Err(error) = recorded {
        return Err(idempotency::abandon(&state, &key, error).await);
    }
    Ok((answer.0, Json(answer.1)))
}

pub(super) fn as_json(payment: &Payment) -> Value {
    serde_json::to_value(payment).unwrap_or_default()
}

#[derive(Debug, serde::Deserialize)]
pub struct PaymentsQuery {
    /// Only the payments of this booking (any customer's, for staff).
    pub booking_id: Option<Uuid>,
}

/// The caller's payments, newest first; with `booking_id`, that booking's (staff: anyone's).
pub async fn my_payments(
    State(state): State<AppState>,
    user: AuthUser,
    Query(query): Query<PaymentsQuery>,
) -> ApiResult<Json<Vec<Payment>>> {
    Ok(Json(
        listed(&state.pool, &caller(&user), query.booking_id).await?,
    ))
}

/// The payment, for its owner or staff; anyone else gets 404.
pub async fn get_payment(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Payment>> {
    Ok(Json(visible(&state.pool, &caller(&user), id).await?))
}
