use axum::http::{Method, StatusCode};
use futures::StreamExt;
use serde_json::Value;
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{app, book, call, hold, showtime, user};

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn every_seat_change_is_published_with_the_next_version(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(10).await;
    let client = redis::Client::open(std::env::var("REDIS_URL").unwrap()).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    pubsub
        .subscribe(api_types::live::seat_channel(showtime))
        .await
        .unwrap();
    let mut messages = pubsub.on_message();
    let mut next = async || -> Value {
        let message = tokio::time::timeout(std::time::Duration::from_secs(5), messages.next())
            .await
            .expect("a change within 5 s")
            .unwrap();
        serde_json::from_str(&message.get_payload::<String>().unwrap()).unwrap()
    };

    let (ada, bob) = (user(Role::Customer), user(Role::Customer));
    let held = hold(&app, &ada, showtime, &["A5"]).await;
    assert_eq!(held.status, StatusCode::CREATED);
    let first = next().await;
    assert_eq!(first["status"], "held");
    assert_eq!(first["seat_ids"][0], held.body["seat_ids"][0]);
    let version = first["version"].as_i64().unwrap();

    // What a viewer who connects now sees: the same version, A5 held, and whose.
    let status_uri = format!("/showtimes/{showtime}/seat-status");
    let seen_by_ada = call(&app, Method::GET, &status_uri, &ada, None).await;
    assert_eq!(seen_by_ada.body["version"], version);
    assert_eq!(seen_by_ada.body["seats"][0]["status"], "held");
    assert_eq!(seen_by_ada.body["seats"][0]["mine"], true);
    assert_eq!(
        call(&app, Method::GET, &status_uri, &bob, None).await.body["seats"][0]["mine"],
        false
    );

    let booked = book(&app, &ada, showtime, &["A5"]).await;
    assert_eq!(booked.status, StatusCode::CREATED);
    let second = next().await;
    assert_eq!(
        (second["status"].as_str(), second["version"].as_i64()),
        (Some("booked"), Some(version + 1))
    );

    let id = booked.body["id"].as_str().unwrap();
    call(
        &app,
        Method::POST,
        &format!("/bookings/{id}/cancel"),
        &ada,
        None,
    )
    .await;
    let third = next().await;
    assert_eq!(
        (third["status"].as_str(), third["version"].as_i64()),
        (Some("available"), Some(version + 2))
    );
    assert!(
        call(&app, Method::GET, &status_uri, &bob, None).await.body["seats"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_hold_that_runs_out_is_announced_as_free(pool: PgPool) {
    let _app = app(pool.clone());
    let showtime = showtime(11).await;
    let client = redis::Client::open(std::env::var("REDIS_URL").unwrap()).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    pubsub
        .subscribe(api_types::live::seat_channel(showtime))
        .await
        .unwrap();
    let mut messages = pubsub.on_message();

    // A hold that lives one second, taken the way the service takes them.
    let redis = service_kit::cache::LazyRedis::open(&std::env::var("REDIS_URL").unwrap()).unwrap();
    let seating = crate::support::catalog().seating(showtime).await.unwrap();
    let seats = booking_service::domain::seats::resolve(&seating, &["B6".to_owned()]).unwrap();
    let holds = booking_service::repo::holds::Holds::new(
        redis.clone(),
        std::time::Duration::from_secs(1),
        std::time::Duration::from_secs(600),
    );
    let feed = booking_service::live::SeatFeed::new(redis);
    let metrics = booking_service::metrics::BookingMetrics::unregistered();
    holds
        .acquire(uuid::Uuid::new_v4(), showtime, &seats, Default::default())
        .await
        .unwrap();

    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    // Whichever instance gets to it first (this call or a running service's own check)
    // announces it, once.
    booking_service::domain::holds::announce_lapsed(&pool, &holds, &feed, &metrics)
        .await
        .unwrap();
    let message = tokio::time::timeout(std::time::Duration::from_secs(5), messages.next())
        .await
        .expect("the lapse is announced within 5 s")
        .unwrap();
    let change: Value = serde_json::from_str(&message.get_payload::<String>().unwrap()).unwrap();
    assert_eq!(change["status"], "available");
    assert_eq!(change["seat_ids"], serde_json::json!([seats[0].id]));
    assert!(
        booking_service::domain::holds::announce_lapsed(&pool, &holds, &feed, &metrics)
            .await
            .unwrap()
            == 0,
        "a lapse is announced only once"
    );
}
