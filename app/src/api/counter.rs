//! Selling at the box office: the staff member's hold becomes a booking for a walk-in customer
//! (an optional name and email), paid in cash or by card through the payment service like any
//! other booking, and confirmed the moment the payment is applied (the booking service answers
//! as soon as it is settled, no polling); the receipt carries the ticket to print.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::booking::{BookingView, CardDetails, TicketView};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CounterPayment {
    /// Cash: the amount handed over, in whole đồng.
    Cash { tendered: i64 },
    /// A card at the counter's terminal (the simulated processor).
    Card(CardDetails),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterSale {
    pub showtime_id: String,
    pub hold_id: String,
    pub seat_ids: Vec<String>,
    /// The booking an earlier try of this sale made (its payment did not go through).
    pub booking_id: Option<String>,
    pub customer_name: String,
    pub customer_email: String,
    pub payment: CounterPayment,
    /// Staff asked, and a wheelchair space among the seats is needed.
    #[serde(default)]
    pub needs_wheelchair_space: bool,
    /// One per try: a double tap charges once.
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub booking: BookingView,
    /// `None` only if the confirmation is still on its way.
    pub ticket: Option<TicketView>,
    pub paid_by: String,
    pub tendered: Option<i64>,
    pub change_due: Option<i64>,
    pub customer_name: Option<String>,
    pub emailed_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SaleOutcome {
    Sold(Box<Receipt>),
    /// The payment did not go through: the booking keeps the seats for another try.
    NotPaid {
        booking_id: String,
        reason: String,
    },
    /// Seats (labels) someone else took meanwhile.
    Taken(Vec<String>),
    Refused(String),
    SignInNeeded,
}

/// Sells the held seats: books them for the walk-in (unless an earlier try did), takes the
/// payment, and waits for the booking to be confirmed.
#[server]
pub async fn sell_at_counter(sale: CounterSale) -> Result<SaleOutcome, ServerFnError> {
    use api_types::holds::{CounterSale as WalkIn, SeatRequest};

    use super::{
        backend::{Backend, BackendError},
        booking::server::{Booking, described, outcome, token, uuid_only},
    };

    let Some(token) = token() else {
        return Ok(SaleOutcome::SignInNeeded);
    };
    let backend = expect_context::<Backend>();
    let given = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
    let booking: Booking = match &sale.booking_id {
        Some(id) => match backend
            .booking_get(&format!("/bookings/{}", uuid_only(id)), &token)
            .await
        {
            Ok(booking) => booking,
            Err(error) => return Ok(refusal(outcome::<()>(error)?)),
        },
        None => {
            let (Ok(showtime_id), Ok(hold_id)) = (
                uuid_only(&sale.showtime_id).parse(),
                uuid_only(&sale.hold_id).parse(),
            ) else {
                return Ok(SaleOutcome::Refused(crate::t!("counter-choose-again")));
            };
            let request = SeatRequest {
                showtime_id,
                seat_ids: sale.seat_ids.clone(),
                best_available: None,
                needs_wheelchair_space: sale.needs_wheelchair_space,
                hold_id: Some(hold_id),
                counter_sale: Some(WalkIn {
                    customer_name: given(&sale.customer_name),
                    customer_email: given(&sale.customer_email),
                }),
            };
            match backend.booking_post("/bookings", &token, &request).await {
                Ok(booking) => booking,
                Err(error) => return Ok(refusal(outcome::<()>(error)?)),
            }
        }
    };
    let booking_id = booking.id.to_string();
    let total = crate::format::whole_units(&booking.total_price);
    let not_paid = |reason: String| SaleOutcome::NotPaid {
        booking_id: booking_id.clone(),
        reason,
    };
    let (method, card, tendered) = match &sale.payment {
        CounterPayment::Cash { tendered } if *tendered < total => {
            return Ok(not_paid(crate::t!(
                "counter-cash-short",
                tendered = crate::format::money(*tendered),
                total = crate::format::money(total),
            )));
        }
        CounterPayment::Cash { tendered } => ("cash", None, Some(*tendered)),
        CounterPayment::Card(card) => ("card", Some(card), None),
    };
    // A free showtime's booking is confirmed as it is made: nothing to pay.
    if booking.status != "confirmed" {
        let payment = serde_json::json!({
            "booking_id": booking.id,
            "payment_method": method,
            "amount": booking.total_price,
            "card": card,
        });
        match backend
            .payment_post::<serde_json::Value>("/process", &token, &sale.idempotency_key, &payment)
            .await
        {
            Ok(_) => {}
            Err(BackendError::Rejected(rejection)) => {
                return Ok(not_paid(rejection.said()));
            }
            Err(error) => {
                tracing::warn!(%error, "payment service call failed");
                return Ok(not_paid(crate::t!("staff-payments-unavailable")));
            }
        }
    }
    // Answered the moment the payment is applied to the booking (or after 3 seconds).
    let settled: Booking = match backend
        .booking_get(&format!("/bookings/{booking_id}?wait=3"), &token)
        .await
    {
        Ok(booking) => booking,
        Err(_) => booking,
    };
    let emailed_to = settled.contact_email.clone();
    let customer_name = settled.customer_name.clone();
    if !matches!(settled.status.as_str(), "confirmed" | "pending") {
        // It ended (expired, cancelled) before the payment reached it: the payment is refunded.
        return Ok(SaleOutcome::Refused(crate::t!(
            "counter-booking-ended",
            status = settled.status.as_str(),
        )));
    }
    let Some(view) = described(&backend, vec![settled]).await.pop() else {
        return Ok(SaleOutcome::Refused(crate::t!("counter-booking-vanished")));
    };
    let ticket = if view.status == "confirmed" {
        super::booking::ticket(&backend, &view.id, &token).await
    } else {
        None
    };
    Ok(SaleOutcome::Sold(Box::new(Receipt {
        booking: view,
        ticket,
        paid_by: method.to_owned(),
        change_due: tendered.map(|tendered| tendered - total),
        tendered,
        customer_name,
        emailed_to,
    })))
}

#[cfg(feature = "ssr")]
fn refusal<T>(outcome: super::booking::Outcome<T>) -> SaleOutcome {
    use super::booking::Outcome;
    match outcome {
        Outcome::Taken(labels) => SaleOutcome::Taken(labels),
        Outcome::SignInNeeded => SaleOutcome::SignInNeeded,
        Outcome::NotFound => SaleOutcome::Refused(crate::t!("counter-hold-ended")),
        Outcome::Refused(reason) => SaleOutcome::Refused(reason),
        Outcome::Done(_) => SaleOutcome::Refused(crate::t!("error-refused")),
    }
}

/// Gives up a sale whose payment did not go through: the booking, if it is still unpaid, is
/// cancelled and its seats are free. One that was paid after all (a payment service that
/// answered late) is left as it is.
#[server]
pub async fn abandon_sale(booking_id: String) -> Result<(), ServerFnError> {
    use super::{
        backend::Backend,
        booking::server::{Booking, token, uuid_only},
    };

    let Some(token) = token() else {
        return Ok(());
    };
    let path = format!("/bookings/{}", uuid_only(&booking_id));
    let booking: Result<Booking, _> = expect_context::<Backend>().booking_get(&path, &token).await;
    if booking.is_ok_and(|booking| booking.status == "pending") {
        super::booking::cancel_booking(booking_id, Vec::new()).await?;
    }
    Ok(())
}
