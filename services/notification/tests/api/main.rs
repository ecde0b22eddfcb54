//! The notification service against real PostgreSQL (a fresh database per test), RabbitMQ and
//! a real SMTP listener.

// Tests set environment variables before any service of the process reads them.
#![allow(unsafe_code)]

mod notices;
mod smtp;

use sqlx::PgPool;

#[sqlx::test(migrator = "notification_service::MIGRATOR")]
async fn migrations_apply_and_health_reports_every_dependency(pool: PgPool) {
    // SAFETY: set before any service of this test process reads it.
    unsafe { std::env::set_var("BACKGROUND_WORK", "off") };
    service_kit::testing::assert_healthy_with(
        &notification_service::spec(),
        pool,
        &["database", "rabbitmq"],
    )
    .await;
}
