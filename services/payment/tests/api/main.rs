//! The payment service against real PostgreSQL and real booking and movie services.

mod agreement;
mod interrupted;
mod payments;
mod refunds;
mod retention;
mod support;

use sqlx::PgPool;

#[sqlx::test(migrator = "payment_service::MIGRATOR")]
async fn migrations_apply_and_health_reports_every_dependency(pool: PgPool) {
    service_kit::testing::assert_healthy_with(
        &payment_service::spec(),
        pool,
        &["database", "redis", "rabbitmq"],
    )
    .await;
}
