//! Marquee's booking service: seat holds in Redis and bookings in PostgreSQL.
//!
//! A request goes `http` (extract, answer) → `domain` (rules, [`error::BookingError`]) →
//! `repo` (SQL and Redis keys, one module per aggregate); `catalog` asks the movie service for a
//! showtime's seating, `live` announces seat changes to browsers, `events` and `sweepers` drive
//! the same domain from RabbitMQ and timers.

pub mod catalog;
pub mod config;
pub mod domain;
pub mod error;
pub mod events;
mod http;
pub mod live;
pub mod metrics;
pub mod repo;
pub mod settlements;
pub mod signer;
pub mod state;
pub mod sweepers;

use std::{sync::Arc, time::Duration};

use service_kit::{
    ServiceContext,
    cache::LazyRedis,
    cli::{Needs, ServiceSpec},
    events::{consumer, outbox, retention},
    http_client::ServiceClient,
    openapi::ApiRouter,
};
use sqlx::{PgPool, migrate::Migrator};

use crate::{
    catalog::Catalog, config::BookingConfig, live::SeatFeed, metrics::BookingMetrics,
    repo::holds::Holds, signer::TicketSigner, state::AppState,
};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/booking");

pub fn spec() -> ServiceSpec {
    let needs = &[Needs::Database, Needs::Redis, Needs::RabbitMq];
    ServiceSpec::new("booking", 8003, needs, &MIGRATOR, routes)
}

pub fn routes(context: &ServiceContext, pool: PgPool) -> anyhow::Result<ApiRouter> {
    let config = Arc::new(BookingConfig::from_env()?);
    let redis = LazyRedis::open(&context.config.redis_url)?;
    let movie = ServiceClient::new(
        "movie",
        &config.movie_service_url,
        Duration::from_secs(5),
        Some(context.metrics.registry()),
    );
    let state = AppState {
        verifier: context.token_verifier(),
        holds: Holds::new(redis.clone(), config.hold_ttl, config.hold_rest),
        feed: SeatFeed::new(redis.clone()),
        catalog: Catalog::new(movie, redis, config.seating_cache_ttl),
        tickets: TicketSigner::new(pool.clone(), config.ticket_signing_key.clone()),
        metrics: BookingMetrics::new(context.metrics.registry())?,
        pool: pool.clone(),
        config: config.clone(),
    };
    if service_kit::config::background_work_enabled() {
        spawn_background_work(
            &state,
            &context.config.amqp_url,
            context.consumer_settings()?,
            outbox::RelayMetrics::new(context.metrics.registry())?,
        );
        let keep = context.config.event_retention;
        retention::spawn(
            pool.clone(),
            vec![
                (retention::OUTBOX, keep),
                (retention::PROCESSED_EVENTS, keep),
            ],
            Duration::from_secs(3600),
        );
    }
    Ok(http::router(state))
}

fn spawn_background_work(
    state: &AppState,
    amqp_url: &str,
    consumers: consumer::Settings,
    relay: outbox::RelayMetrics,
) {
    let pool = state.pool.clone();
    sweepers::spawn(
        pool.clone(),
        state.holds.clone(),
        state.feed.clone(),
        state.metrics.clone(),
        state.config.expiry_sweep_every,
        state.config.lapse_check_every,
    );
    outbox::spawn_reporting_relay(
        pool.clone(),
        amqp_url.to_owned(),
        Duration::from_millis(250),
        relay,
    );
    consumer::spawn(
        pool.clone(),
        amqp_url.to_owned(),
        events::showtimes::SUBSCRIPTION,
        Arc::new(events::showtimes::ShowtimeEvents {
            metrics: state.metrics.clone(),
        }),
        consumers.clone(),
    );
    consumer::spawn(
        pool.clone(),
        amqp_url.to_owned(),
        events::payments::SUBSCRIPTION,
        Arc::new(events::payments::PaymentEvents {
            pool,
            holds: state.holds.clone(),
            feed: state.feed.clone(),
            tickets: state.tickets.clone(),
            metrics: state.metrics.clone(),
        }),
        consumers,
    );
}
