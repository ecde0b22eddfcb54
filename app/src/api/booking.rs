//! Holds and bookings, through the BFF to the booking service on behalf of the signed-in user.
//! Each call answers an [`Outcome`] the page can act on: done, some seats taken by someone
//! else (named, so the rest of the selection can stay), sign in first, or refused with a reason.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::ShowtimeCard;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome<T> {
    Done(T),
    /// Seats (by label) someone else holds or has booked.
    Taken(Vec<String>),
    SignInNeeded,
    /// Not there, or not the caller's to see.
    NotFound,
    Refused(String),
}

/// A hold of seats, with the seconds it has left by the server's clock when it answered (so
/// a browser with a wrong clock still counts down correctly).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldView {
    pub id: String,
    pub showtime_id: String,
    pub seat_ids: Vec<String>,
    pub seats: Vec<String>,
    pub expires_at: String,
    pub extended: bool,
    #[serde(default)]
    pub seconds_left: i64,
    /// Best available: the groups (labels, a row each) the seats sit in; more than one when no
    /// row had room for all.
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookedSeatView {
    pub seat_id: String,
    pub label: String,
    pub seat_type: String,
    pub price: String,
}

impl BookedSeatView {
    /// The seat's price in whole units.
    pub fn whole_price(&self) -> i64 {
        crate::format::whole_units(&self.price)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingView {
    pub id: String,
    pub booking_code: String,
    pub showtime_id: String,
    pub total_seats: i32,
    pub total_price: String,
    pub status: String,
    pub payment_status: String,
    pub expires_at: Option<String>,
    pub created_at: String,
    pub seats: Vec<BookedSeatView>,
    /// Seats given back (and refunded) while the booking kept the rest.
    #[serde(default)]
    pub cancelled_seats: Vec<BookedSeatView>,
    /// Seconds until an unpaid booking lapses, by the server's clock.
    #[serde(default)]
    pub seconds_left: Option<i64>,
    /// The showtime, for display (absent if the catalog could not be reached).
    #[serde(default)]
    pub showtime: Option<ShowtimeCard>,
    /// The e-ticket, once confirmed (filled in for the booking's own page).
    #[serde(default)]
    pub ticket: Option<TicketView>,
}

impl BookingView {
    pub fn total(&self) -> i64 {
        crate::format::whole_units(&self.total_price)
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    pub use api_types::{
        bookings::Booking,
        holds::{Hold, SeatRequest},
    };

    use super::*;
    use crate::api::{
        backend::{Backend, BackendError},
        session::cookies,
    };

    pub fn token() -> Option<String> {
        cookies::access_token()
    }

    /// What a refusal means to the page; a service that cannot be reached is an error.
    pub fn outcome<T>(error: BackendError) -> Result<Outcome<T>, ServerFnError> {
        match error {
            BackendError::Rejected(rejection) => Ok(match rejection.status {
                401 => Outcome::SignInNeeded,
                404 => Outcome::NotFound,
                409 if !rejection.conflicts.is_empty() => Outcome::Taken(rejection.conflicts),
                _ => Outcome::Refused(rejection.said()),
            }),
            other => {
                tracing::warn!(error = %other, "booking service call failed");
                Err(ServerFnError::new(crate::t!("booking-unavailable")))
            }
        }
    }

    fn seconds_to(deadline: chrono::DateTime<chrono::Utc>) -> i64 {
        (deadline - chrono::Utc::now()).num_seconds().max(0)
    }

    /// The booking service's hold as the page shows it, with the time it has left.
    pub fn hold_view(hold: Hold) -> HoldView {
        HoldView {
            id: hold.id.to_string(),
            showtime_id: hold.showtime_id.to_string(),
            seat_ids: hold.seat_ids.iter().map(ToString::to_string).collect(),
            seats: hold.seats,
            expires_at: hold.expires_at.to_rfc3339(),
            extended: hold.extended,
            seconds_left: seconds_to(hold.expires_at),
            groups: hold.groups,
        }
    }

    fn seat_view(seat: api_types::bookings::BookedSeat) -> BookedSeatView {
        BookedSeatView {
            seat_id: seat.seat_id.to_string(),
            label: seat.label,
            seat_type: seat.seat_type,
            price: seat.price,
        }
    }

    /// The booking service's booking as the pages show it (see [`described`] for the rest).
    pub fn booking_view(booking: Booking) -> BookingView {
        BookingView {
            id: booking.id.to_string(),
            booking_code: booking.booking_code,
            showtime_id: booking.showtime_id.to_string(),
            total_seats: booking.total_seats,
            total_price: booking.total_price,
            seconds_left: booking
                .expires_at
                .filter(|_| booking.status == "pending")
                .map(seconds_to),
            status: booking.status,
            payment_status: booking.payment_status,
            expires_at: booking.expires_at.map(|at| at.to_rfc3339()),
            created_at: booking.created_at.to_rfc3339(),
            seats: booking.seats.into_iter().map(seat_view).collect(),
            cancelled_seats: booking.cancelled_seats.into_iter().map(seat_view).collect(),
            showtime: None,
            ticket: None,
        }
    }

    /// `POST /holds` as the signed-in caller, answered as the pages take it.
    pub async fn hold_as_asked(
        token: &str,
        request: &SeatRequest,
    ) -> Result<Outcome<HoldView>, ServerFnError> {
        match expect_context::<super::super::backend::Backend>()
            .booking_post::<Hold>("/holds", token, request)
            .await
        {
            Ok(hold) => Ok(Outcome::Done(hold_view(hold))),
            Err(error) => outcome(error),
        }
    }

    /// A request for these seats of the showtime (ids or labels), with the caller's hold.
    pub fn seat_request(
        showtime_id: &str,
        seat_ids: Vec<String>,
        hold_id: Option<&str>,
    ) -> Option<SeatRequest> {
        Some(SeatRequest {
            showtime_id: showtime_id.trim().parse().ok()?,
            seat_ids,
            best_available: None,
            needs_wheelchair_space: false,
            counter_sale: None,
            hold_id: match hold_id {
                Some(id) => Some(id.trim().parse().ok()?),
                None => None,
            },
        })
    }

    /// The bookings as the pages show them, each with its showtime, each showtime asked for
    /// once however many bookings share it.
    pub async fn described(backend: &Backend, bookings: Vec<Booking>) -> Vec<BookingView> {
        let mut bookings: Vec<BookingView> = bookings.into_iter().map(booking_view).collect();
        let mut showtimes: std::collections::HashMap<String, Option<ShowtimeCard>> =
            Default::default();
        for booking in &mut bookings {
            if !showtimes.contains_key(&booking.showtime_id) {
                let showtime = backend
                    .movie_get(&format!("/showtimes/{}", booking.showtime_id))
                    .await
                    .ok();
                showtimes.insert(booking.showtime_id.clone(), showtime);
            }
            booking.showtime = showtimes[&booking.showtime_id].clone();
        }
        bookings
    }

    pub use crate::api::uuid_only;
}

/// The caller's live hold in a showtime (after a reload); `None` when signed out or none. At a
/// fixed address (`/api/current_hold`), as [`super::session::current_user`].
#[server(endpoint = "current_hold")]
pub async fn current_hold(showtime_id: String) -> Result<Option<HoldView>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(None);
    };
    let path = format!("/holds?showtime_id={}", uuid_only(&showtime_id));
    match expect_context::<super::backend::Backend>()
        .booking_get::<Vec<Hold>>(&path, &token)
        .await
    {
        Ok(holds) => Ok(holds.into_iter().next().map(hold_view)),
        Err(error) => {
            outcome::<()>(error)?;
            Ok(None)
        }
    }
}

#[server]
pub async fn hold_seats(
    showtime_id: String,
    seat_ids: Vec<String>,
    needs_wheelchair_space: bool,
) -> Result<Outcome<HoldView>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let Some(mut body) = seat_request(&showtime_id, seat_ids, None) else {
        return Ok(Outcome::NotFound);
    };
    body.needs_wheelchair_space = needs_wheelchair_space;
    hold_as_asked(&token, &body).await
}

