//! The movie service: the catalog of films, cinemas, halls with their seat layouts, and showtimes.

pub mod cinemas;
pub mod demo;
pub mod demo_cinemas;
pub mod halls;
pub mod layout;
pub mod movies;
pub mod showtimes;

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
        seed: Some(|pool| {
            Box::pin(async move {
                demo::seed(&pool).await?;
                demo_cinemas::seed(&pool).await
            })
        }),
        commands: &[],
    }
}

pub fn routes(pool: PgPool) -> Router {
    Router::new()
        .route("/movies", get(movies::handlers::list))
        .route("/movies/{id}", get(movies::handlers::get_one))
        .route("/theaters", get(cinemas::list))
        .route("/theaters/{id}", get(cinemas::get_one))
        .route("/seats/{theater_id}", get(cinemas::seats))
        .route("/showtimes", get(showtimes::list))
        .route("/showtimes/{id}", get(showtimes::get_one))
        .route("/showtimes/{id}/seats", get(showtimes::seat_map))
        .with_state(pool)
}
