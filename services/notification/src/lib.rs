//! Marquee's notification service: emails and in-app notices from booking events.

use axum::Router;
use service_kit::cli::{Needs, ServiceSpec};
use sqlx::{PgPool, migrate::Migrator};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/notification");

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "notification",
        default_port: 8005,
        needs: &[Needs::Database, Needs::RabbitMq],
        migrator: &MIGRATOR,
        routes: |_, pool| Ok(routes(pool)),
        seed: None,
        commands: &[],
    }
}

pub fn routes(pool: PgPool) -> Router {
    Router::new().with_state(pool)
}
