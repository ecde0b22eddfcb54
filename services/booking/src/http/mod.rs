//! The booking service's HTTP surface: the route table, and one module per resource whose
//! handlers only extract, call the domain and shape the answer. Domain errors become HTTP
//! answers in one place: `From<BookingError> for ApiError` in [`crate::error`].

mod bookings;
mod holds;
mod showtimes;
mod tickets;

use service_kit::openapi::post_alias;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

/// The routes, each with its documentation: handlers in one `routes!` share a path.
pub fn router(state: AppState) -> OpenApiRouter {
    let routes = OpenApiRouter::new()
        .routes(routes!(holds::create_hold, holds::my_hold))
        .routes(routes!(holds::extend_hold))
        .routes(routes!(holds::release_hold))
        .routes(routes!(bookings::create_booking, bookings::my_bookings));
    post_alias(routes, "/bookings", "/book", bookings::create_booking)
        .routes(routes!(bookings::get_booking))
        .routes(routes!(bookings::booking_by_code))
        .routes(routes!(bookings::cancel_booking))
        .routes(routes!(tickets::get_ticket))
        .routes(routes!(tickets::public_key))
        .routes(routes!(tickets::verify_ticket))
        .routes(routes!(tickets::admit_ticket))
        .routes(routes!(showtimes::occupancy))
        .routes(routes!(showtimes::accessible_releases))
        .routes(routes!(showtimes::seat_status))
        .routes(routes!(showtimes::admissions))
        .routes(routes!(showtimes::begin_change, showtimes::end_change))
        // Its largest request names ten seats: no body needs more than this, and a list of
        // thousands of seats is refused before it is read (413).
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
}
