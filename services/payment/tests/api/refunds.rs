use axum::http::{Method, StatusCode};
use serde_json::json;
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{GOOD_CARD, User, app, booking, pay, send, spare_booking, user};

/// Hands `event` to the payment service's booking-event handler, as the broker would.
async fn deliver(pool: &PgPool, event: &service_kit::events::Event) {
    let handler = payment_service::events::BookingRefunds {
        metrics: payment_service::metrics::PaymentMetrics::unregistered(),
    };
    let body = serde_json::to_vec(event).unwrap();
    service_kit::events::consumer::process(pool, "test", &handler, &body)
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
    let (ada, staff) = (user(Role::Customer), user(Role::Staff));
    let (booking_id, total) = booking(&ada, 30, "B8").await;
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "pay").await;
    let id = paid.body["id"].as_str().unwrap().to_owned();
    let uri = format!("/payments/{id}/refund");

    let goodwill = json!({ "amount": "1000", "reason": "Sound failed for ten minutes" });
    let part = send(
        &app,
        Method::POST,
        &uri,
        &staff,
        Some("r1"),
        Some(goodwill.clone()),
    )
    .await;
    assert_eq!(part.status, StatusCode::OK, "{}", part.body);
    assert_eq!(part.body["status"], "partially_refunded");
    assert_eq!(part.body["refunded_amount"], "1000.00");
    let replay = send(&app, Method::POST, &uri, &staff, Some("r1"), Some(goodwill)).await;
    assert_eq!(
        replay.body, part.body,
        "a replayed refund is not a second refund"
    );

    let too_much = send(
        &app,
        Method::POST,
        &uri,
        &staff,
        Some("r2"),
        Some(json!({ "amount": total, "reason": "Everything" })),
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
    let seen: Vec<_> = events
        .iter()
        .map(|event| {
            (
                event["kind"].clone(),
                event["full"].clone(),
                event["ends_booking"].clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (json!("goodwill"), json!(false), json!(false)),
            (json!("whole"), json!(true), json!(true)),
        ]
    );
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn a_customer_cannot_refund_part_of_a_payment_and_keep_the_ticket(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = spare_booking(&ada, 8, "B8").await;
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "pay").await;
    let id = paid.body["id"].as_str().unwrap().to_owned();
    let uri = format!("/payments/{id}/refund");

    // All but 1 ₫ back, while the booking (and its ticket) would stay confirmed.
    let cents: i64 = total.replace('.', "").parse().unwrap();
    let all_but_one = format!("{}.{:02}", (cents - 100) / 100, (cents - 100) % 100);
    let part = send(
        &app,
        Method::POST,
        &uri,
        &ada,
        Some("r1"),
        Some(json!({ "amount": all_but_one })),
    )
    .await;
    assert_eq!(part.status, StatusCode::FORBIDDEN, "{}", part.body);
    assert_eq!(
        part.body["detail"],
        format!(
            "Part of a payment is refunded by cancelling seats: POST /bookings/{booking_id}/cancel with the seats to give back"
        )
    );
    let seen = payment(&app, &ada, &id).await;
    assert_eq!(
        (seen["status"].as_str(), seen["refunded_amount"].as_str()),
        (Some("completed"), Some("0.00"))
    );

    // Naming the whole amount is the whole refund, which ends the booking.
    let whole = send(
        &app,
        Method::POST,
        &uri,
        &ada,
        Some("r2"),
        Some(json!({ "amount": total })),
    )
    .await;
    assert_eq!(whole.status, StatusCode::OK, "{}", whole.body);
    assert_eq!(whole.body["status"], "refunded");
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn a_goodwill_refund_is_for_staff_says_why_and_leaves_the_booking(pool: PgPool) {
    let app = app(pool.clone());
    let (ada, staff) = (user(Role::Customer), user(Role::Staff));
    let (booking_id, total) = spare_booking(&ada, 9, "B8").await;
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "pay").await;
    let id = paid.body["id"].as_str().unwrap().to_owned();
    let uri = format!("/payments/{id}/refund");

    let unexplained = send(
        &app,
        Method::POST,
        &uri,
        &staff,
        Some("g1"),
        Some(json!({ "amount": "1000", "reason": "  " })),
    )
    .await;
    assert_eq!(unexplained.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unexplained
            .body
            .to_string()
            .contains("goodwill refund is recorded with its reason")
    );

    // Even all of it: a gesture, the customer still comes to the film.
    let everything = send(
        &app,
        Method::POST,
        &uri,
        &staff,
        Some("g2"),
        Some(json!({ "amount": total, "reason": "Projector broke last visit" })),
    )
    .await;
    assert_eq!(everything.status, StatusCode::OK, "{}", everything.body);
    assert_eq!(everything.body["status"], "refunded");
    let recorded: (String, Option<String>, bool) = sqlx::query_as(
        "SELECT kind, reason, refunded_by IS NOT NULL FROM refunds WHERE payment_id = $1::uuid",
    )
    .bind(&id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        recorded,
        (
            "goodwill".into(),
            Some("Projector broke last visit".into()),
            true
        )
    );
    let event: serde_json::Value = sqlx::query_scalar(
        "SELECT payload->'data' FROM outbox WHERE event_type = 'payment.refunded'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(event["ends_booking"], false, "{event}");
    assert_eq!(event["full"], true, "{event}");
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn seats_given_back_are_refunded_at_their_price_once(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = spare_booking(&ada, 10, "B8").await;
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "pay").await;
    let payment_id = paid.body["id"].as_str().unwrap();
    let given_back = service_kit::events::Event::new(
        "booking.seats_cancelled",
        json!({
            "id": booking_id,
            "status": "confirmed",
            "refund_amount": "1500.00",
            "released_seats": [{ "label": "B8" }],
        }),
        None,
    );
    for _ in 0..2 {
        deliver(&pool, &given_back).await;
    }
    let seen = payment(&app, &ada, payment_id).await;
    assert_eq!(seen["status"], "partially_refunded");
    assert_eq!(seen["refunded_amount"], "1500.00");
    let reason: String = sqlx::query_scalar("SELECT reason FROM refunds WHERE kind = 'seats'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(reason, "Seats B8 given back");
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
