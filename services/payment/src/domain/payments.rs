//! Paying for a pending booking, once: the request is checked, the booking must be pending, not
//! expired and cost exactly the amount; the attempt is recorded before the card is charged, so a
//! second attempt (another key, another tab) is refused while this one runs or after it
//! succeeded; the outcome is recorded with its event. The card is charged under the attempt's
//! id as the processor's idempotency key: when anything fails between the charge and its
//! record, the same request tried again (same key) takes the attempt up again and learns the
//! first charge's outcome, and attempts left pending are reconciled with the processor, never
//! charged twice nor dropped.

use chrono::{Datelike, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use service_kit::FieldError;
use uuid::Uuid;

use super::Settled;
use crate::{
    error::{PaymentError, PaymentResult},
    metrics::{PaymentMetrics, PaymentOutcome, Settlement},
    money,
    provider::{Card, Charge, Decline, Outcome, PaymentProvider, luhn_valid},
    repo::payments::{self as stored, NewPayment, Payment},
    state::AppState,
};

/// `POST /process`'s body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PaymentRequest {
    pub booking_id: Uuid,
    /// `card` (`credit_card` and `debit_card` are taken as `card`; needs `card`) or `cash`
    /// (staff only).
    pub payment_method: String,
    /// A number or a decimal string, in the currency's units.
    #[schema(value_type = crate::http::Amount)]
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
    // The same request tried again (its answer lost to a crash or a dropped connection): its
    // attempt is taken up again with the processor, or its recorded outcome answered.
    let resumed = match stored::find_by_key(&state.pool, &idempotency_key).await? {
        Some(earlier) if earlier.status == "pending" => Some(earlier.id),
        Some(earlier) if earlier.status == "failed" => {
            let reason = earlier.failure_reason.clone().unwrap_or_default();
            return Settled::refused(&state.pool, PaymentError::AttemptFailed(reason)).await;
        }
        Some(earlier) => {
            return Ok(Settled {
                tx: state.pool.begin().await?,
                outcome: Ok(Charged::Paid(earlier)),
                settlement: None,
            });
        }
        None => None,
    };
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
    if let Some(reason) = refusal.filter(|_| resumed.is_none()) {
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
    let id = match resumed {
        Some(id) => id,
        None => match reserve(state, &attempt).await? {
            Ok(id) => id,
            Err(reason) => return Settled::refused(&state.pool, reason).await,
        },
    };
    // The processor's idempotency key is the attempt's own id: a retry of this attempt, or its
    // reconciliation after a crash, can never charge the card twice.
    let key = id.to_string();
    let charged = match order.card {
        Some(card) => {
            let charge = state.provider.charge(card, order.amount, &key);
            match tokio::time::timeout(state.provider_timeout, charge).await {
                // No answer: the processor settles the key now, charged or never to be.
                Err(_) | Ok(Err(Decline::Timeout)) => state.provider.settle(&key).await?,
                Ok(outcome) => outcome,
            }
        }
        None => Ok(Charge {
            transaction_id: format!("cash_{}", Uuid::new_v4().simple()),
        }),
    };
    let mut tx = state.pool.begin().await?;
    let (payment, settlement) = match record(&mut tx, id, &charged).await? {
        Some((payment, settlement)) => (payment, Some(settlement)),
        // Recorded (and counted) meanwhile by the reconciler: answer what was recorded.
        None => {
            let recorded = stored::find(&mut *tx, id).await?;
            (recorded.ok_or(PaymentError::PaymentNotFound)?, None)
        }
    };
    tracing::info!(payment = %id, booking = %booking.id, status = payment.status, "payment recorded");
    Ok(Settled {
        tx,
        outcome: Ok(match charged {
            Ok(_) => Charged::Paid(payment),
            Err(decline) => Charged::Declined(payment, decline),
        }),
        settlement,
    })
}

/// Records the outcome of a pending attempt with its event (`payment.completed` or
/// `payment.failed`): the payment as recorded and what it settles; `None` when it was recorded
/// before.
async fn record(
    tx: &mut sqlx::PgConnection,
    id: Uuid,
    charged: &Outcome,
) -> PaymentResult<Option<(Payment, Settlement)>> {
    let failure = charged.as_ref().err().map(ToString::to_string);
    let outcome = match charged {
        Ok(charge) => Ok(charge.transaction_id.as_str()),
        Err(_) => Err(failure.as_deref().unwrap_or_default()),
    };
    let Some(payment) = stored::record_outcome(tx, id, outcome).await? else {
        return Ok(None);
    };
    let event_type = match charged {
        Ok(_) => "payment.completed",
        Err(_) => "payment.failed",
    };
    stored::record_event(tx, event_type, &payment, json!({})).await?;
    let ended = match charged {
        Ok(_) => PaymentOutcome::Succeeded,
        Err(Decline::Declined | Decline::InsufficientFunds) => PaymentOutcome::Declined,
        Err(Decline::Timeout) => PaymentOutcome::Failed,
    };
    let settlement = Settlement::Payment(ended, payment.amount_whole);
    Ok(Some((payment, settlement)))
}

/// An attempt still pending this long after it began was cut short (a crash, a lost database
/// connection): it is settled with the processor rather than left, or charged again.
fn stale_after(state: &AppState) -> std::time::Duration {
    state.provider_timeout + std::time::Duration::from_secs(30)
}

/// Settles a pending attempt with the processor (charged, declined, or never to be charged) and
/// records what it says, with its event (counted in `metrics`).
pub async fn reconcile(
    pool: &sqlx::PgPool,
    provider: &dyn PaymentProvider,
    metrics: &PaymentMetrics,
    id: Uuid,
) -> PaymentResult<()> {
    let outcome = provider.settle(&id.to_string()).await?;
    let mut tx = pool.begin().await?;
    let recorded = record(&mut tx, id, &outcome).await?;
    if let Some((payment, _)) = &recorded {
        tracing::warn!(payment = %id, status = payment.status, "interrupted payment reconciled with the processor");
    }
    tx.commit().await?;
    metrics.count(recorded.map(|(_, settlement)| settlement));
    Ok(())
}

/// Reconciles the attempts left pending, for as long as the service runs (after a restart, the
/// ones its crash interrupted).
pub fn spawn_reconciler(state: AppState, every: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            match stored::stale_attempts(&state.pool, stale_after(&state)).await {
                Ok(ids) => {
                    for id in ids {
                        let reconciled =
                            reconcile(&state.pool, state.provider.as_ref(), &state.metrics, id);
                        if let Err(error) = reconciled.await {
                            tracing::warn!(%error, payment = %id, "payment not reconciled yet");
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "pending payments not read"),
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Records the attempt as `pending` before charging. An attempt of another request left pending
/// too long is reconciled first. The inner `Err` is a final refusal (the booking is paid).
async fn reserve(
    state: &AppState,
    attempt: &NewPayment<'_>,
) -> PaymentResult<Result<Uuid, PaymentError>> {
    for _ in 0..2 {
        if let Some(id) = stored::insert_pending(&state.pool, attempt).await? {
            return Ok(Ok(id));
        }
        let live =
            stored::live_attempt(&state.pool, attempt.booking_id, stale_after(state)).await?;
        let Some((id, status, key, stale)) = live else {
            continue;
        };
        if status != "pending" {
            return Ok(Err(PaymentError::BookingAlready("paid".into())));
        }
        if key == attempt.idempotency_key {
            return Ok(Ok(id));
        }
        if !stale {
            return Err(PaymentError::BeingProcessed);
        }
        reconcile(&state.pool, state.provider.as_ref(), &state.metrics, id).await?;
    }
    Err(PaymentError::BeingProcessed)
}
