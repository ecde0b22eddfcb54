use axum::http::{Method, StatusCode};
use serde_json::json;
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{GOOD_CARD, app, booking, pay, send, spare_booking, user};

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn a_hundred_identical_requests_charge_once(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 20, "A5").await;

    let answers = futures::future::join_all(
        (0..100).map(|_| pay(&app, &ada, booking_id, &total, GOOD_CARD, "checkout-1")),
    )
    .await;
    let first = &answers[0];
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    for answer in &answers {
        assert_eq!((answer.status, &answer.body), (first.status, &first.body));
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM payments").await, 1);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM outbox WHERE event_type = 'payment.completed'"
        )
        .await,
        1
    );
    assert_eq!(first.body["status"], "completed");
    assert_eq!(first.body["amount"], total);
    assert_eq!(first.body["card_brand"], "visa");
    assert_eq!(first.body["card_last4"], "4242");
    // The card number is nowhere in the database.
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM payments WHERE row_to_json(payments)::text LIKE '%42424242%'"
        )
        .await,
        0
    );

    // The same key for another request is refused; a fresh key for a paid booking is a 400.
    let other = pay(&app, &ada, booking_id, "1.00", GOOD_CARD, "checkout-1").await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    let again = pay(&app, &ada, booking_id, &total, GOOD_CARD, "checkout-2").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.body);
    assert_eq!(again.body["detail"], "Booking is already paid");
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn attempts_with_different_keys_still_charge_a_booking_once(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 23, "A8").await;
    let keys: Vec<String> = (0..10).map(|n| format!("tab-{n}")).collect();
    let answers = futures::future::join_all(
        keys.iter()
            .map(|key| pay(&app, &ada, booking_id, &total, GOOD_CARD, key)),
    )
    .await;
    let charged = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        charged,
        1,
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(answers.iter().all(|a| matches!(
        a.status,
        StatusCode::CREATED | StatusCode::BAD_REQUEST | StatusCode::CONFLICT
    )));
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM payments WHERE status = 'completed'"
        )
        .await,
        1
    );
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn declines_are_402_and_leave_the_booking_payable(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 21, "A6").await;

    let declined = pay(
        &app,
        &ada,
        booking_id,
        &total,
        "4000 0000 0000 0002",
        "try-1",
    )
    .await;
    assert_eq!(declined.status, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(declined.body["detail"], "Your card was declined.");
    assert_eq!(declined.body["decline_code"], "card_declined");
    let poor = pay(&app, &ada, booking_id, &total, "4000000000009995", "try-2").await;
    assert_eq!(poor.body["detail"], "Your card has insufficient funds.");
    let slow = pay(&app, &ada, booking_id, &total, "4000000000000259", "try-3").await;
    assert_eq!(slow.status, StatusCode::GATEWAY_TIMEOUT);
    // Replaying a declined attempt answers the same; a new attempt can succeed.
    let replay = pay(
        &app,
        &ada,
        booking_id,
        &total,
        "4000 0000 0000 0002",
        "try-1",
    )
    .await;
    assert_eq!(
        (replay.status, replay.body),
        (declined.status, declined.body)
    );
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "try-4").await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.body);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM outbox WHERE event_type = 'payment.failed'"
        )
        .await,
        3
    );
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn bad_payments_say_what_is_wrong(pool: PgPool) {
    let app = app(pool);
    let (ada, eve) = (user(Role::Customer), user(Role::Customer));
    let (booking_id, total) = booking(&ada, 22, "A7").await;

    let wrong_amount = pay(&app, &ada, booking_id, "1.00", GOOD_CARD, "k1").await;
    assert_eq!(wrong_amount.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        wrong_amount.body["detail"],
        format!("Amount must be {total}, the booking's total")
    );
    let not_theirs = pay(&app, &eve, booking_id, &total, GOOD_CARD, "k2").await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);
    let bad_card = pay(&app, &ada, booking_id, &total, "4242 4242 4242 4241", "k3").await;
    assert_eq!(bad_card.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_card.body["detail"][0]["loc"][1], "card.number");
    let cash = send(
        &app,
        Method::POST,
        "/payments",
        &ada,
        None,
        Some(json!({ "booking_id": booking_id, "payment_method": "cash", "amount": total })),
    )
    .await;
    assert_eq!(cash.status, StatusCode::FORBIDDEN);
    // Staff take cash at the box office.
    let staff = user(Role::Staff);
    let at_the_desk = send(
        &app,
        Method::POST,
        "/payments",
        &staff,
        None,
        Some(json!({ "booking_id": booking_id, "payment_method": "cash", "amount": total })),
    )
    .await;
    assert_eq!(
        at_the_desk.status,
        StatusCode::CREATED,
        "{}",
        at_the_desk.body
    );

    let listed = send(&app, Method::GET, "/payments", &ada, None, None).await;
    // Taken by staff, the payment is still the booking owner's.
    assert_eq!(listed.body[0]["payment_method"], "cash");
    let id = at_the_desk.body["id"].as_str().unwrap();
    let seen = send(
        &app,
        Method::GET,
        &format!("/payments/{id}"),
        &eve,
        None,
        None,
    )
    .await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn staff_see_a_bookings_payments_and_customers_only_their_own(pool: PgPool) {
    let app = app(pool.clone());
    let (ada, bob, staff) = (
        user(Role::Customer),
        user(Role::Customer),
        user(Role::Staff),
    );
    let (booking_id, total) = spare_booking(&ada, 11, "B8").await;
    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "pay").await;
    let uri = format!("/payments?booking_id={booking_id}");

    let seen_by = async |who| send(&app, Method::GET, &uri, who, None, None).await.body;
    let by_staff = seen_by(&staff).await;
    assert_eq!(by_staff.as_array().unwrap().len(), 1, "{by_staff}");
    assert_eq!(by_staff[0]["id"], paid.body["id"]);
    assert_eq!(seen_by(&ada).await, by_staff);
    assert_eq!(seen_by(&bob).await, json!([]));
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn a_payment_is_counted_once_however_often_it_is_replayed(pool: PgPool) {
    let app = app(pool);
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 26, "B2").await;
    let succeeded = [("outcome", "succeeded")];
    let counted = async || {
        let metrics = service_kit::testing::metrics(&app).await;
        (
            service_kit::testing::sample(&metrics, "payments_total", &succeeded),
            service_kit::testing::sample(&metrics, "payments_amount_total", &succeeded),
        )
    };

    let paid = pay(&app, &ada, booking_id, &total, GOOD_CARD, "count-me-once").await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.body);
    let amount = paid.body["amount_whole"].as_f64();
    assert_eq!(counted().await, (Some(1.0), amount));
    let replay = pay(&app, &ada, booking_id, &total, GOOD_CARD, "count-me-once").await;
    assert_eq!(replay.body, paid.body);
    assert_eq!(
        counted().await,
        (Some(1.0), amount),
        "a replay is not counted"
    );
}
