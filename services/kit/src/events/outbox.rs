//! The transactional outbox: an event is a row written with the change it describes, so it
//! exists exactly when the change does; a relay publishes pending rows with publisher confirms
//! and marks them sent. If the broker is away, rows wait and the relay retries; a crash between
//! publishing and marking can send an event twice, which consumers absorb by its id.
//!
//! A relay reports (see [`RelayMetrics`]) the events it publishes, and the backlog: how many
//! wait, and for how long the oldest has.
//!
//! Each publishing service has the table (see its migrations):
//! `outbox (id uuid PRIMARY KEY, event_type text, payload jsonb, created_at, published_at)`.

use std::time::Duration;

use lapin::{BasicProperties, options::BasicPublishOptions, types::FieldTable};
use prometheus::{Gauge, IntCounterVec, IntGauge, Opts, Registry};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{EXCHANGE, Event, backoff, connect};
use crate::metrics::register;

/// The channel an outbox write notifies (at its transaction's commit) so that the relay
/// publishes at once instead of at its next poll.
const WRITTEN_CHANNEL: &str = "outbox_written";

/// How often the backlog is read for `outbox_pending` and `outbox_lag_seconds`.
const BACKLOG_EVERY: Duration = Duration::from_secs(5);

/// What a relay reports: `events_published_total{event_type}` (events the broker confirmed),
/// `outbox_pending` (events not yet published) and `outbox_lag_seconds` (how long the oldest of
/// them has waited; 0 when none). Every instance of a service reports the same backlog: it is
/// the table's.
#[derive(Clone)]
pub struct RelayMetrics {
    published: IntCounterVec,
    pending: IntGauge,
    lag_seconds: Gauge,
}

impl RelayMetrics {
    /// The relay's metrics, served from `registry`.
    pub fn new(registry: &Registry) -> anyhow::Result<Self> {
        let metrics = Self {
            published: IntCounterVec::new(
                Opts::new(
                    "events_published_total",
                    "Events the outbox relay published to RabbitMQ (confirmed by the broker)",
                ),
                &["event_type"],
            )?,
            pending: IntGauge::new("outbox_pending", "Events in the outbox not yet published")?,
            lag_seconds: Gauge::new(
                "outbox_lag_seconds",
                "Seconds the oldest event not yet published has waited in the outbox (0: none)",
            )?,
        };
        register(registry, &metrics.published)?;
        register(registry, &metrics.pending)?;
        register(registry, &metrics.lag_seconds)?;
        Ok(metrics)
    }

    /// Metrics no registry serves, for a relay whose service does not report them.
    pub fn unregistered() -> Self {
        Self::new(&Registry::new()).expect("a fresh registry takes every metric")
    }
}

/// Writes `event` into the outbox on `connection` (normally inside the transaction that makes
/// the change the event describes).
///
/// The relay hears of it when that transaction commits (PostgreSQL delivers a notification
/// only then, and one per channel per transaction).
pub async fn enqueue(connection: &mut PgConnection, event: &Event) -> sqlx::Result<()> {
    sqlx::query(
        "WITH written AS (
             INSERT INTO outbox (id, event_type, payload) VALUES ($1, $2, $3) RETURNING id
         )
         SELECT pg_notify($4, '') FROM written",
    )
    .bind(event.id)
    .bind(&event.event_type)
    .bind(sqlx::types::Json(event))
    .bind(WRITTEN_CHANNEL)
    .execute(connection)
    .await
    .map(drop)
}

/// Publishes the outbox for as long as the service runs, reporting nothing.
pub fn spawn_relay(pool: PgPool, amqp_url: String, idle: Duration) {
    spawn_publisher(pool, amqp_url, idle, RelayMetrics::unregistered());
}

/// Publishes the outbox for as long as the service runs, reporting into `metrics`. The backlog
/// is read every few seconds whether or not the broker can be reached: when it cannot is when
/// the backlog grows.
pub fn spawn_reporting_relay(
    pool: PgPool,
    amqp_url: String,
    idle: Duration,
    metrics: RelayMetrics,
) {
    tokio::spawn(report_backlog(pool.clone(), metrics.clone()));
    spawn_publisher(pool, amqp_url, idle, metrics);
}

