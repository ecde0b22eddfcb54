//! Consuming events at least once and acting on each once: the event's id is recorded in
//! `processed_events` in the same transaction as the handler's work, and the message is
//! acknowledged only after that commits. A handler that fails is retried with backoff (up to
//! 10 s apart) for [`Settings::retry_for`] (15 minutes: a database restarting, a deployment); a
//! message that cannot be read, that fails for good ([`Permanent`]) or that keeps failing past
//! that is parked in the queue's dead-letter queue (`<queue>.dead`). How many are parked is the
//! metric `dead_letter_messages{queue}`; `<service> replay-dead-letters --queue Q` puts them
//! back once the cause is fixed. What became of each message (handled, a duplicate, a try
//! retried, parked) is counted in `events_consumed_total{event_type,outcome}`.
//!
//! Events are handled side by side, up to eight at once, except those the handler gives the
//! same ordering key (the same booking, say): those one after another, in the order they came.
//!
//! Each consuming service has the table (see its migrations):
//! `processed_events (consumer text, event_id uuid, processed_at, PRIMARY KEY (consumer, event_id))`.

use std::{future::Future, sync::Arc, time::Duration};

use futures::StreamExt;
use lapin::{
    message::Delivery,
    options::{BasicAckOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions},
    types::FieldTable,
};
use prometheus::{IntCounterVec, IntGaugeVec, Opts, Registry};
use sqlx::{PgConnection, PgPool};
use tracing::Instrument;
use uuid::Uuid;

pub use super::queues::Subscription;
use super::{Event, backoff, connect, lanes::Lanes, queues};
use crate::{correlation::CorrelationId, metrics::register};

/// How long a failing message is retried by default before it is parked.
pub const DEFAULT_RETRY_FOR: Duration = Duration::from_secs(15 * 60);
/// Events handled side by side (those with different ordering keys): one at a time, a
/// consumer's round trips (its transaction, the after-commit effects, the acknowledgement)
/// capped a busy service at about 90 bookings confirmed a second.
const LANES: usize = 8;
/// Messages the broker hands over before they are acknowledged: enough to keep every lane busy.
const UNACKNOWLEDGED_AT_MOST: u16 = 2 * LANES as u16;
/// The `event_type` counted for a message that is not an event at all.
const UNREADABLE: &str = "unreadable";

/// How a service's consumers retry, and where they report.
#[derive(Clone)]
pub struct Settings {
    /// How long a message whose handling keeps failing is retried before it is parked.
    pub retry_for: Duration,
    dead_letters: Option<IntGaugeVec>,
    consumed: Option<IntCounterVec>,
}

impl Default for Settings {
    /// Retrying for [`DEFAULT_RETRY_FOR`], reporting nowhere.
    fn default() -> Self {
        Self {
            retry_for: DEFAULT_RETRY_FOR,
            dead_letters: None,
            consumed: None,
        }
    }
}

impl Settings {
    /// Retrying for `retry_for`; the dead-letter depth and what became of each message go into
    /// `registry`.
    pub fn new(retry_for: Duration, registry: &Registry) -> anyhow::Result<Self> {
        let dead_letters = IntGaugeVec::new(
            Opts::new(
                "dead_letter_messages",
                "Messages parked in a queue's dead-letter queue, waiting for a person",
            ),
            &["queue"],
        )?;
        let consumed = IntCounterVec::new(
            Opts::new(
                "events_consumed_total",
                "Events consumed, by type and outcome: handled, duplicate (handled before), \
                 retried (a try that failed and is tried again) or dead_lettered (parked)",
            ),
            &["event_type", "outcome"],
        )?;
        register(registry, &dead_letters)?;
        register(registry, &consumed)?;
        Ok(Self {
            retry_for,
            dead_letters: Some(dead_letters),
            consumed: Some(consumed),
        })
    }

    /// Counts in `events_consumed_total` what became of an event (or of one try at it).
    fn count(&self, event_type: &str, outcome: Consumed) {
        if let Some(consumed) = &self.consumed {
            consumed
                .with_label_values(&[event_type, outcome.label()])
                .inc();
        }
    }
}

/// What became of a message (or of one try at it), as `events_consumed_total{outcome}` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Consumed {
    /// Handled, and the work committed.
    Handled,
    /// Handled before (a redelivery): acknowledged without doing the work again.
    Duplicate,
    /// A try that failed and will be tried again.
    Retried,
    /// Parked in the dead-letter queue: unreadable, failed for good, or failing for too long.
    DeadLettered,
}

