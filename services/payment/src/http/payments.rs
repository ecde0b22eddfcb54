//! `POST /process` (and `POST /payments`), `GET /payments`, `GET /payments/{id}`: pay for a
//! pending booking, once, whatever the network does.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
};
use serde_json::{Value, json};
use service_kit::{ApiResult, Json, Path, Query, auth::AuthUser, openapi::ErrorBody};
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

/// A declined card (`402`): the failed payment is recorded with its reason.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Declined {
    /// What the processor said, in English.
    pub detail: String,
    /// `card_declined` or `insufficient_funds`.
    pub code: &'static str,
    /// The payment as recorded (`status` `failed`).
    pub payment: Payment,
    /// The same as `code`.
    pub decline_code: &'static str,
}

/// Pays for a pending booking, once: the same `Idempotency-Key` (header, or
/// `idempotency_key` in the body) with the same request answers the first answer again.
#[utoipa::path(post, path = "/process", tag = "payments",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header,
        description = "1 to 255 characters; overrides `idempotency_key` in the body. Without \
            either, the request is not protected against being repeated")),
    request_body = PaymentRequest,
    responses(
        (status = 201, description = "Paid", body = Payment),
        (status = 400, description = "The booking is not pending (`booking_already`, \
            `params.status`) or has expired (`booking_expired`), the amount is not its total \
            (`wrong_amount`, `params.amount`), this request's attempt failed before \
            (`payment_attempt_failed`: pay again with a new key), the Idempotency-Key is empty or \
            too long (`bad_idempotency_key`), or the body is not well-formed JSON",
            body = ErrorBody),
        (status = 402, description = "The card was declined (`card_declined`, \
            `insufficient_funds`)", body = Declined),
        (status = 403, description = "Only box-office staff take cash (`cash_staff_only`)",
            body = ErrorBody),
        (status = 404, description = "No such booking of the caller's", body = ErrorBody),
        (status = 409, description = "A request with this key is still running \
            (`idempotency_key_in_use`), or another payment of the booking is \
            (`payment_in_progress`)", body = ErrorBody),
        (status = 422, description = "Fields that are not valid (`detail` lists them), or the \
            key was used for a different request (`idempotency_key_reused`)", body = ErrorBody),
        (status = 503, description = "The booking service cannot be asked", body = ErrorBody),
        (status = 504, description = "The card processor did not answer in time; the card was \
            not charged (`processor_timeout`)", body = ErrorBody)))]
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
            serde_json::to_value(Declined {
                detail: decline.to_string(),
                code: decline.code(),
                payment,
                decline_code: decline.code(),
            })
            .unwrap_or_default(),
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
    // Counted once committed with its answer: a replay is answered from that, never counted.
    state.metrics.count(settled.settlement);
    Ok((answer.0, Json(answer.1)))
}

pub(super) fn as_json(payment: &Payment) -> Value {
    serde_json::to_value(payment).unwrap_or_default()
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaymentsQuery {
    /// Only the payments of this booking (any customer's, for staff).
    pub booking_id: Option<Uuid>,
}

/// The caller's payments, newest first; with `booking_id`, that booking's (staff: anyone's).
#[utoipa::path(get, path = "/payments", tag = "payments",
    security(("bearer" = [])),
    params(PaymentsQuery),
    responses((status = 200, description = "The payments (at most 200; a booking's, at most 20)",
        body = [Payment])))]
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
#[utoipa::path(get, path = "/payments/{id}", tag = "payments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The payment")),
    responses(
        (status = 200, description = "The payment", body = Payment),
        (status = 404, description = "No such payment of the caller's (`payment_not_found`)",
            body = ErrorBody)))]
pub async fn get_payment(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Payment>> {
    Ok(Json(visible(&state.pool, &caller(&user), id).await?))
}