fn spawn_publisher(pool: PgPool, amqp_url: String, idle: Duration, metrics: RelayMetrics) {
    tokio::spawn(async move {
        let mut failures = 0;
        loop {
            match relay(&pool, &amqp_url, idle, &metrics).await {
                Ok(()) => failures = 0,
                Err(error) => {
                    tracing::warn!(%error, "outbox relay stopped; retrying");
                    tokio::time::sleep(backoff(failures)).await;
                    failures += 1;
                }
            }
        }
    });
}

/// Connects and publishes until the connection fails.
async fn relay(
    pool: &PgPool,
    amqp_url: &str,
    idle: Duration,
    metrics: &RelayMetrics,
) -> anyhow::Result<()> {
    let (_connection, channel) = connect(amqp_url).await?;
    channel
        .confirm_select(lapin::options::ConfirmSelectOptions::default())
        .await?;
    let mut written = listen_for_writes(pool).await;
    loop {
        if publish_pending(pool, &channel, metrics).await? == 0 {
            // Waits for the next write, or `idle` at most: a notification missed (while the
            // listener reconnects, or with none) only delays an event until then.
            match written.as_mut() {
                Some(listener) => {
                    if let Ok(Err(error)) = tokio::time::timeout(idle, listener.recv()).await {
                        tracing::warn!(%error, "outbox notifications lost; polling");
                        written = None;
                    }
                }
                None => tokio::time::sleep(idle).await,
            }
        }
    }
}

/// A listener for outbox writes, or `None` (then the relay polls) when PostgreSQL refuses one.
async fn listen_for_writes(pool: &PgPool) -> Option<sqlx::postgres::PgListener> {
    let listening = async {
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(WRITTEN_CHANNEL).await?;
        Ok::<_, sqlx::Error>(listener)
    };
    listening
        .await
        .inspect_err(|error| tracing::warn!(%error, "outbox relay polls: cannot listen"))
        .ok()
}

/// Sets the backlog gauges every [`BACKLOG_EVERY`], for as long as the service runs.
async fn report_backlog(pool: PgPool, metrics: RelayMetrics) {
    loop {
        match backlog(&pool).await {
            Ok((pending, lag_seconds)) => {
                metrics.pending.set(pending);
                metrics.lag_seconds.set(lag_seconds);
            }
            // The gauges keep their last values; /health says the database is away.
            Err(error) => tracing::debug!(%error, "outbox backlog not read"),
        }
        tokio::time::sleep(BACKLOG_EVERY).await;
    }
}

/// How many events wait to be published, and for how many seconds the oldest has (0 when none).
pub async fn backlog(pool: &PgPool) -> sqlx::Result<(i64, f64)> {
    sqlx::query_as(
        "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
         FROM outbox WHERE published_at IS NULL",
    )
    .fetch_one(pool)
    .await
}

/// Publishes up to 100 pending events, each confirmed by the broker (and counted in `metrics`),
/// and marks them sent. Several relays (service instances) share the work without sending a row
/// twice at once.
pub async fn publish_pending(
    pool: &PgPool,
    channel: &lapin::Channel,
    metrics: &RelayMetrics,
) -> anyhow::Result<usize> {
    let mut tx = pool.begin().await?;
    let pending: Vec<(Uuid, String, sqlx::types::Json<Event>)> = sqlx::query_as(
        "SELECT id, event_type, payload FROM outbox WHERE published_at IS NULL
         ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut sent = Vec::with_capacity(pending.len());
    for (id, event_type, sqlx::types::Json(event)) in &pending {
        let mut properties = BasicProperties::default()
            .with_message_id(id.to_string().into())
            .with_content_type("application/json".into())
            .with_delivery_mode(2)
            .with_headers(FieldTable::default());
        if let Some(correlation) = &event.correlation_id {
            properties = properties.with_correlation_id(correlation.clone().into());
        }
        let body = serde_json::to_vec(event)?;
        let confirmation = channel
            .basic_publish(
                EXCHANGE.into(),
                event_type.clone().into(),
                BasicPublishOptions::default(),
                &body,
                properties,
            )
            .await?
            .await?;
        if !confirmation.is_ack() {
            anyhow::bail!("the broker refused event {id}");
        }
        // Counted once the broker has it, even should marking it sent fail: it was published
        // (and will be again, which consumers absorb).
        metrics
            .published
            .with_label_values(&[event_type.as_str()])
            .inc();
        sent.push(*id);
    }
    sqlx::query("UPDATE outbox SET published_at = now() WHERE id = ANY($1)")
        .bind(&sent)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if !sent.is_empty() {
        tracing::debug!(events = sent.len(), "outbox published");
    }
    Ok(sent.len())
}