impl Consumed {
    fn label(self) -> &'static str {
        match self {
            Self::Handled => "handled",
            Self::Duplicate => "duplicate",
            Self::Retried => "retried",
            Self::DeadLettered => "dead_lettered",
        }
    }
}

/// A failure that retrying cannot fix (the message is parked at once).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Permanent(pub String);

pub trait EventHandler: Send + Sync + 'static {
    /// What the work did, handed to [`EventHandler::after_commit`] once it is committed: what
    /// must not happen for work rolled back and tried again (counting it, say).
    type Done: Send + 'static;

    /// Does the event's work on `connection`, inside the transaction that also records the
    /// event as handled.
    fn handle<'a>(
        &'a self,
        event: &'a Event,
        connection: &'a mut PgConnection,
    ) -> impl Future<Output = anyhow::Result<Self::Done>> + Send + 'a;

    /// What the event's work must keep its order by: events with the same key are handled one
    /// after another in the order they arrive, events with different keys side by side. By
    /// default the booking the event is about; `None` puts the event in the lane shared by
    /// every event without a key.
    fn ordering_key(&self, event: &Event) -> Option<Uuid> {
        event.booking_id()
    }

    /// Effects outside the database, once the work is committed (best effort).
    fn after_commit<'a>(
        &'a self,
        _event: &'a Event,
        _done: Self::Done,
    ) -> impl Future<Output = ()> + Send + 'a {
        async {}
    }
}

/// Consumes for as long as the service runs, reconnecting with backoff.
pub fn spawn<H: EventHandler>(
    pool: PgPool,
    amqp_url: String,
    subscription: Subscription,
    handler: Arc<H>,
    settings: Settings,
) {
    tokio::spawn(async move {
        let mut failures = 0;
        loop {
            let consumed = consume(&pool, &amqp_url, subscription, &handler, &settings);
            if let Err(error) = consumed.await {
                tracing::warn!(%error, queue = subscription.queue, "event consumer stopped; retrying");
            }
            tokio::time::sleep(backoff(failures)).await;
            failures = (failures + 1).min(6);
        }
    });
}

