//! `POST /book` and `POST /bookings`, `GET /bookings`, `GET /bookings/{id}`,
//! `GET /bookings/by-code/{code}`, `POST /bookings/{id}/cancel`.

use api_types::{
    bookings::{Booking, CancelRequest},
    holds::SeatRequest,
};
use axum::{extract::State, http::StatusCode};
use serde::Serialize;
use service_kit::{
    ApiResult, Json, Path, Query, auth::AuthUser, preferred_language::PreferredLanguage,
};
use uuid::Uuid;

use crate::{
    domain::{
        bookings::{self, Customer, Viewer},
        cancellations,
    },
    repo,
    state::AppState,
};

pub(super) fn viewer(caller: &AuthUser) -> Viewer {
    Viewer {
        user_id: caller.id,
        is_staff: caller.is_staff(),
    }
}

pub async fn create_booking(
    State(state): State<AppState>,
    caller: AuthUser,
    PreferredLanguage(language): PreferredLanguage,
    Json(request): Json<SeatRequest>,
) -> ApiResult<(StatusCode, Json<Booking>)> {
    let customer = Customer {
        user_id: caller.id,
        email: caller.email.as_deref(),
        is_staff: caller.is_staff(),
        language: language.as_deref(),
    };
    let booking = bookings::book(&state, customer, &request).await?;
    Ok((StatusCode::CREATED, Json(booking)))
}

pub async fn my_bookings(
    State(state): State<AppState>,
    caller: AuthUser,
) -> ApiResult<Json<Vec<Booking>>> {
    Ok(Json(
        repo::bookings::for_user(&state.pool, caller.id).await?,
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct BookingQuery {
    /// Seconds to wait, while the booking is pending, for it to be settled (at most 10): a box
    /// office taking a payment learns the outcome the moment it is applied.
    #[serde(default)]
    pub wait: u64,
}

pub async fn get_booking(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
    Query(query): Query<BookingQuery>,
) -> ApiResult<Json<Booking>> {
    let wait = std::time::Duration::from_secs(query.wait.min(10));
    Ok(Json(
        bookings::when_settled(&state, &viewer(&caller), id, wait).await?,
    ))
}

/// Staff at the box office: the booking a customer reads out or shows.
pub async fn booking_by_code(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(code): Path<String>,
) -> ApiResult<Json<Booking>> {
    Ok(Json(
        bookings::by_code(&state.pool, &viewer(&caller), &code).await?,
    ))
}

#[derive(Debug, Serialize)]
pub struct CancelResponse {
    pub message: String,
    #[serde(flatten)]
    pub booking: Booking,
}

/// The whole booking without a body (as the original's clients call it), or the seats named.
pub async fn cancel_booking(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
    request: Option<Json<CancelRequest>>,
) -> ApiResult<Json<CancelResponse>> {
    let request = request.map(|Json(request)| request).unwrap_or_default();
    let booking = cancellations::cancel(&state, &viewer(&caller), id, &request).await?;
    let message = if booking.status == "cancelled" {
        "Booking cancelled".to_owned()
    } else {
        let labels: Vec<&str> = (booking.cancelled_seats.iter())
            .map(|seat| seat.label.as_str())
            .collect();
        format!(
            "Seats cancelled; the booking keeps {} seat(s) on a new ticket (cancelled so far: {})",
            booking.seats.len(),
            labels.join(", ")
        )
    };
    Ok(Json(CancelResponse { message, booking }))
}
