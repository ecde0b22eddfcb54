use axum::http::{Method, StatusCode};
use serde_json::json;
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{GOOD_CARD, User, app, booking, pay, send, user};

/// Hands `event` to the payment service's booking-event handler, as the broker would.
async fn deliver(pool: &PgPool, event: &service_kit::events::Event) {
    service_kit::events::consumer::process(
        pool,
        "test",
        &payment_service::events::BookingRefunds,
        &serde_json::to_vec(event).unwrap(),
    )
    .await
    .unwrap();
}

async fn payment(app: &axum::Router, who: &User, id: &str) -> serde_json::Value {
    send(
        app,
        Method::GET,
        &format!("/payments/{id}"),
        who,
        None,
        None,
    )
    .await
    .body
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn refunds_never_exceed_what_was_paid(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 30, "B8").await;
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "pay").await;
    let id = paid.body["id"].as_str().unwrap().to_owned();
    let uri = format!("/payments/{id}/refund");

    let part = send(
        &app,
        Method::POST,
        &uri,
        &ada,
        Some("r1"),
        Some(json!({ "amount": "1000", "reason": "one seat" })),
    )
    .await;
    assert_eq!(part.status, StatusCode::OK, "{}", part.body);
    assert_eq!(part.body["status"], "partially_refunded");
    assert_eq!(part.body["refunded_amount"], "1000.00");
    let replay = send(
        &app,
        Method::POST,
        &uri,
        &ada,
        Some("r1"),
        Some(json!({ "amount": "1000", "reason": "one seat" })),
    )
    .await;
    assert_eq!(
        replay.body, part.body,
        "a replayed refund is not a second refund"
    );

    let too_much = send(
        &app,
        Method::POST,
        &uri,
        &ada,
        Some("r2"),
        Some(json!({ "amount": total })),
    )
    .await;
    assert_eq!(too_much.status, StatusCode::BAD_REQUEST);
    assert!(
        too_much.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("At most")
    );
    let rest = send(&app, Method::POST, &uri, &ada, Some("r3"), Some(json!({}))).await;
    assert_eq!(rest.body["status"], "refunded");
    assert_eq!(rest.body["refunded_amount"], total);
    let again = send(&app, Method::POST, &uri, &ada, Some("r4"), Some(json!({}))).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);

    let events: Vec<serde_json::Value> = sqlx::query_scalar(
        "SELECT payload->'data' FROM outbox WHERE event_type = 'payment.refunded' ORDER BY created_at",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        (events[0]["full"].as_bool(), events[1]["full"].as_bool()),
        (Some(false), Some(true))
    );
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn a_payment_for_a_booking_that_ended_is_given_back(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 31, "B6").await;
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "pay").await;
    let payment_id = paid.body["id"].as_str().unwrap();
    let rejected = service_kit::events::Event::new(
        "booking.payment_rejected",
        json!({ "booking_id": booking_id, "payment_id": payment_id, "reason": "expired" }),
        None,
    );
    for _ in 0..2 {
        deliver(&pool, &rejected).await;
    }
    let seen = payment(&app, &ada, payment_id).await;
    assert_eq!(seen["status"], "refunded");
    assert_eq!(seen["refunded_amount"], total);
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn a_paid_booking_that_is_cancelled_is_refunded(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 32, "B9").await;
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "pay").await;
    let payment_id = paid.body["id"].as_str().unwrap();
    let cancelled = service_kit::events::Event::new(
        "booking.cancelled",
        json!({ "id": booking_id, "status": "cancelled" }),
        None,
    );
    deliver(&pool, &cancelled).await;
    assert_eq!(payment(&app, &ada, payment_id).await["status"], "refunded");
}
