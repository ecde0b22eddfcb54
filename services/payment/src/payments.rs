//! `POST /process` (and `POST /payments`), `GET /payments`, `GET /payments/{id}`: pay for a
//! pending booking, once, whatever the network does.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
};
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use service_kit::{
    ApiError, ApiResult, FieldError, Json, Path,
    auth::AuthUser,
    correlation::CorrelationId,
    events::{Event, outbox},
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    AppState,
    idempotency::{self, Key},
    money,
    provider::{Card, Decline, luhn_valid},
};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Payment {
    pub id: Uuid,
    pub booking_id: Uuid,
    pub user_id: Uuid,
    pub amount: String,
    pub payment_method: String,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub transaction_id: Option<String>,
    pub status: String,
    pub failure_reason: Option<String>,
    pub refunded_amount: String,
    pub payment_date: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub const SELECT: &str = "SELECT id, booking_id, user_id, amount::text AS amount, payment_method,
    card_brand, card_last4, transaction_id, status, failure_reason,
    refunded_amount::text AS refunded_amount, payment_date, created_at FROM payments";

#[derive(Debug, Deserialize)]
pub struct PaymentRequest {
    pub booking_id: Uuid,
    pub payment_method: String,
    /// A number or a decimal string, in the currency's units.
    pub amount: Value,
    pub idempotency_key: Option<String>,
    pub card: Option<Card>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Method {
    Card,
    Cash,
}

/// Checks the request's own fields; 422 naming each that is wrong.
fn validate(request: &PaymentRequest, caller: &AuthUser) -> ApiResult<(Method, i64)> {
    let mut errors = Vec::new();
    let method = match request.payment_method.as_str() {
        "card" | "credit_card" | "debit_card" => Some(Method::Card),
        "cash" => Some(Method::Cash),
        _ => {
            errors.push(FieldError::body(
                "payment_method",
                "Payment method must be card or cash",
            ));
            None
        }
    };
    let amount = money::cents(&request.amount).filter(|cents| *cents > 0);
    if amount.is_none() {
        errors.push(FieldError::body(
            "amount",
            "Amount must be a positive number",
        ));
    }
    if method == Some(Method::Card) {
        match &request.card {
            None => errors.push(FieldError::body("card", "Card details are required")),
            Some(card) => {
                if !luhn_valid(&card.digits()) {
                    errors.push(FieldError::body("card.number", "Card number is not valid"));
                }
                let today = Utc::now();
                let expired =
                    (card.exp_year as i32, card.exp_month) < (today.year(), today.month());
                if !(1..=12).contains(&card.exp_month) || expired {
                    errors.push(FieldError::body("card.exp_month", "Card has expired"));
                }
                if !(3..=4).contains(&card.cvc.len())
                    || !card.cvc.bytes().all(|b| b.is_ascii_digit())
                {
                    errors.push(FieldError::body(
                        "card.cvc",
                        "Security code must be 3 or 4 digits",
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let method = method.expect("checked above");
    if method == Method::Cash && !caller.is_staff() {
        return Err(ApiError::Forbidden(
            "Only box-office staff take cash".into(),
        ));
    }
    Ok((method, amount.expect("checked above")))
}

fn bearer(headers: &HeaderMap) -> String {
    service_kit::auth::bearer_in(headers)
        .unwrap_or_default()
        .to_owned()
}

fn problem(status: StatusCode, detail: impl Into<String>) -> (StatusCode, Value) {
    (status, json!({ "detail": detail.into() }))
}

pub async fn process(
    State(state): State<AppState>,
    caller: AuthUser,
    headers: HeaderMap,
    Json(request): Json<PaymentRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let (method, amount) = validate(&request, &caller)?;
    let key_text = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.idempotency_key.clone())
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    if key_text.is_empty() || key_text.len() > 255 {
        return Err(ApiError::BadRequest(
            "Idempotency-Key must be 1 to 255 characters".into(),
        ));
    }
    let key = Key {
        scope: "payment",
        user_id: caller.id,
        key: &key_text,
    };
    let fingerprint = idempotency::fingerprint(&json!({
        "booking_id": request.booking_id,
        "method": request.payment_method,
        "amount": amount,
        // Never the whole number, not even hashed: card numbers are too few to hide in a hash.
        "card": request.card.as_ref().map(|card| (card.brand(), card.last4(), card.exp_month, card.exp_year)),
    }));
    if let Some((status, body)) = idempotency::begin(&state.pool, &key, &fingerprint).await? {
        return Ok((status, Json(body)));
    }
    match pay(
        &state,
        &caller,
        &bearer(&headers),
        &request,
        method,
        amount,
        &key,
    )
    .await
    {
        Ok((status, body)) => Ok((status, Json(body))),
        Err(error) => {
            // Nothing was charged: let the same request be tried again with the same key.
            idempotency::abandon(&state.pool, &key).await?;
            Err(error)
        }
    }
}

/// Checks the booking, charges, and records the outcome with its event and the key's answer
/// in one transaction. Answers that are final for this key are `Ok`.
async fn pay(
    state: &AppState,
    caller: &AuthUser,
    token: &str,
    request: &PaymentRequest,
    method: Method,
    amount: i64,
    key: &Key<'_>,
) -> ApiResult<(StatusCode, Value)> {
    let booking = state.upstream.booking(request.booking_id, token).await?;
    let total = money::cents(&Value::String(booking.total_price.clone())).unwrap_or_default();
    let refusal = if booking.status != "pending" {
        Some(format!("Booking is already {}", booking.status))
    } else if booking.expires_at.is_some_and(|at| at <= Utc::now()) {
        Some("The booking has expired; please choose your seats again".to_owned())
    } else if amount != total {
        Some(format!(
            "Amount must be {}, the booking's total",
            money::format(total)
        ))
    } else {
        None
    };
    if let Some(detail) = refusal {
        let (status, body) = problem(StatusCode::BAD_REQUEST, detail);
        let mut connection = state.pool.acquire().await?;
        idempotency::finish(&mut connection, key, status, &body).await?;
        return Ok((status, body));
    }

    let card = request.card.as_ref().filter(|_| method == Method::Card);
    let id = match reserve(state, &booking, amount, method, card, key).await? {
        Ok(id) => id,
        Err(detail) => {
            let (status, body) = problem(StatusCode::BAD_REQUEST, detail);
            let mut connection = state.pool.acquire().await?;
            idempotency::finish(&mut connection, key, status, &body).await?;
            return Ok((status, body));
        }
    };

    let outcome = match card {
        Some(card) => {
            match tokio::time::timeout(state.provider_timeout, state.provider.charge(card, amount))
                .await
            {
                Ok(result) => result,
                Err(_) => Err(Decline::Timeout),
            }
        }
        None => Ok(crate::provider::Charge {
            transaction_id: format!("cash_{}", Uuid::new_v4().simple()),
        }),
    };
    let mut tx = state.pool.begin().await?;
    let (status, failure) = match &outcome {
        Ok(_) => ("completed", None),
        Err(decline) => ("failed", Some(decline.to_string())),
    };
    sqlx::query(
        "UPDATE payments SET status = $2, failure_reason = $3, transaction_id = $4,
                payment_date = CASE WHEN $2 = 'completed' THEN now() END
         WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(&failure)
    .bind(
        outcome
            .as_ref()
            .ok()
            .map(|charge| charge.transaction_id.clone()),
    )
    .execute(&mut *tx)
    .await?;
    let payment = find(&mut tx, id).await?;
    let event_type = if outcome.is_ok() {
        "payment.completed"
    } else {
        "payment.failed"
    };
    record_event(&mut tx, event_type, &payment, json!({})).await?;
    let (status, body) = match &outcome {
        Ok(_) => (
            StatusCode::CREATED,
            serde_json::to_value(&payment).expect("serialises"),
        ),
        Err(Decline::Timeout) => problem(StatusCode::GATEWAY_TIMEOUT, Decline::Timeout.to_string()),
        Err(decline) => {
            let mut body = json!({ "detail": decline.to_string(), "payment": payment });
            body["decline_code"] = json!(match decline {
                Decline::Declined => "card_declined",
                Decline::InsufficientFunds => "insufficient_funds",
                Decline::Timeout => "processor_timeout",
            });
            (StatusCode::PAYMENT_REQUIRED, body)
        }
    };
    idempotency::finish(&mut tx, key, status, &body).await?;
    tx.commit().await?;
    tracing::info!(payment = %id, booking = %booking.id, user = %caller.id, %status, "payment recorded");
    Ok((status, body))
}

/// Records the attempt as `pending` before charging, so that a second attempt for the booking
/// (another key, another tab) is refused while this one runs or after it succeeded. An attempt
/// left pending by a crash stops counting after two minutes. `Err` is the reason to refuse.
async fn reserve(
    state: &AppState,
    booking: &crate::upstream::Booking,
    amount: i64,
    method: Method,
    card: Option<&Card>,
    key: &Key<'_>,
) -> ApiResult<Result<Uuid, String>> {
    for _ in 0..2 {
        let inserted: Result<Uuid, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO payments (booking_id, user_id, amount, payment_method, card_brand,
                                   card_last4, idempotency_key, status)
             VALUES ($1, $2, $3::numeric / 100, $4, $5, $6, $7, 'pending') RETURNING id",
        )
        .bind(booking.id)
        .bind(booking.user_id)
        .bind(amount)
        .bind(if method == Method::Card {
            "card"
        } else {
            "cash"
        })
        .bind(card.map(Card::brand))
        .bind(card.map(Card::last4))
        .bind(format!("{}:{}", key.user_id, key.key))
        .fetch_one(&state.pool)
        .await;
        match inserted {
            Ok(id) => return Ok(Ok(id)),
            Err(error)
                if error.as_database_error().and_then(|e| e.constraint())
                    == Some("payments_one_live_per_booking") => {}
            Err(error) => return Err(error.into()),
        }
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT status FROM payments WHERE booking_id = $1 AND status <> 'failed'",
        )
        .bind(booking.id)
        .fetch_optional(&state.pool)
        .await?;
        if existing.as_deref() != Some("pending") {
            return Ok(Err("Booking is already paid".into()));
        }
        let stale = sqlx::query(
            "UPDATE payments SET status = 'failed',
                    failure_reason = 'Interrupted before the card processor answered'
             WHERE booking_id = $1 AND status = 'pending' AND created_at < now() - interval '2 minutes'",
        )
        .bind(booking.id)
        .execute(&state.pool)
        .await?
        .rows_affected();
        if stale == 0 {
            return Err(ApiError::Conflict(
                "A payment for this booking is already being processed".into(),
            ));
        }
    }
    Err(ApiError::Conflict(
        "A payment for this booking is already being processed".into(),
    ))
}

pub async fn find(connection: &mut PgConnection, id: Uuid) -> sqlx::Result<Payment> {
    sqlx::query_as::<_, Payment>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_one(connection)
        .await
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
    let event = Event::new(
        event_type,
        data,
        CorrelationId::current().map(|id| id.as_str().to_owned()),
    );
    outbox::enqueue(connection, &event).await
}

pub async fn mine(
    State(state): State<AppState>,
    caller: AuthUser,
) -> ApiResult<Json<Vec<Payment>>> {
    let payments = sqlx::query_as::<_, Payment>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200"
    )))
    .bind(caller.id)
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(payments))
}

/// The payment, for its owner or staff; anyone else gets 404.
pub async fn visible(state: &AppState, caller: &AuthUser, id: Uuid) -> ApiResult<Payment> {
    let mut connection = state.pool.acquire().await?;
    match find(&mut connection, id).await {
        Ok(payment) if payment.user_id == caller.id || caller.is_staff() => Ok(payment),
        Ok(_) | Err(sqlx::Error::RowNotFound) => {
            Err(ApiError::NotFound("Payment not found".into()))
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn get_one(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Payment>> {
    Ok(Json(visible(&state, &caller, id).await?))
}
