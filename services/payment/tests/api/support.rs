// Tests set environment variables before any service of the process reads them.
#![allow(unsafe_code)]
use std::sync::OnceLock;

use axum::{
    Router,
    body::Body,
    http::{Method, Request},
};
use serde_json::{Value, json};
use service_kit::{
    auth::Role,
    testing::{self, TestResponse, issuer},
};
use sqlx::PgPool;
use uuid::Uuid;

static SERVICES: OnceLock<(String, String)> = OnceLock::new();
const BOOKING_DATABASE: &str = "payment_tests_bookings";

/// Real movie and booking services (demo catalog), each on a database made afresh for the run.
pub fn services() -> &'static (String, String) {
    SERVICES.get_or_init(|| {
        let movie = testing::serve_on_fresh_database(
            "payment_tests_movies",
            movie_service::spec(),
            |pool| async move {
                movie_service::demo::seed(&pool).await.unwrap();
                movie_service::demo_cinemas::seed(&pool).await.unwrap();
            },
        );
        // SAFETY: set before any service of this process reads them, once.
        unsafe {
            std::env::set_var("MOVIE_SERVICE_URL", &movie);
            std::env::set_var("BACKGROUND_WORK", "off");
            std::env::set_var("PAYMENT_PROVIDER_TIMEOUT_SECS", "1");
            std::env::set_var("SLOW_CARD_SECS", "3");
        }
        issuer();
        let booking = testing::serve_on_fresh_database(
            BOOKING_DATABASE,
            booking_service::spec(),
            |_| async {},
        );
        // SAFETY: as above.
        unsafe { std::env::set_var("BOOKING_SERVICE_URL", &booking) };
        (movie, booking)
    })
}

pub fn app(pool: PgPool) -> Router {
    services();
    testing::app(&payment_service::spec(), pool)
}

pub struct User {
    pub token: String,
}

pub fn user(role: Role) -> User {
    User {
        token: issuer().token_for(Uuid::new_v4(), role),
    }
}

/// A pending booking of `seat` in the `n`th showtime of the big demo hall, and its total.
pub async fn booking(who: &User, n: usize, seat: &str) -> (Uuid, String) {
    booking_of(who, n, &[seat]).await
}

/// The booking service's own database (for tests that carry its events by hand).
pub async fn booking_database() -> PgPool {
    services();
    let admin_url = std::env::var("DATABASE_URL").unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    PgPool::connect(&format!("{base}/{BOOKING_DATABASE}"))
        .await
        .unwrap()
}

/// A pending booking of `seats` in the `n`th showtime of the big demo hall, and its total.
pub async fn booking_of(who: &User, n: usize, seats: &[&str]) -> (Uuid, String) {
    booking_in(who, ("Marquee Saigon Centre", "Hall 1"), n, seats).await
}

/// A pending booking of `seat` in the `n`th showtime of another big demo hall (Marquee Thao
/// Dien's Hall 2), for the tests that came after the first hall's showtimes ran short late in the
/// day. Its first showtimes may start within the refund cutoff: tests that refund as a customer
/// take `n` of 8 or more (a day ahead).
pub async fn spare_booking(who: &User, n: usize, seat: &str) -> (Uuid, String) {
    booking_in(who, ("Marquee Thao Dien", "Hall 2"), n, &[seat]).await
}

async fn booking_in(
    who: &User,
    (theater, hall): (&str, &str),
    n: usize,
    seats: &[&str],
) -> (Uuid, String) {
    let (movie, booking) = services();
    let all: Vec<Value> = reqwest::get(format!("{movie}/showtimes?limit=500"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let showtime = all
        .iter()
        .filter(|s| s["theater_name"] == theater && s["hall_name"] == hall)
        .nth(n)
        .unwrap()["id"]
        .clone();
    let created: Value = reqwest::Client::new()
        .post(format!("{booking}/bookings"))
        .bearer_auth(&who.token)
        .json(&json!({ "showtime_id": showtime, "seat_ids": seats }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        (created["id"].as_str())
            .unwrap_or_else(|| panic!("not booked: {created}"))
            .parse()
            .unwrap(),
        created["total_price"].as_str().unwrap().to_owned(),
    )
}

pub const GOOD_CARD: &str = "4242 4242 4242 4242";

pub fn card(number: &str) -> Value {
    json!({ "number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123" })
}

pub async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    who: &User,
    key: Option<&str>,
    body: Option<Value>,
) -> TestResponse {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {}", who.token))
        .header("content-type", "application/json");
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let body = body.map_or_else(Body::empty, |body| Body::from(body.to_string()));
    testing::send(app, request.body(body).unwrap()).await
}

pub async fn pay(
    app: &Router,
    who: &User,
    booking: Uuid,
    amount: &str,
    number: &str,
    key: &str,
) -> TestResponse {
    send(
        app,
        Method::POST,
        "/process",
        who,
        Some(key),
        Some(json!({ "booking_id": booking, "payment_method": "card", "amount": amount, "card": card(number) })),
    )
    .await
}
