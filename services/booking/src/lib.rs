//! Marquee's booking service: seat holds and bookings.

use axum::Router;
use service_kit::cli::{Needs, ServiceSpec};
use sqlx::{PgPool, migrate::Migrator};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/booking");

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "booking",
        default_port: 8003,
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
