use std::sync::OnceLock;

use axum::{Router, http::Method};
use serde_json::{Value, json};
use service_kit::{
    auth::Role,
    testing::{self, TestResponse, issuer},
};
use sqlx::{Connection, PgPool};
use uuid::Uuid;

static MOVIE_SERVICE: OnceLock<String> = OnceLock::new();

/// A real movie service with the demo catalog, on a thread of its own for the whole test run,
/// over a database made afresh for this run.
pub fn movie_service() -> &'static str {
    MOVIE_SERVICE.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let admin_url = std::env::var("DATABASE_URL").expect("DATABASE_URL is set");
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
                // One name, made afresh each run, so runs leave no databases behind.
                let name = "booking_tests_movies";
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await
                .unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                let url = match admin_url.rsplit_once('/') {
                    Some((base, _)) => format!("{base}/{name}"),
                    None => panic!("DATABASE_URL names no database"),
                };
                let pool = PgPool::connect(&url).await.unwrap();
                movie_service::MIGRATOR.run(&pool).await.unwrap();
                movie_service::demo::seed(&pool).await.unwrap();
                movie_service::demo_cinemas::seed(&pool).await.unwrap();
                let app = testing::app(&movie_service::spec(), pool);
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                sender
                    .send(format!("http://{}", listener.local_addr().unwrap()))
                    .unwrap();
                axum::serve(listener, app).await.unwrap();
            });
        });
        let url = receiver.recv().expect("the movie service starts");
        // SAFETY: set once, before any booking service of this process reads it.
        unsafe { std::env::set_var("MOVIE_SERVICE_URL", &url) };
        // Tests share one broker: each drives the relay and the consumers itself.
        // SAFETY: as above.
        unsafe { std::env::set_var("BACKGROUND_WORK", "off") };
        url
    })
}

pub fn app(pool: PgPool) -> Router {
    movie_service();
    issuer();
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
