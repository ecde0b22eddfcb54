//! Outbox rows, handled-event ids and idempotency keys are kept for a while, then pruned.

use std::time::Duration;

use service_kit::events::retention::{OUTBOX, PROCESSED_EVENTS, prune};
use sqlx::PgPool;
use uuid::Uuid;

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn rows_past_their_retention_are_pruned_and_the_rest_kept(pool: PgPool) {
    // (published how long ago, if at all; created how long ago)
    for (published, created) in [
        (Some("8 days"), "8 days"),
        (Some("1 day"), "9 days"),
        (None, "30 days"),
    ] {
        sqlx::query(
            "INSERT INTO outbox (id, event_type, payload, created_at, published_at)
             VALUES ($1, 'payment.completed', '{}', now() - $2::interval, now() - $3::interval)",
        )
        .bind(Uuid::new_v4())
        .bind(created)
        .bind(published)
        .execute(&pool)
        .await
        .unwrap();
    }
    for age in ["8 days", "2 days"] {
        sqlx::query(
            "INSERT INTO processed_events (consumer, event_id, processed_at)
             VALUES ('payment', $1, now() - $2::interval)",
        )
        .bind(Uuid::new_v4())
        .bind(age)
        .execute(&pool)
        .await
        .unwrap();
    }
    for (key, age) in [("old", "25 hours"), ("recent", "1 hour")] {
        sqlx::query(
            "INSERT INTO idempotency_keys (scope, user_id, key, request_hash, created_at)
             VALUES ('payment', $1, $2, 'x', now() - $3::interval)",
        )
        .bind(Uuid::new_v4())
        .bind(key)
        .bind(age)
        .execute(&pool)
        .await
        .unwrap();
    }

    let week = Duration::from_secs(7 * 86_400);
    assert_eq!(prune(&pool, OUTBOX, week).await.unwrap(), 1);
    assert_eq!(prune(&pool, PROCESSED_EVENTS, week).await.unwrap(), 1);
    let keys = payment_service::repo::idempotency::KEYS;
    assert_eq!(
        prune(&pool, keys, Duration::from_secs(24 * 3600))
            .await
            .unwrap(),
        1
    );

    // Kept: the event published a day ago, and the one never published however old.
    assert_eq!(count(&pool, "SELECT count(*) FROM outbox").await, 2);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM outbox WHERE published_at IS NULL"
        )
        .await,
        1
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM processed_events").await,
        1
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM idempotency_keys WHERE key = 'recent'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM idempotency_keys").await,
        1
    );
}
