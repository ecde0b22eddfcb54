//! Marquee's payment service: pays for pending bookings once (idempotency keys), through a
//! card processor behind [`provider::PaymentProvider`], refunds, and tells the other services
//! by events written through its outbox.
//!
//! A request goes `http` (extract, answer, idempotency keys) → `domain` (rules,
//! [`error::PaymentError`]) → `repo` (SQL); `upstream` reads the booking and movie services,
//! `events` refunds what the booking service says must be given back.

pub mod config;
pub mod domain;
pub mod error;
pub mod events;
mod http;
pub mod metrics;
pub mod money;
pub mod provider;
pub mod repo;
pub mod state;
pub mod upstream;

use std::{sync::Arc, time::Duration};

use service_kit::{
    ServiceContext,
    cli::{Needs, ServiceSpec},
    events::{consumer, outbox, retention},
};
use sqlx::{PgPool, migrate::Migrator};

use crate::{provider::SimulatedCards, state::AppState, upstream::Upstream};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/payment");

pub fn spec() -> ServiceSpec {
    let needs = &[Needs::Database, Needs::Redis, Needs::RabbitMq];
    ServiceSpec::new("payment", 8004, needs, &MIGRATOR, routes)
}

pub fn routes(
    context: &ServiceContext,
    pool: PgPool,
) -> anyhow::Result<service_kit::openapi::ApiRouter> {
    let config = config::PaymentConfig::from_env()?;
    let state = AppState {
        verifier: context.token_verifier(),
        upstream: Upstream::new(
            &config.booking_service_url,
            &config.movie_service_url,
            Duration::from_secs(5),
            Some(context.metrics.registry()),
        ),
        provider: Arc::new(SimulatedCards {
            pool: pool.clone(),
            slow_card_delay: config.slow_card_delay,
        }),
        provider_timeout: config.provider_timeout,
        refund_cutoff: config.refund_cutoff,
        metrics: metrics::PaymentMetrics::new(context.metrics.registry())?,
        pool: pool.clone(),
    };
    if service_kit::config::background_work_enabled() {
        let amqp_url = context.config.amqp_url.clone();
        outbox::spawn_reporting_relay(
            pool.clone(),
            amqp_url.clone(),
            Duration::from_millis(250),
            outbox::RelayMetrics::new(context.metrics.registry())?,
        );
        domain::payments::spawn_reconciler(state.clone(), Duration::from_secs(15));
        let keep = context.config.event_retention;
        retention::spawn(
            pool.clone(),
            vec![
                (retention::OUTBOX, keep),
                (retention::PROCESSED_EVENTS, keep),
                (repo::idempotency::KEYS, config.idempotency_retention),
            ],
            Duration::from_secs(3600),
        );
        consumer::spawn(
            pool,
            amqp_url,
            events::SUBSCRIPTION,
            Arc::new(events::BookingRefunds {
                metrics: state.metrics.clone(),
            }),
            context.consumer_settings()?,
        );
    }
    Ok(http::router(state))
}