async fn consume<H: EventHandler>(
    pool: &PgPool,
    amqp_url: &str,
    subscription: Subscription,
    handler: &Arc<H>,
    settings: &Settings,
) -> anyhow::Result<()> {
    let (_connection, channel) = connect(amqp_url).await?;
    queues::declare(&channel, subscription).await?;
    if let Some(gauge) = &settings.dead_letters {
        tokio::spawn(queues::report_depth(
            channel.clone(),
            subscription.queue,
            gauge.clone(),
        ));
    }
    channel
        .basic_qos(UNACKNOWLEDGED_AT_MOST, BasicQosOptions::default())
        .await?;
    let mut deliveries = channel
        .basic_consume(
            subscription.queue.into(),
            format!("{}-{}", subscription.queue, Uuid::new_v4()).into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;
    tracing::info!(queue = subscription.queue, "consuming events");
    let lanes = Lanes::start(LANES, {
        let (pool, handler, settings) = (pool.clone(), handler.clone(), settings.clone());
        move |(delivery, event): (Delivery, Event)| {
            let (pool, handler, settings) = (pool.clone(), handler.clone(), settings.clone());
            async move {
                let queue = subscription.queue;
                let handled = handle(&pool, queue, handler.as_ref(), &event, &settings).await;
                // A failed acknowledgement means the channel is gone: the lane stops, and the
                // broker delivers again what was not acknowledged (handled once all the same).
                settle(queue, delivery, handled).await.is_ok()
            }
        }
    });
    let consumed = async {
        while let Some(delivery) = deliveries.next().await {
            let delivery = delivery?;
            match read(&delivery.data, settings) {
                Ok(event) => lanes
                    .hand(handler.ordering_key(&event), (delivery, event))
                    .map_err(|_| anyhow::anyhow!("a lane of the consumer stopped"))?,
                Err(reason) => settle(subscription.queue, delivery, Err(reason)).await?,
            }
        }
        anyhow::bail!("the broker closed the consumer")
    }
    .await;
    lanes.finish().await;
    consumed
}

/// Acknowledges a handled message, or parks one that must be (`Err` with the reason).
async fn settle(queue: &str, delivery: Delivery, handled: Result<(), String>) -> lapin::Result<()> {
    match handled {
        Ok(()) => delivery.ack(BasicAckOptions::default()).await.map(drop),
        Err(reason) => {
            tracing::error!(queue, reason, "event parked in the dead-letter queue");
            delivery
                .nack(BasicNackOptions {
                    requeue: false,
                    ..Default::default()
                })
                .await
                .map(drop)
        }
    }
}

/// Handles one message, retrying for [`DEFAULT_RETRY_FOR`] and counting nothing; `Err` with the
/// reason when it must be parked.
pub async fn process<H: EventHandler>(
    pool: &PgPool,
    consumer: &str,
    handler: &H,
    body: &[u8],
) -> Result<(), String> {
    process_with(pool, consumer, handler, body, &Settings::default()).await
}

/// Handles one message as a consumer with `settings` does: a failure retried for
/// `settings.retry_for`, and what became of the message counted; `Err` with the reason when it
/// must be parked.
pub async fn process_with<H: EventHandler>(
    pool: &PgPool,
    consumer: &str,
    handler: &H,
    body: &[u8],
    settings: &Settings,
) -> Result<(), String> {
    let event = read(body, settings)?;
    handle(pool, consumer, handler, &event, settings).await
}

/// The event a message carries; `Err` (counted as parked) when it is none we can read.
fn read(body: &[u8], settings: &Settings) -> Result<Event, String> {
    match serde_json::from_slice::<Event>(body) {
        Ok(event) if event.version == 1 => Ok(event),
        Ok(event) => {
            settings.count(&event.event_type, Consumed::DeadLettered);
            Err(format!(
                "unknown version {} of {}",
                event.version, event.event_type
            ))
        }
        Err(error) => {
            settings.count(UNREADABLE, Consumed::DeadLettered);
            Err(format!("unreadable event: {error}"))
        }
    }
}

/// Handles a read event under its request's correlation id, counting what became of it.
async fn handle<H: EventHandler>(
    pool: &PgPool,
    consumer: &str,
    handler: &H,
    event: &Event,
    settings: &Settings,
) -> Result<(), String> {
    // The event continues the chain of the request that caused it: its log lines, the calls
    // and the events its handling makes carry the same correlation id.
    let correlation_id = event
        .correlation_id
        .as_deref()
        .and_then(CorrelationId::parse)
        .unwrap_or_else(CorrelationId::generate);
    let span = tracing::info_span!(
        "event",
        correlation_id = correlation_id.as_str(),
        event_id = %event.id,
        event_type = %event.event_type,
    );
    let handled = correlation_id
        .scope(handle_with_retries(
            pool, consumer, handler, event, settings,
        ))
        .instrument(span)
        .await;
    let outcome = handled.as_ref().copied().unwrap_or(Consumed::DeadLettered);
    settings.count(&event.event_type, outcome);
    handled.map(drop)
}

/// How the event was handled (or, `Err`, why it must be parked), each failed try counted.
async fn handle_with_retries<H: EventHandler>(
    pool: &PgPool,
    consumer: &str,
    handler: &H,
    event: &Event,
    settings: &Settings,
) -> Result<Consumed, String> {
    let started = tokio::time::Instant::now();
    let mut attempt = 0;
    loop {
        match handle_once(pool, consumer, handler, event).await {
            Ok(Some(done)) => {
                handler.after_commit(event, done).await;
                return Ok(Consumed::Handled);
            }
            Ok(None) => {
                tracing::debug!(event = %event.id, "already handled");
                return Ok(Consumed::Duplicate);
            }
            Err(error) if error.is::<Permanent>() => return Err(error.to_string()),
            Err(error) if started.elapsed() >= settings.retry_for => {
                return Err(format!(
                    "gave up after {} attempts over {} s: {error:#}",
                    attempt + 1,
                    started.elapsed().as_secs()
                ));
            }
            Err(error) => {
                tracing::warn!(event = %event.id, attempt, error = format!("{error:#}"), "event handling failed; retrying");
                settings.count(&event.event_type, Consumed::Retried);
                tokio::time::sleep(backoff(attempt)).await;
                attempt = (attempt + 1).min(10);
            }
        }
    }
}

/// What the committed work did; `None` when the event was handled before.
async fn handle_once<H: EventHandler>(
    pool: &PgPool,
    consumer: &str,
    handler: &H,
    event: &Event,
) -> anyhow::Result<Option<H::Done>> {
    let mut tx = pool.begin().await?;
    let first = sqlx::query(
        "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(consumer)
    .bind(event.id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !first {
        return Ok(None);
    }
    let done = handler.handle(event, &mut tx).await?;
    tx.commit().await?;
    Ok(Some(done))
}
