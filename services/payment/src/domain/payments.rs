//! Paying for a pending booking, once: the request is checked, the booking must be pending, not
//! expired and cost exactly the amount; the attempt is recorded before the card is charged, so a
//! second attempt (another key, another tab) is refused while this one runs or after it
//! succeeded; the outcome is recorded with its event.

use chrono::{Datelike, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use service_kit::FieldError;
use uuid::Uuid;

use super::Settled;
use crate::{
    error::{PaymentError, PaymentResult},
    money,
    provider::{Card, Charge, Decline, luhn_valid},
    repo::payments::{self as stored, NewPayment, Payment},
    state::AppState,
};

/// `POST /process`'s body.
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
pub enum Method {
    Card,
    Cash,
}

/// A payment request that passed its checks.
pub struct Order<'a> {
    pub booking_id: Uuid,
    pub method: Method,
    pub amount: i64,
    pub card: Option<&'a Card>,
}

/// What the charge came to, as final for its idempotency key.
pub enum Charged {
    Paid(Payment),
    Declined(Payment, Decline),
}

/// Checks the request's own fields (each wrong one named) and who may pay how.
pub fn order(request: &PaymentRequest, is_staff: bool) -> PaymentResult<Order<'_>> {
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
            Some(card) => errors.extend(card_errors(card)),
        }
    }
    let (Some(method), Some(amount), true) = (method, amount, errors.is_empty()) else {
        return Err(PaymentError::Invalid(errors));
    };
    if method == Method::Cash && !is_staff {
        return Err(PaymentError::CashStaffOnly);
    }
    Ok(Order {
        booking_id: request.booking_id,
        method,
        amount,
        card: request.card.as_ref().filter(|_| method == Method::Card),
    })
}

fn card_errors(card: &Card) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !luhn_valid(&card.digits()) {
        errors.push(FieldError::body("card.number", "Card number is not valid"));
    }
    let today = Utc::now();
    let expired = (card.exp_year as i32, card.exp_month) < (today.year(), today.month());
    if !(1..=12).contains(&card.exp_month) || expired {
        errors.push(FieldError::body("card.exp_month", "Card has expired"));
    }
    if !(3..=4).contains(&card.cvc.len()) || !card.cvc.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(FieldError::body(
            "card.cvc",
            "Security code must be 3 or 4 digits",
        ));
    }
    errors
}

/// Checks the booking (as the caller sees it, with their `token`), records the attempt, charges
/// and records the outcome with its event. A refusal of the booking is final for the key; a
/// service that cannot be asked, or an attempt already running, is an error (try again).
pub async fn pay(
    state: &AppState,
    token: &str,
    order: &Order<'_>,
    idempotency_key: String,
) -> PaymentResult<Settled<Charged>> {
    let booking = state.upstream.booking(order.booking_id, token).await?;
    let total = money::cents(&Value::String(booking.total_price.clone())).unwrap_or_default();
    let refusal = if booking.status != "pending" {
        Some(PaymentError::BookingAlready(booking.status.clone()))
    } else if booking.expires_at.is_some_and(|at| at <= Utc::now()) {
        Some(PaymentError::BookingExpired)
    } else if order.amount != total {
        Some(PaymentError::WrongAmount(money::format(total)))
    } else {
        None
    };
    if let Some(reason) = refusal {
        return Settled::refused(&state.pool, reason).await;
    }
    let attempt = NewPayment {
        booking_id: booking.id,
        user_id: booking.user_id,
        amount_cents: order.amount,
        method: match order.method {
            Method::Card => "card",
            Method::Cash => "cash",
        },
        card_brand: order.card.map(Card::brand),
        card_last4: order.card.map(Card::last4),
        idempotency_key,
    };
    let id = match reserve(state, &attempt).await? {
        Ok(id) => id,
        Err(reason) => return Settled::refused(&state.pool, reason).await,
    };
    let charged = match order.card {
        Some(card) => {
            let charge = state.provider.charge(card, order.amount);
            tokio::time::timeout(state.provider_timeout, charge)
                .await
                .unwrap_or(Err(Decline::Timeout))
        }
        None => Ok(Charge {
            transaction_id: format!("cash_{}", Uuid::new_v4().simple()),
        }),
    };
    let mut tx = state.pool.begin().await?;
    let failure = charged.as_ref().err().map(ToString::to_string);
    let recorded = match &charged {
        Ok(charge) => Ok(charge.transaction_id.as_str()),
        Err(_) => Err(failure.as_deref().unwrap_or_default()),
    };
    let payment = stored::record_outcome(&mut tx, id, recorded).await?;
    let event_type = match charged {
        Ok(_) => "payment.completed",
        Err(_) => "payment.failed",
    };
    stored::record_event(&mut tx, event_type, &payment, json!({})).await?;
    tracing::info!(payment = %id, booking = %booking.id, status = payment.status, "payment recorded");
    Ok(Settled {
        tx,
        outcome: Ok(match charged {
            Ok(_) => Charged::Paid(payment),
            Err(decline) => Charged::Declined(payment, decline),
        }),
    })
}

/// Records the attempt as `pending` before charging. An attempt left pending by a crash stops
/// counting after two minutes. The inner `Err` is a final refusal (the booking is paid).
async fn reserve(
    state: &AppState,
    attempt: &NewPayment<'_>,
) -> PaymentResult<Result<Uuid, PaymentError>> {
    for _ in 0..2 {
        if let Some(id) = stored::insert_pending(&state.pool, attempt).await? {
            return Ok(Ok(id));
        }
        let live = stored::live_status(&state.pool, attempt.booking_id).await?;
        if live.as_deref() != Some("pending") {
            return Ok(Err(PaymentError::BookingAlready("paid".into())));
        }
        if !stored::fail_stale_attempt(&state.pool, attempt.booking_id).await? {
            return Err(PaymentError::BeingProcessed);
        }
    }
    Err(PaymentError::BeingProcessed)
}
