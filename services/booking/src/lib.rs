//! Marquee's booking service: seat holds in Redis and bookings in PostgreSQL.

pub mod bookings;
pub mod hold_handlers;
pub mod holds;
pub mod payment_events;
pub mod seats;
pub mod showtime_events;
pub mod sweepers;
pub mod tickets;

use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    extract::FromRef,
    routing::{delete, get, post},
};
use service_kit::{
    ServiceContext,
    auth::TokenVerifier,
    cache::LazyRedis,
    cli::{Needs, ServiceSpec},
    config::env_or as env,
    events::{consumer, outbox},
    http_client::ServiceClient,
};
use sqlx::{PgPool, migrate::Migrator};

use crate::holds::Holds;

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/booking");

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "booking",
        default_port: 8003,
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
    pub holds: Holds,
    /// Reads from the movie service (seat maps, showtimes).
    pub movie: ServiceClient,
    pub tickets: tickets::TicketSigner,
    /// Customers cannot cancel (and so be refunded for) a paid booking this close to its showtime.
    pub refund_cutoff: chrono::Duration,
}

pub fn routes(context: &ServiceContext, pool: PgPool) -> anyhow::Result<Router> {
    let hold_minutes: u64 = env("HOLD_MINUTES", "8").parse()?;
    let sweep_every = Duration::from_secs(env("EXPIRY_SWEEP_SECS", "15").parse()?);
    let lapse_check_every = Duration::from_millis(env("HOLD_LAPSE_CHECK_MS", "500").parse()?);
    let state = AppState {
        verifier: context.token_verifier(),
        holds: Holds::new(
            LazyRedis::open(&context.config.redis_url)?,
            Duration::from_secs(hold_minutes * 60),
        ),
        movie: ServiceClient::new(
            "movie",
            &env("MOVIE_SERVICE_URL", "http://127.0.0.1:8002"),
            Duration::from_secs(5),
            Some(context.metrics.registry()),
        ),
        refund_cutoff: chrono::Duration::minutes(env("REFUND_CUTOFF_MINUTES", "60").parse()?),
        tickets: tickets::TicketSigner::new(pool.clone()),
        pool: pool.clone(),
    };
    if service_kit::config::background_work_enabled() {
        sweepers::spawn(
            pool.clone(),
            state.holds.clone(),
            sweep_every,
            lapse_check_every,
        );
        let amqp_url = context.config.amqp_url.clone();
        outbox::spawn_relay(pool.clone(), amqp_url.clone(), Duration::from_millis(250));
        consumer::spawn(
            pool.clone(),
            amqp_url.clone(),
            showtime_events::SUBSCRIPTION,
            Arc::new(showtime_events::ShowtimeEvents),
        );
        consumer::spawn(
            pool.clone(),
            amqp_url,
            payment_events::SUBSCRIPTION,
            Arc::new(payment_events::PaymentEvents {
                pool,
                holds: state.holds.clone(),
                tickets: state.tickets.clone(),
            }),
        );
    }
    Ok(Router::new()
        .route(
            "/holds",
            post(hold_handlers::create).get(hold_handlers::mine),
        )
        .route("/holds/{id}/extend", post(hold_handlers::extend))
        .route("/holds/{id}", delete(hold_handlers::release))
        .route("/book", post(bookings::book))
        .route("/bookings", post(bookings::book).get(bookings::mine))
        .route("/bookings/{id}", get(bookings::get_one))
        .route("/bookings/{id}/cancel", post(bookings::cancel))
        .route("/bookings/{id}/ticket", get(tickets::ticket))
        .route("/tickets/public-key", get(tickets::public_key))
        .route("/tickets/verify", post(tickets::verify))
        .route("/showtimes/occupancy", get(hold_handlers::occupancy))
        .route(
            "/showtimes/{id}/seat-status",
            get(hold_handlers::seat_status),
        )
        .with_state(state))
}
