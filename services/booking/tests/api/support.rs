// Tests set environment variables before any service of the process reads them.
#![allow(unsafe_code)]
use std::sync::OnceLock;

use axum::{Router, http::Method};
use serde_json::{Value, json};
use service_kit::{
    auth::Role,
    testing::{self, TestResponse, issuer},
};
use sqlx::PgPool;
use uuid::Uuid;

static MOVIE_SERVICE: OnceLock<String> = OnceLock::new();

/// A real movie service with the demo catalog, on a thread of its own for the whole test run,
/// over a database made afresh for this run.
pub fn movie_service() -> &'static str {
    MOVIE_SERVICE.get_or_init(|| {
        let url = testing::serve_on_fresh_database(
            "booking_tests_movies",
            movie_service::spec(),
            |pool| async move {
                movie_service::demo::seed(&pool).await.unwrap();
                movie_service::demo_cinemas::seed(&pool).await.unwrap();
            },
        );
        // SAFETY: set once, before any booking service of this process reads it.
        unsafe { std::env::set_var("MOVIE_SERVICE_URL", &url) };
        // Tests share one broker: each drives the relay and the consumers itself.
        // SAFETY: as above.
        unsafe { std::env::set_var("BACKGROUND_WORK", "off") };
        // Every demo showtime is "too close" to cancel a paid booking, as a customer.
        // SAFETY: as above.
        unsafe { std::env::set_var("REFUND_CUTOFF_MINUTES", "5256000") };
        url
    })
}

pub fn app(pool: PgPool) -> Router {
    // The issuer first: the movie service then trusts its tokens too (admin writes in tests).
    issuer();
    movie_service();
    testing::app(&booking_service::spec(), pool)
}

/// The `n`th upcoming showtime in the large demo hall (Saigon Centre, Hall 1): each test takes
/// its own, since seat holds live in the Redis that all tests share.
pub async fn showtime(n: usize) -> Uuid {
    let url = format!("{}/showtimes?limit=500", movie_service());
    let all: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
    let in_hall: Vec<&Value> = all
        .iter()
        .filter(|s| s["theater_name"] == "Marquee Saigon Centre" && s["hall_name"] == "Hall 1")
        .collect();
    in_hall[n]["id"].as_str().unwrap().parse().unwrap()
}

pub struct User {
    pub id: Uuid,
    pub token: String,
}

pub fn user(role: Role) -> User {
    let id = Uuid::new_v4();
    User {
        id,
        token: issuer().token_for(id, role),
    }
}

pub async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    who: &User,
    body: Option<Value>,
) -> TestResponse {
    testing::send(
        app,
        testing::json_request(method, uri, Some(&who.token), body),
    )
    .await
}

pub async fn hold(app: &Router, who: &User, showtime: Uuid, seats: &[&str]) -> TestResponse {
    call(
        app,
        Method::POST,
        "/holds",
        who,
        Some(json!({ "showtime_id": showtime, "seat_ids": seats })),
    )
    .await
}

pub async fn book(app: &Router, who: &User, showtime: Uuid, seats: &[&str]) -> TestResponse {
    call(
        app,
        Method::POST,
        "/book",
        who,
        Some(json!({ "showtime_id": showtime, "seat_ids": seats })),
    )
    .await
}
