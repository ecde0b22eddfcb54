//! The movie service's HTTP API against a fresh PostgreSQL database per test.

// Tests set environment variables before any service of the process reads them.
#![allow(unsafe_code)]

mod admin;
mod catalog;
mod counter_seats;
mod movies;
mod original_clients;

/// The movie service with no booking service beside it (port 9 refuses connections): what it
/// says must not depend on a booking service that some other process happens to run.
pub fn app(pool: sqlx::PgPool) -> axum::Router {
    // SAFETY: every test sets the same value, before building the app that reads it.
    unsafe { std::env::set_var("BOOKING_SERVICE_URL", "http://127.0.0.1:9") };
    service_kit::testing::app(&movie_service::spec(), pool)
}
