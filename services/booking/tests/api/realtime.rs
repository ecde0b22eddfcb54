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
        .subscribe(booking_service::holds::channel(showtime))
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
