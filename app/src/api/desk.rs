//! The box office's booking desk: staff look up the booking a customer reads out, give back
//! some of its seats or all of it (at any time, unlike customers), and make goodwill refunds,
//! which need a reason and leave the seats as they are.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::booking::{BookingView, Outcome};

/// A booking's payment as the desk shows it (whole đồng).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentSummary {
    pub id: String,
    pub paid: i64,
    pub refunded: i64,
    /// `completed`, `partially_refunded` or `refunded`.
    pub status: String,
    /// `card` or `cash`.
    pub method: String,
}

impl PaymentSummary {
    /// What can still be given back.
    pub fn left(&self) -> i64 {
        self.paid - self.refunded
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskBooking {
    pub booking: BookingView,
    /// The payment that went through, if any (none for an unpaid or free booking).
    pub payment: Option<PaymentSummary>,
}

#[cfg(feature = "ssr")]
fn whole(amount: &serde_json::Value) -> i64 {
    crate::format::whole_units(amount.as_str().unwrap_or_default())
}

/// The booking with this code, and its payment (staff).
#[server]
pub async fn look_up_booking(code: String) -> Result<Outcome<DeskBooking>, ServerFnError> {
    use super::{
        backend::Backend,
        booking::server::{Booking, described, outcome, token, uuid_only},
    };

    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let code: String = (code.chars())
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect();
    if code.is_empty() {
        return Ok(Outcome::Refused(crate::t!("desk-type-code")));
    }
    let backend = expect_context::<Backend>();
    let found = backend
        .booking_get::<Booking>(&format!("/bookings/by-code/{code}"), &token)
        .await;
    let booking = match found {
        Ok(booking) => booking,
        Err(error) => return outcome(error),
    };
    let path = format!(
        "/payments?booking_id={}",
        uuid_only(&booking.id.to_string())
    );
    let payments: Vec<serde_json::Value> = match backend.payment_get(&path, &token).await {
        Ok(payments) => payments,
        Err(error) => {
            tracing::warn!(%error, "payments of a booking unavailable");
            return Err(ServerFnError::new(crate::t!("staff-payments-unavailable")));
        }
    };
    let payment = (payments.iter())
        .find(|payment| payment["status"] != "failed" && payment["status"] != "pending")
        .map(|payment| PaymentSummary {
            id: payment["id"].as_str().unwrap_or_default().to_owned(),
            paid: whole(&payment["amount"]),
            refunded: whole(&payment["refunded_amount"]),
            status: payment["status"].as_str().unwrap_or_default().to_owned(),
            method: payment["payment_method"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        });
    let Some(booking) = described(&backend, vec![booking]).await.pop() else {
        return Ok(Outcome::NotFound);
    };
    Ok(Outcome::Done(DeskBooking { booking, payment }))
}

/// A goodwill refund of `amount` đồng with its `reason` (staff); `key` is one per attempt, so a
/// double tap refunds once.
#[server]
pub async fn goodwill_refund(
    payment_id: String,
    amount: i64,
    reason: String,
    key: String,
) -> Result<Outcome<()>, ServerFnError> {
    use super::{
        backend::{Backend, BackendError},
        booking::server::{token, uuid_only},
    };

    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let reason = reason.trim().to_owned();
    if reason.is_empty() {
        return Ok(Outcome::Refused(crate::t!("desk-say-why")));
    }
    if amount <= 0 {
        return Ok(Outcome::Refused(crate::t!(
            "desk-enter-amount",
            currency = crate::format::currency_sign()
        )));
    }
    let path = format!("/payments/{}/refund", uuid_only(&payment_id));
    let body = serde_json::json!({ "amount": amount, "reason": reason });
    let key: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(64)
        .collect();
    match expect_context::<Backend>()
        .payment_post::<serde_json::Value>(&path, &token, &key, &body)
        .await
    {
        Ok(_) => Ok(Outcome::Done(())),
        Err(BackendError::Rejected(rejection)) if rejection.status == 401 => {
            Ok(Outcome::SignInNeeded)
        }
        Err(BackendError::Rejected(rejection)) => Ok(Outcome::Refused(rejection.said())),
        Err(error) => {
            tracing::warn!(%error, "goodwill refund failed");
            Err(ServerFnError::new(crate::t!("staff-payments-unavailable")))
        }
    }
}
