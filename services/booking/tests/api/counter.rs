//! The box office: seats kept for it, and sales to walk-in customers that record who sold them.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::json;
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{app, call, cinema_with_showtime_soon, hold, pay, user};

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn seats_kept_for_the_box_office_are_sold_there_and_not_online(pool: PgPool) {
    let app = app(pool.clone());
    // Two seats a showtime kept, released an hour before: the best of rows A-C are B3 and B4.
    let rules = json!({ "counter_seats_per_showtime": 2, "counter_release_minutes": 60 });
    let (_, showtime) = cinema_with_showtime_soon(3 * 24 * 60, rules).await;
    let customer = user(Role::Customer);

    let refused = hold(&app, &customer, showtime, &["B3", "A1"]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("Kept for the box office until "),
        "{detail}"
    );
    assert!(detail.ends_with(": B3"), "{detail}");
    let booked = call(
        &app,
        Method::POST,
        "/bookings",
        &customer,
        Some(json!({ "showtime_id": showtime, "seat_ids": ["B4"] })),
    )
    .await;
    assert_eq!(booked.status, StatusCode::CONFLICT, "{}", booked.body);
    assert_eq!(
        hold(&app, &customer, showtime, &["A1"]).await.status,
        StatusCode::CREATED
    );

    let staff = user(Role::Staff);
    let held = hold(&app, &staff, showtime, &["B3", "B4"]).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn seats_kept_for_the_box_office_go_on_sale_online_before_the_show(pool: PgPool) {
    let app = app(pool.clone());
    // Released 30 minutes before a showtime 20 minutes away: on sale to everyone now.
    let rules = json!({ "counter_seats_per_showtime": 2, "counter_release_minutes": 30 });
    let (_, showtime) = cinema_with_showtime_soon(20, rules).await;
    let held = hold(&app, &user(Role::Customer), showtime, &["B3"]).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_box_office_sale_records_its_seller_and_customer_and_is_confirmed_once_paid(
    pool: PgPool,
) {
    let app = app(pool.clone());
    let (_, showtime) = cinema_with_showtime_soon(90, json!({})).await;
    let staff = user(Role::Staff);
    let sale = |seat: &str, walk_in: serde_json::Value| json!({ "showtime_id": showtime, "seat_ids": [seat], "counter_sale": walk_in });

    let customer = user(Role::Customer);
    let not_staff = call(
        &app,
        Method::POST,
        "/bookings",
        &customer,
        Some(sale("A3", json!({}))),
    )
    .await;
    assert_eq!(
        not_staff.status,
        StatusCode::FORBIDDEN,
        "{}",
        not_staff.body
    );
    let bad_email = sale("A3", json!({ "customer_email": "not-an-email" }));
    let invalid = call(&app, Method::POST, "/bookings", &staff, Some(bad_email)).await;
    assert_eq!(
        invalid.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        invalid.body
    );
    assert_eq!(
        invalid.body["detail"][0]["loc"],
        json!(["body", "counter_sale.customer_email"])
    );

    let walk_in = json!({ "customer_name": "Lan Nguyen", "customer_email": "lan@example.com" });
    let sold = call(
        &app,
        Method::POST,
        "/bookings",
        &staff,
        Some(sale("A3", walk_in)),
    )
    .await;
    assert_eq!(sold.status, StatusCode::CREATED, "{}", sold.body);
    assert_eq!(sold.body["sales_channel"], "box_office");
    assert_eq!(sold.body["sold_by"], staff.id.to_string());
    assert_eq!(sold.body["customer_name"], "Lan Nguyen");
    assert_eq!(sold.body["contact_email"], "lan@example.com");
    assert_eq!(sold.body["status"], "pending");

    // The counter waits on the booking while the payment is applied, and hears at once.
    let id = sold.body["id"].as_str().unwrap().to_owned();
    let started = Instant::now();
    let path = format!("/bookings/{id}?wait=10");
    let (settled, ()) = tokio::join!(call(&app, Method::GET, &path, &staff, None), async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        pay(&pool, &id).await;
    });
    assert_eq!(settled.body["status"], "confirmed", "{}", settled.body);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "answered on the news, not the timeout"
    );

    // An online sale by staff is an ordinary one.
    let own = call(
        &app,
        Method::POST,
        "/bookings",
        &staff,
        Some(json!({ "showtime_id": showtime, "seat_ids": ["A4"] })),
    )
    .await;
    assert_eq!(own.body["sales_channel"], "online");
    assert_eq!(own.body["sold_by"], serde_json::Value::Null);
}