/// Holds the best `count` seats of the showtime, chosen by the booking service (side by side,
/// two thirds back, central; split over adjacent rows only when no row has room).
#[server]
pub async fn hold_best_seats(
    showtime_id: String,
    count: usize,
) -> Result<Outcome<HoldView>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let Some(mut body) = seat_request(&showtime_id, Vec::new(), None) else {
        return Ok(Outcome::NotFound);
    };
    body.best_available = Some(api_types::holds::BestAvailable {
        count,
        seat_type: None,
    });
    hold_as_asked(&token, &body).await
}

#[server]
pub async fn extend_hold(hold_id: String) -> Result<Outcome<HoldView>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let path = format!("/holds/{}/extend", uuid_only(&hold_id));
    match expect_context::<super::backend::Backend>()
        .booking_post::<Hold>(&path, &token, &serde_json::json!({}))
        .await
    {
        Ok(hold) => Ok(Outcome::Done(hold_view(hold))),
        Err(error) => outcome(error),
    }
}

#[server]
pub async fn release_hold(hold_id: String) -> Result<Outcome<()>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let path = format!("/holds/{}", uuid_only(&hold_id));
    match expect_context::<super::backend::Backend>()
        .booking_delete(&path, &token)
        .await
    {
        Ok(()) => Ok(Outcome::Done(())),
        Err(error) => outcome(error),
    }
}

