//! Marquee's notification service: in-app notices and emails from booking and payment events.

pub mod booking_events;
pub mod config;
pub mod mailer;
pub mod notices;

use std::{sync::Arc, time::Duration};

use axum::extract::FromRef;
use service_kit::{
    ServiceContext,
    auth::TokenVerifier,
    cli::{Needs, ServiceSpec},
    events::consumer,
    openapi::ApiRouter,
};
use sqlx::{PgPool, migrate::Migrator};
use utoipa_axum::{router::OpenApiRouter, routes};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/notification");

pub fn spec() -> ServiceSpec {
    let needs = &[Needs::Database, Needs::RabbitMq];
    ServiceSpec::new("notification", 8005, needs, &MIGRATOR, routes)
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub verifier: Arc<TokenVerifier>,
}

pub fn routes(context: &ServiceContext, pool: PgPool) -> anyhow::Result<ApiRouter> {
    let config = config::NotificationConfig::from_env()?;
    let state = AppState {
        verifier: context.token_verifier(),
        pool: pool.clone(),
    };
    if service_kit::config::background_work_enabled() {
        service_kit::events::retention::spawn(
            pool.clone(),
            vec![(
                service_kit::events::retention::PROCESSED_EVENTS,
                context.config.event_retention,
            )],
            Duration::from_secs(3600),
        );
        consumer::spawn(
            pool.clone(),
            context.config.amqp_url.clone(),
            booking_events::SUBSCRIPTION,
            Arc::new(booking_events::Notices {
                public_url: config.public_url.clone(),
                currency: config.currency.clone(),
                default_language: config.default_language,
            }),
            context.consumer_settings()?,
        );
        mailer::spawn(
            pool,
            mailer::Mailer::from_config(&config)?.reporting_to(context.metrics.registry())?,
            Duration::from_secs(1),
        );
    }
    Ok(OpenApiRouter::new()
        .routes(routes!(notices::mine))
        .routes(routes!(notices::unread_count))
        .routes(routes!(notices::mark_all_read))
        .routes(routes!(notices::mark_read))
        // Its writes carry no body worth the name.
        .layer(axum::extract::DefaultBodyLimit::max(4 * 1024))
        .with_state(state))
}
