//! Marquee's accounts and authentication service.

use axum::Router;
use service_kit::cli::{Needs, ServiceSpec};
use sqlx::{PgPool, migrate::Migrator};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/auth");

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "auth",
        default_port: 8001,
        needs: &[Needs::Database, Needs::Redis],
        migrator: &MIGRATOR,
        routes: |_, pool| Ok(routes(pool)),
        seed: None,
    }
}

pub fn routes(pool: PgPool) -> Router {
    Router::new().with_state(pool)
}
