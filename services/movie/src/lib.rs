//! The movie service: the catalog of films (and, as it grows, cinemas, halls and showtimes).

pub mod demo;
pub mod movies;

use axum::{Router, routing::get};
use service_kit::cli::{Needs, ServiceSpec};
use sqlx::{PgPool, migrate::Migrator};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/movie");

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "movie",
        default_port: 8002,
        needs: &[Needs::Database, Needs::Redis],
        migrator: &MIGRATOR,
        routes: |_, pool| Ok(routes(pool)),
        seed: Some(|pool| Box::pin(async move { demo::seed(&pool).await })),
        commands: &[],
    }
}

pub fn routes(pool: PgPool) -> Router {
    Router::new()
        .route("/movies", get(movies::handlers::list))
        .route("/movies/{id}", get(movies::handlers::get_one))
        .with_state(pool)
}
