//! The movie service: the catalog of films, cinemas, halls with their seat layouts, and showtimes.
//!
//! Each resource (`movies`, `cinemas`, `halls`, `showtimes`) is a folder of the same shape:
//! `mod.rs` the use cases, `model.rs` the types and rules, `repository.rs` the SQL,
//! `handlers.rs` HTTP; [`http`] is the route table, [`error`] the one mapping to HTTP.

pub mod bookings;
pub mod cache;
pub mod cinemas;
pub mod config;
pub mod demo;
pub mod demo_cinemas;
pub mod error;
pub mod halls;
pub mod housekeeping;
mod http;
pub mod layout;
pub mod movies;
pub mod showtimes;
pub mod state;
pub mod versioned;

use service_kit::{
    ServiceContext,
    cache::LazyRedis,
    cli::{Needs, ServiceSpec},
    openapi::ApiRouter,
};
use sqlx::{PgPool, migrate::Migrator};

use crate::{bookings::Bookings, cache::CatalogCache, state::AppState};

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

pub fn routes(context: &ServiceContext, pool: PgPool) -> anyhow::Result<ApiRouter> {
    let config = config::MovieConfig::from_env()?;
    let redis = LazyRedis::open(&context.config.redis_url)?;
    let state = AppState::new(state::Shared {
        pool: pool.clone(),
        verifier: context.token_verifier(),
        seat_plans: showtimes::seat_plans::SeatPlans::new(redis.clone()),
        kept_showtimes: showtimes::listing::KeptShowtimes::default(),
        cache: CatalogCache::new(redis, pool.clone(), config.catalog_cache_secs),
        cleaning_buffer_minutes: config.cleaning_buffer_minutes,
        // One retry only: a seat map without live statuses beats a slow one.
        bookings: Bookings::new(
            service_kit::http_client::ServiceClient::new(
                "booking",
                &config.booking_service_url,
                std::time::Duration::from_secs(2),
                Some(context.metrics.registry()),
            )
            .with_attempts(2),
        ),
    });
    if service_kit::config::background_work_enabled() {
        service_kit::events::outbox::spawn_relay(
            pool.clone(),
            context.config.amqp_url.clone(),
            std::time::Duration::from_millis(250),
        );
        service_kit::events::retention::spawn(
            pool.clone(),
            vec![(
                service_kit::events::retention::OUTBOX,
                context.config.event_retention,
            )],
            std::time::Duration::from_secs(3600),
        );
        housekeeping::spawn(
            pool.clone(),
            state.cache.clone(),
            config.housekeeping_every,
            config.demo_data,
        );
    }
    Ok(http::router(state))
}
