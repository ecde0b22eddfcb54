//! The auth service against real PostgreSQL (a fresh database per test) and Redis.

mod accounts;
mod sessions;
mod support;
mod throttle;
mod tokens;

use sqlx::PgPool;

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn migrations_apply_and_health_reports_every_dependency(pool: PgPool) {
    service_kit::testing::assert_healthy_with(&auth_service::spec(), pool, &["database", "redis"])
        .await;
}
