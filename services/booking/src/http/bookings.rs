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

/// Books seats: a pending booking priced by the server (confirmed at once when free), for the
/// caller, or by staff at the box office for a walk-in customer (`counter_sale`).
#[utoipa::path(post, path = "/bookings", tag = "bookings",
    security(("bearer" = [])),
    params(("Accept-Language" = Option<String>, Header, description = "The language the booking's emails and notices speak")),
    request_body(content = SeatRequest, description = "The showtime, its seats (ids or labels) and the caller's hold of them, if any"),
    responses(
        (status = 201, description = "The booking, pending payment (or confirmed when it costs nothing)", body = Booking),
        (status = 400, description = "No seats, more than 10, a seat the showtime does not have (`unknown_seats`) or one not for sale (`not_for_sale`), a hold of other seats (`hold_for_other_seats`); or a body that is not well-formed JSON", body = service_kit::openapi::ErrorBody),
        (status = 403, description = "A box-office sale (`counter_sale`) by someone not staff (`staff_only`)", body = service_kit::openapi::ErrorBody),
        (status = 404, description = "No such showtime (`showtime_not_found`), or no live hold of the caller's with `hold_id` (`hold_not_found`)", body = service_kit::openapi::ErrorBody),
        (status = 409, description = "Seats taken (`seats_taken`, with `conflicts`); the \
            showtime cancelled (`showtime_cancelled`), started (`showtime_started`) or being \
            moved (`showtime_being_changed`); seats kept for the box office, online \
            (`kept_for_box_office`, `params.until`); wheelchair spaces not confirmed \
            (`wheelchair_space_unconfirmed`), companion seats without their space \
            (`companion_without_space`); a customer's seat limit (`customer_seat_limit`, \
            `params.limit`), seats they let go of a moment ago (`seats_resting`, \
            `params.minutes`)", body = super::holds::SeatConflict)))]
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

/// The caller's bookings.
#[utoipa::path(get, path = "/bookings", tag = "bookings",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller's bookings", body = [Booking])))]
pub async fn my_bookings(
    State(state): State<AppState>,
    caller: AuthUser,
) -> ApiResult<Json<Vec<Booking>>> {
    Ok(Json(
        repo::bookings::for_user(&state.pool, caller.id).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BookingQuery {
    /// Seconds to wait, while the booking is pending, for it to be settled (at most 10): a box
    /// office taking a payment learns the outcome the moment it is applied.
    #[serde(default)]
    pub wait: u64,
}

/// One booking (its owner's or, for staff, anyone's).
#[utoipa::path(get, path = "/bookings/{id}", tag = "bookings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The booking"), BookingQuery),
    responses(
        (status = 200, description = "The booking (settled, or still pending after `wait`)", body = Booking),
        (status = 404, description = "No such booking the caller may see (`booking_not_found`)", body = service_kit::openapi::ErrorBody)))]
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
#[utoipa::path(get, path = "/bookings/by-code/{code}", tag = "bookings",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The booking code, any case")),
    responses(
        (status = 200, description = "The booking", body = Booking),
        (status = 400, description = "A code with a NUL character", body = service_kit::openapi::ErrorBody),
        (status = 403, description = "Not staff (`staff_only`)", body = service_kit::openapi::ErrorBody),
        (status = 404, description = "No booking with that code (`booking_not_found`)", body = service_kit::openapi::ErrorBody)))]
pub async fn booking_by_code(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(code): Path<String>,
) -> ApiResult<Json<Booking>> {
    Ok(Json(
        bookings::by_code(&state.pool, &viewer(&caller), &code).await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CancelResponse {
    /// What was cancelled, in English.
    pub message: String,
    #[serde(flatten)]
    pub booking: Booking,
}

/// The whole booking without a body (as the original's clients call it), or the seats named.
#[utoipa::path(post, path = "/bookings/{id}/cancel", tag = "bookings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The booking")),
    request_body(content = Option<CancelRequest>, content_type = "application/json",
        description = "Optional: without it (or `null`, or no seats, or all of them) the whole booking; else the seats of a paid booking to give back"),
    responses(
        (status = 200, description = "The booking as it is now: cancelled, or keeping the other seats on a reissued ticket", body = CancelResponse),
        (status = 400, description = "Already cancelled or expired (`booking_already`), past the customers' refund cutoff (`past_refund_cutoff`), seats the booking does not have (`not_seats_of_booking`); or a body that is not well-formed JSON", body = service_kit::openapi::ErrorBody),
        (status = 404, description = "No such booking the caller may see (`booking_not_found`)", body = service_kit::openapi::ErrorBody),
        (status = 409, description = "Let in at the door already (`ticket_used`), or seats of a booking not paid (`seats_cancelled_only_when_paid`)", body = service_kit::openapi::ErrorBody)))]
pub async fn cancel_booking(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
    request: Option<Json<Option<CancelRequest>>>,
) -> ApiResult<Json<CancelResponse>> {
    let request = request
        .and_then(|Json(request)| request)
        .unwrap_or_default();
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
