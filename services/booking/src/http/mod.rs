//! The booking service's HTTP surface: the route table, and one module per resource whose
//! handlers only extract, call the domain and shape the answer. Domain errors become HTTP
//! answers in one place: `From<BookingError> for ApiError` in [`crate::error`].

mod bookings;
mod holds;
mod showtimes;
mod tickets;

use axum::{
    Router,
    routing::{delete, get, post},
};

use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/holds", post(holds::create_hold).get(holds::my_hold))
        .route("/holds/{id}/extend", post(holds::extend_hold))
        .route("/holds/{id}", delete(holds::release_hold))
        .route("/book", post(bookings::create_booking))
        .route(
            "/bookings",
            post(bookings::create_booking).get(bookings::my_bookings),
        )
        .route("/bookings/{id}", get(bookings::get_booking))
        .route("/bookings/by-code/{code}", get(bookings::booking_by_code))
        .route("/bookings/{id}/cancel", post(bookings::cancel_booking))
        .route("/bookings/{id}/ticket", get(tickets::get_ticket))
        .route("/tickets/public-key", get(tickets::public_key))
        .route("/tickets/verify", post(tickets::verify_ticket))
        .route("/tickets/admit", post(tickets::admit_ticket))
        .route("/showtimes/occupancy", get(showtimes::occupancy))
        .route("/accessible-releases", get(showtimes::accessible_releases))
        .route("/showtimes/{id}/seat-status", get(showtimes::seat_status))
        .route("/showtimes/{id}/admissions", get(showtimes::admissions))
        .route(
            "/showtimes/{id}/changes",
            post(showtimes::begin_change).delete(showtimes::end_change),
        )
        // Its largest request names ten seats: no body needs more than this, and a list of
        // thousands of seats is refused before it is read (413).
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
}
