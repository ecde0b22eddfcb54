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
        // Its seat maps must show what Redis holds, not what some booking service says.
        // SAFETY: set once, before the movie service of this process reads it.
        unsafe { std::env::set_var("BOOKING_SERVICE_URL", "http://127.0.0.1:9") };
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

/// The `n`th upcoming showtime of the other big demo halls (Marquee Thao Dien's Hall 2 and
/// Marquee Hoan Kiem's Hall 1: the same layout, no blocked seat). The first hall has only so
/// many showtimes left late in the day; these are for the tests that came after. The first few
/// may start within minutes: tests take `n` of 5 or more.
pub async fn spare_showtime(n: usize) -> Uuid {
    let url = format!("{}/showtimes?limit=500", movie_service());
    let all: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
    let spare: Vec<&Value> = all
        .iter()
        .filter(|s| {
            (s["theater_name"] == "Marquee Thao Dien" && s["hall_name"] == "Hall 2")
                || (s["theater_name"] == "Marquee Hoan Kiem" && s["hall_name"] == "Hall 1")
        })
        .collect();
    spare[n]["id"].as_str().unwrap().parse().unwrap()
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

/// The booking service's handler of payment events, as its consumer runs it.
pub fn payment_events(pool: &PgPool) -> booking_service::events::payments::PaymentEvents {
    let redis_url = std::env::var("REDIS_URL").unwrap();
    booking_service::events::payments::PaymentEvents::standalone(pool.clone(), &redis_url).unwrap()
}

/// Applies a completed payment of the booking, as the consumer would on `payment.completed`.
pub async fn pay(pool: &PgPool, booking_id: &str) {
    let paid = service_kit::events::Event::new(
        "payment.completed",
        json!({ "payment_id": Uuid::new_v4(), "booking_id": booking_id }),
        None,
    );
    let body = serde_json::to_vec(&paid).unwrap();
    service_kit::events::consumer::process(pool, "test", &payment_events(pool), &body)
        .await
        .unwrap();
}

/// Sends an admin's request to the movie service (the catalog), answering its JSON.
pub async fn catalog_admin(method: reqwest::Method, path: &str, body: Value) -> Value {
    let admin = user(Role::Admin);
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", movie_service()))
        .bearer_auth(&admin.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

/// A cinema of the test's own, with one small hall (rows A-C of six seats) and one showtime
/// starting in `starts_in_minutes` (the demo's are days ahead). Answers the cinema's id and the
/// showtime's.
pub async fn cinema_with_showtime_soon(starts_in_minutes: i64, cinema: Value) -> (Uuid, Uuid) {
    priced_showtime_soon(starts_in_minutes, cinema, 90_000).await
}

/// The same, with every seat at `price` (whole VND).
pub async fn priced_showtime_soon(
    starts_in_minutes: i64,
    cinema: Value,
    price: i64,
) -> (Uuid, Uuid) {
    showtime_in_hall_soon(
        starts_in_minutes,
        cinema,
        price,
        &["SSSSSS", "SSSSSS", "SSSSSS"],
    )
    .await
}

/// A cinema of the test's own (`cinema` adds to or overrides its fields) with one hall of
/// `layout` and one showtime starting in `starts_in_minutes`, every seat at `price`.
pub async fn showtime_in_hall_soon(
    starts_in_minutes: i64,
    cinema: Value,
    price: i64,
    layout: &[&str],
) -> (Uuid, Uuid) {
    let slug = format!("door-{}", Uuid::new_v4().simple());
    let mut body =
        json!({ "slug": slug, "name": "Marquee Door Test", "address": "1 Test St", "city": "Hue" });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), cinema) {
        body.extend(extra);
    }
    let cinema = catalog_admin(reqwest::Method::POST, "/theaters", body).await;
    let cinema_id = cinema["id"].as_str().unwrap();
    let hall = catalog_admin(
        reqwest::Method::POST,
        &format!("/theaters/{cinema_id}/halls"),
        json!({ "name": "Hall 1", "layout": layout }),
    )
    .await;
    let movies: Vec<Value> = reqwest::get(format!("{}/movies", movie_service()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let starts = chrono::Utc::now() + chrono::Duration::minutes(starts_in_minutes);
    let showtime = catalog_admin(
        reqwest::Method::POST,
        "/showtimes",
        json!({
            "movie_id": movies[0]["id"], "hall_id": hall["id"], "starts_at": starts,
            "audio_language": "Vietnamese", "prices": { "standard": price }
        }),
    )
    .await;
    (
        cinema_id.parse().unwrap(),
        showtime["id"].as_str().unwrap().parse().unwrap(),
    )
}

/// The booking service's view of the catalog, as it builds it.
pub fn catalog() -> booking_service::catalog::Catalog {
    let movie = service_kit::http_client::ServiceClient::new(
        "movie",
        movie_service(),
        std::time::Duration::from_secs(5),
        None,
    );
    let redis = service_kit::cache::LazyRedis::open(&std::env::var("REDIS_URL").unwrap()).unwrap();
    booking_service::catalog::Catalog::new(movie, redis, std::time::Duration::from_secs(60))
}
