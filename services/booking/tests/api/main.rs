//! The booking service against real PostgreSQL (a fresh database per test), Redis and RabbitMQ.

use sqlx::PgPool;

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn migrations_apply_and_health_reports_every_dependency(pool: PgPool) {
    service_kit::testing::assert_healthy_with(
        &booking_service::spec(),
        pool,
        &["database", "redis", "rabbitmq"],
    )
    .await;
}
