//! The movie service: the catalog of films, cinemas, halls with their seat layouts, and showtimes.

pub mod admin;
pub mod cache;
pub mod cinemas;
pub mod config;
pub mod demo;
pub mod demo_cinemas;
pub mod halls;
pub mod housekeeping;
pub mod layout;
pub mod movies;
pub mod showtimes;

use std::sync::Arc;

use axum::{Router, extract::FromRef, middleware::from_fn_with_state, routing::get};
use service_kit::{
    ServiceContext,
    auth::TokenVerifier,
    cache::LazyRedis,
    cli::{Needs, ServiceSpec},
};
use sqlx::{PgPool, migrate::Migrator};

use crate::cache::CatalogCache;

/// A query parameter with its whitespace trimmed; empty means not given.
pub fn given(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/movie");

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "movie",
        default_port: 8002,
        needs: &[Needs::Database, Needs::Redis, Needs::RabbitMq],
        migrator: &MIGRATOR,
        routes,
        seed: Some(|pool| {
            Box::pin(async move {
                demo::seed(&pool).await?;
                demo_cinemas::seed(&pool).await
            })
        }),
        commands: &[],
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub verifier: Arc<TokenVerifier>,
    pub cache: CatalogCache,
    /// Minutes a hall needs between two showtimes.
    pub cleaning_buffer_minutes: i32,
    /// Where seat holds and bookings are known: the booking service.
    pub booking: service_kit::http_client::ServiceClient,
}

pub fn routes(context: &ServiceContext, pool: PgPool) -> anyhow::Result<Router> {
    let config = config::MovieConfig::from_env()?;
    let state = AppState {
        pool: pool.clone(),
        verifier: context.token_verifier(),
        cache: CatalogCache::new(
            LazyRedis::open(&context.config.redis_url)?,
            pool.clone(),
            config.catalog_cache_secs,
        ),
        cleaning_buffer_minutes: config.cleaning_buffer_minutes,
        // One retry only: a seat map without live statuses beats a slow one.
        booking: service_kit::http_client::ServiceClient::new(
            "booking",
            &config.booking_service_url,
            std::time::Duration::from_secs(2),
            Some(context.metrics.registry()),
        )
        .with_attempts(2),
    };
    if service_kit::config::background_work_enabled() {
        service_kit::events::outbox::spawn_relay(
            pool.clone(),
            context.config.amqp_url.clone(),
            std::time::Duration::from_millis(250),
        );
        housekeeping::spawn(
            pool.clone(),
            state.cache.clone(),
            config.housekeeping_every,
            config.demo_data,
        );
    }
    let reads = Router::new()
        .route("/movies", get(movies::handlers::list))
        .route("/movies/{id}", get(movies::handlers::get_one))
        .route("/genres", get(movies::handlers::genres))
        .route("/theaters", get(cinemas::list))
        .route("/theaters/{id}", get(cinemas::get_one))
        .route("/seats/{theater_id}", get(cinemas::seats))
        .route("/halls/{id}", get(halls::get_one))
        .route("/showtimes", get(showtimes::list))
        .route("/showtimes/{id}", get(showtimes::get_one))
        .route("/showtimes/{id}/seats", get(showtimes::seat_map))
        .route("/showtimes/{id}/seating", get(showtimes::seating))
        .route(
            "/showtimes/{id}/available-seats",
            get(showtimes::availability),
        )
        .layer(from_fn_with_state(state.cache.clone(), cache::cached_reads));
    Ok(reads.merge(admin::routes()).with_state(state))
}
