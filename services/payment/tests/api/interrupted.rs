//! A charge the processor made but the payment service failed to record (a crash, the database
//! lost between the two) is never lost and never charged twice: the same request tried again
//! takes the attempt up with the processor, and attempts left pending are reconciled.

use axum::http::StatusCode;
use payment_service::provider::{PaymentProvider, SimulatedCards};
use service_kit::auth::Role;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{GOOD_CARD, app, booking, pay, user};

/// Undoes the record of the booking's payment as if the service had died right after the
/// processor charged the card: the attempt is back to `pending`, its event and its
/// idempotency answer are gone. Answers the attempt's id and the processor's transaction.
async fn forget_the_record(pool: &PgPool, booking_id: Uuid) -> (Uuid, String) {
    let (id, transaction): (Uuid, String) = sqlx::query_as(
        "UPDATE payments SET status = 'pending', transaction_id = NULL, payment_date = NULL
         WHERE booking_id = $1 AND status = 'completed'
         RETURNING id, (SELECT transaction_id FROM simulated_processor_charges
                        WHERE key = payments.id::text)",
    )
    .bind(booking_id)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM outbox WHERE event_type = 'payment.completed'")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM idempotency_keys")
        .execute(pool)
        .await
        .unwrap();
    (id, transaction)
}

async fn charges_and_events(pool: &PgPool) -> (i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM simulated_processor_charges WHERE transaction_id IS NOT NULL),
                (SELECT count(*) FROM outbox WHERE event_type = 'payment.completed')",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn the_same_request_tried_again_learns_the_first_charge_and_never_charges_twice(
    pool: PgPool,
) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 24, "A9").await;
    let first = pay(&app, &ada, booking_id, &total, GOOD_CARD, "once").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let (_, charged) = forget_the_record(&pool, booking_id).await;

    let again = pay(&app, &ada, booking_id, &total, GOOD_CARD, "once").await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.body["status"], "completed");
    assert_eq!(
        again.body["transaction_id"],
        charged.as_str(),
        "the first charge"
    );
    assert_eq!(charges_and_events(&pool).await, (1, 1));
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn an_attempt_left_pending_is_reconciled_with_the_processor(pool: PgPool) {
    let app = app(pool.clone());
    let ada = user(Role::Customer);
    let (booking_id, total) = booking(&ada, 25, "B1").await;
    let first = pay(&app, &ada, booking_id, &total, GOOD_CARD, "before-a-crash").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let (id, charged) = forget_the_record(&pool, booking_id).await;

    // After the restart, the reconciler asks the processor what became of the attempt.
    let processor = SimulatedCards {
        pool: pool.clone(),
        slow_card_delay: std::time::Duration::ZERO,
    };
    let metrics = payment_service::metrics::PaymentMetrics::unregistered();
    payment_service::domain::payments::reconcile(&pool, &processor, &metrics, id)
        .await
        .unwrap();
    let (status, transaction): (String, String) =
        sqlx::query_as("SELECT status, transaction_id FROM payments WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), transaction), ("completed", charged));
    assert_eq!(charges_and_events(&pool).await, (1, 1));
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn the_processor_charges_a_key_once_and_a_settled_key_never(pool: PgPool) {
    let processor = SimulatedCards {
        pool: pool.clone(),
        slow_card_delay: std::time::Duration::from_millis(500),
    };
    let card: payment_service::provider::Card = serde_json::from_value(serde_json::json!({
        "number": GOOD_CARD, "exp_month": 12, "exp_year": 2035, "cvc": "123"
    }))
    .unwrap();
    let first = processor.charge(&card, 9000, "k1").await.unwrap();
    let second = processor.charge(&card, 9000, "k1").await.unwrap();
    assert_eq!(first, second, "a repeat is answered with the first charge");

    // A slow charge settled while it runs is never made.
    let slow: payment_service::provider::Card = serde_json::from_value(serde_json::json!({
        "number": payment_service::provider::SLOW_CARD, "exp_month": 12, "exp_year": 2035, "cvc": "123"
    }))
    .unwrap();
    let charging = processor.charge(&slow, 9000, "k2");
    let waited = tokio::time::timeout(std::time::Duration::from_millis(100), charging).await;
    assert!(waited.is_err(), "still charging");
    assert!(
        processor.settle("k2").await.unwrap().is_err(),
        "settled: not charged"
    );
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(
        processor.settle("k2").await.unwrap().is_err(),
        "and never charged later"
    );
    assert!(processor.charge(&slow, 9000, "k2").await.is_err());
}
