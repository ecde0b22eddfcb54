//! Marquee's payment service: idempotent payments and refunds.

use axum::Router;
use service_kit::cli::{Needs, ServiceSpec};
use sqlx::{PgPool, migrate::Migrator};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/payment");

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "payment",
        default_port: 8004,
        needs: &[Needs::Database, Needs::Redis, Needs::RabbitMq],
        migrator: &MIGRATOR,
        routes: |_, pool| Ok(routes(pool)),
        seed: None,
        commands: &[],
    }
}

pub fn routes(pool: PgPool) -> Router {
    Router::new().with_state(pool)
}