/// Turns the caller's hold into a pending booking; answers the booking's id.
#[server]
pub async fn start_checkout(
    showtime_id: String,
    hold_id: String,
    seat_ids: Vec<String>,
    needs_wheelchair_space: bool,
) -> Result<Outcome<String>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let Some(mut body) = seat_request(&showtime_id, seat_ids, Some(&hold_id)) else {
        return Ok(Outcome::NotFound);
    };
    body.needs_wheelchair_space = needs_wheelchair_space;
    match expect_context::<super::backend::Backend>()
        .booking_post::<Booking>("/bookings", &token, &body)
        .await
    {
        Ok(booking) => Ok(Outcome::Done(booking.id.to_string())),
        Err(error) => outcome(error),
    }
}

/// The caller's bookings, newest first; `None` when signed out.
#[server]
pub async fn my_bookings() -> Result<Option<Vec<BookingView>>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(None);
    };
    let backend = expect_context::<super::backend::Backend>();
    let bookings = match backend
        .booking_get::<Vec<Booking>>("/bookings", &token)
        .await
    {
        Ok(bookings) => bookings,
        Err(error) => {
            return match outcome::<()>(error)? {
                Outcome::SignInNeeded => Ok(None),
                _ => Err(ServerFnError::new(crate::t!("booking-list-unavailable"))),
            };
        }
    };
    Ok(Some(described(&backend, bookings).await))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardDetails {
    pub number: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub cvc: String,
    pub holder_name: Option<String>,
}

/// Pays for the booking with a card; `key` makes a repeated click or retry charge once.
#[server]
pub async fn pay_booking(
    booking_id: String,
    amount: String,
    card: CardDetails,
    key: String,
) -> Result<Outcome<String>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let body = serde_json::json!({
        "booking_id": uuid_only(&booking_id),
        "payment_method": "card",
        "amount": amount,
        "card": card,
    });
    match expect_context::<super::backend::Backend>()
        .payment_post::<serde_json::Value>("/process", &token, &key, &body)
        .await
    {
        Ok(payment) => Ok(Outcome::Done(
            payment["status"].as_str().unwrap_or("completed").to_owned(),
        )),
        // No answer is not a refusal: the form keeps its key for the next try.
        Err(super::backend::BackendError::Unreachable(error)) => Err(ServerFnError::new(
            crate::t!("booking-payments-unreachable", error = error.to_string()),
        )),
        Err(error) => outcome(error),
    }
}

/// One of the caller's bookings (staff may see anyone's).
#[server]
pub async fn load_booking(id: String) -> Result<Outcome<BookingView>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    let backend = expect_context::<super::backend::Backend>();
    match backend
        .booking_get::<Booking>(&format!("/bookings/{}", uuid_only(&id)), &token)
        .await
    {
        Ok(booking) => {
            let Some(mut booking) = described(&backend, vec![booking]).await.pop() else {
                return Ok(Outcome::NotFound);
            };
            if booking.status == "confirmed" {
                booking.ticket = ticket(&backend, &booking.id, &token).await;
            }
            Ok(Outcome::Done(booking))
        }
        Err(error) => outcome(error),
    }
}

/// Cancels the whole booking (no `seats`), or gives back those seats of a paid one, which keeps
/// the rest on a reissued ticket. (JSON, as a URL-encoded form drops an empty list.)
#[server(input = leptos::server_fn::codec::Json)]
pub async fn cancel_booking(id: String, seats: Vec<String>) -> Result<Outcome<()>, ServerFnError> {
    use server::*;
    let Some(token) = token() else {
        return Ok(Outcome::SignInNeeded);
    };
    if seats.len() > 10 {
        return Ok(Outcome::Refused(crate::t!("booking-cancel-too-many")));
    }
    let path = format!("/bookings/{}/cancel", uuid_only(&id));
    let request = api_types::bookings::CancelRequest { seat_ids: seats };
    match expect_context::<super::backend::Backend>()
        .booking_post::<serde_json::Value>(&path, &token, &request)
        .await
    {
        Ok(_) => Ok(Outcome::Done(())),
        Err(error) => outcome(error),
    }
}

/// A confirmed booking's e-ticket: the signed token and its QR code as SVG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketView {
    pub token: String,
    pub qr_svg: String,
}

#[cfg(feature = "ssr")]
pub(crate) async fn ticket(
    backend: &super::backend::Backend,
    booking_id: &str,
    token: &str,
) -> Option<TicketView> {
    let path = format!("/bookings/{}/ticket", server::uuid_only(booking_id));
    let ticket: serde_json::Value = backend.booking_get(&path, token).await.ok()?;
    let ticket_token = ticket["token"].as_str()?;
    let code =
        qrcode::QrCode::with_error_correction_level(ticket_token.as_bytes(), qrcode::EcLevel::M)
            .ok()?;
    let qr_svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .dark_color(qrcode::render::svg::Color("#0a0a0f"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    Some(TicketView {
        token: ticket_token.to_owned(),
        qr_svg,
    })
}
