//! The booking service keeps each showtime's seating (layout, prices, blocked seats) from the
//! movie service, and asks again once the catalog has changed.

use std::sync::Arc;

use api_types::seats::ShowtimeSeating;
use axum::http::StatusCode;
use serde_json::{Value, json};
use service_kit::{auth::Role, testing::issuer};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{app, book, catalog, movie_service, showtime, user};

/// Re-prices the showtime's standard seats at the movie service, as an admin would.
async fn reprice(showtime: Uuid, standard: i64) {
    let url = format!("{}/showtimes/{showtime}", movie_service());
    let current: Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
    let mut prices = current["prices"].clone();
    prices["standard"] = json!(standard);
    let admin = issuer().token_for(Uuid::new_v4(), Role::Admin);
    let answer = reqwest::Client::new()
        .put(&url)
        .bearer_auth(admin)
        .json(&json!({
            "movie_id": current["movie_id"],
            "hall_id": current["hall_id"],
            "local_start": format!("{}T{}", current["show_date"].as_str().unwrap(),
                current["show_time"].as_str().unwrap()),
            "format": current["format"],
            "audio_language": current["audio_language"],
            "subtitle_language": current["subtitle_language"],
            "prices": prices,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::OK,
        "{}",
        answer.text().await.unwrap()
    );
}

fn standard_price(seating: &ShowtimeSeating) -> i64 {
    seating
        .seats
        .iter()
        .find(|seat| seat.seat_type == "standard")
        .unwrap()
        .price
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_showtimes_seating_is_kept_until_the_catalog_changes(pool: PgPool) {
    let _app = app(pool);
    let showtime = showtime(21).await;
    let catalog = catalog();
    let first = catalog.seating(showtime).await.unwrap();
    let again = catalog.seating(showtime).await.unwrap();
    assert!(
        Arc::ptr_eq(&first, &again),
        "the second use is served from the copy"
    );

    reprice(showtime, standard_price(&first) + 5_000).await;
    let after = catalog.seating(showtime).await.unwrap();
    assert!(
        !Arc::ptr_eq(&first, &after),
        "a catalog write makes the copy stale"
    );
    assert_eq!(standard_price(&after), standard_price(&first) + 5_000);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_booking_after_a_reprice_is_charged_the_new_price(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(22).await;
    let (ada, bob) = (user(Role::Customer), user(Role::Customer));
    let before = book(&app, &ada, showtime, &["B1"]).await;
    assert_eq!(before.status, StatusCode::CREATED, "{}", before.body);
    let old_price: f64 = before.body["total_price"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    reprice(showtime, old_price as i64 + 7_000).await;
    let after = book(&app, &bob, showtime, &["B2"]).await;
    assert_eq!(after.status, StatusCode::CREATED, "{}", after.body);
    let new_price: f64 = after.body["total_price"].as_str().unwrap().parse().unwrap();
    assert_eq!(new_price, old_price + 7_000.0);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn an_unknown_showtime_is_a_404_without_a_copy(pool: PgPool) {
    let _app = app(pool);
    let error = catalog().seating(Uuid::new_v4()).await.unwrap_err();
    assert!(matches!(
        error,
        booking_service::error::BookingError::ShowtimeNotFound
    ));
}
