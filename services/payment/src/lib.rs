//! Marquee's payment service: pays for pending bookings once (idempotency keys), through a
//! card processor behind [`provider::PaymentProvider`], refunds, and tells the other services
//! by events written through its outbox.

pub mod config;
pub mod idempotency;
pub mod money;
pub mod payments;
pub mod provider;
pub mod refunds;
pub mod upstream;

use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    extract::FromRef,
    routing::{get, post},
};
use service_kit::{
    ServiceContext,
    auth::TokenVerifier,
    cli::{Needs, ServiceSpec},
    events::{consumer, outbox},
};
use sqlx::{PgPool, migrate::Migrator};

use crate::{
    provider::{PaymentProvider, SimulatedCards},
    upstream::Upstream,
};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/payment");

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "payment",
        default_port: 8004,
        needs: &[Needs::Database, Needs::Redis, Needs::RabbitMq],
        migrator: &MIGRATOR,
        routes,
        seed: None,
        commands: &[],
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub verifier: Arc<TokenVerifier>,
    pub upstream: Upstream,
    pub provider: Arc<dyn PaymentProvider>,
    pub provider_timeout: Duration,
    /// No refunds (except by staff) this close to the showtime.
    pub refund_cutoff: chrono::Duration,
}

pub fn routes(context: &ServiceContext, pool: PgPool) -> anyhow::Result<Router> {
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
            slow_card_delay: config.slow_card_delay,
        }),
        provider_timeout: config.provider_timeout,
        refund_cutoff: config.refund_cutoff,
        pool: pool.clone(),
    };
    if service_kit::config::background_work_enabled() {
        let amqp_url = context.config.amqp_url.clone();
        outbox::spawn_relay(pool.clone(), amqp_url.clone(), Duration::from_millis(250));
        consumer::spawn(
            pool,
            amqp_url,
            refunds::SUBSCRIPTION,
            Arc::new(refunds::BookingRefunds),
        );
    }
    Ok(Router::new()
        .route("/process", post(payments::process))
        .route("/payments", post(payments::process).get(payments::mine))
        .route("/payments/{id}", get(payments::get_one))
        .route("/payments/{id}/refund", post(refunds::refund))
        .with_state(state))
}
