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
//! Each consuming service has the table (see its migrations):
//! `processed_events (consumer text, event_id uuid, processed_at, PRIMARY KEY (consumer, event_id))`.

use std::{future::Future, sync::Arc, time::Duration};

use futures::StreamExt;
use lapin::{
    options::{
        BasicAckOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions, QueueBindOptions,
        QueueDeclareOptions,
    },
    types::{AMQPValue, FieldTable},
};
use prometheus::{IntCounterVec, IntGaugeVec, Opts, Registry};
use sqlx::{PgConnection, PgPool};
use tracing::Instrument;

use super::{DEAD_LETTER_EXCHANGE, EXCHANGE, Event, backoff, connect};
use crate::{correlation::CorrelationId, metrics::register};

/// How long a failing message is retried by default before it is parked.
pub const DEFAULT_RETRY_FOR: Duration = Duration::from_secs(15 * 60);
/// How often the dead-letter queue's depth is read for the metric.
const DEPTH_EVERY: Duration = Duration::from_secs(5);
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

    /// Effects outside the database, once the work is committed (best effort).
    fn after_commit<'a>(
        &'a self,
        _event: &'a Event,
        _done: Self::Done,
    ) -> impl Future<Output = ()> + Send + 'a {
        async {}
    }
}

/// Where and what a consumer listens to.
#[derive(Debug, Clone, Copy)]
pub struct Subscription {
    /// The durable queue (and the consumer's name in `processed_events`).
    pub queue: &'static str,
    /// Routing keys (event types) bound to it; `*` and `#` work as in any topic exchange.
    pub bindings: &'static [&'static str],
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
            let consumed = consume(&pool, &amqp_url, subscription, handler.as_ref(), &settings);
            if let Err(error) = consumed.await {
                tracing::warn!(%error, queue = subscription.queue, "event consumer stopped; retrying");
            }
            tokio::time::sleep(backoff(failures)).await;
            failures = (failures + 1).min(6);
        }
    });
}

/// Declares the queue with its dead-letter queue and binds it.
pub async fn declare(channel: &lapin::Channel, subscription: Subscription) -> lapin::Result<()> {
    let durable = QueueDeclareOptions {
        durable: true,
        ..Default::default()
    };
    let queue = subscription.queue;
    let dead = format!("{queue}.dead");
    channel
        .queue_declare(dead.as_str().into(), durable, FieldTable::default())
        .await?;
    channel
        .queue_bind(
            dead.as_str().into(),
            DEAD_LETTER_EXCHANGE.into(),
            queue.into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await?;
    let mut arguments = FieldTable::default();
    arguments.insert(
        "x-dead-letter-exchange".into(),
        AMQPValue::LongString(DEAD_LETTER_EXCHANGE.into()),
    );
    arguments.insert(
        "x-dead-letter-routing-key".into(),
        AMQPValue::LongString(queue.into()),
    );
    channel
        .queue_declare(queue.into(), durable, arguments)
        .await?;
    for binding in subscription.bindings {
        channel
            .queue_bind(
                queue.into(),
                EXCHANGE.into(),
                (*binding).into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;
    }
    Ok(())
}

async fn consume<H: EventHandler>(
    pool: &PgPool,
    amqp_url: &str,
    subscription: Subscription,
    handler: &H,
    settings: &Settings,
) -> anyhow::Result<()> {
    let (_connection, channel) = connect(amqp_url).await?;
    declare(&channel, subscription).await?;
    if let Some(gauge) = &settings.dead_letters {
        tokio::spawn(report_depth(
            channel.clone(),
            subscription.queue,
            gauge.clone(),
        ));
    }
    channel.basic_qos(10, BasicQosOptions::default()).await?;
    let mut deliveries = channel
        .basic_consume(
            subscription.queue.into(),
            format!("{}-{}", subscription.queue, uuid::Uuid::new_v4()).into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;
    tracing::info!(queue = subscription.queue, "consuming events");
    while let Some(delivery) = deliveries.next().await {
        let delivery = delivery?;
        let processed = process_with(pool, subscription.queue, handler, &delivery.data, settings);
        match processed.await {
            Ok(()) => {
                delivery.ack(BasicAckOptions::default()).await?;
            }
            Err(reason) => {
                tracing::error!(
                    queue = subscription.queue,
                    reason,
                    "event parked in the dead-letter queue"
                );
                delivery
                    .nack(BasicNackOptions {
                        requeue: false,
                        ..Default::default()
                    })
                    .await?;
            }
        }
    }
    anyhow::bail!("the broker closed the consumer")
}

/// Sets the dead-letter queue's depth on `gauge` now and then, while the channel is open.
async fn report_depth(channel: lapin::Channel, queue: &'static str, gauge: IntGaugeVec) {
    let dead = format!("{queue}.dead");
    let passive = QueueDeclareOptions {
        passive: true,
        ..Default::default()
    };
    while let Ok(declared) = channel
        .queue_declare(dead.as_str().into(), passive, FieldTable::default())
        .await
    {
        gauge
            .with_label_values(&[queue])
            .set(i64::from(declared.message_count()));
        tokio::time::sleep(DEPTH_EVERY).await;
    }
}

/// Moves every message parked in `<queue>.dead` back onto `queue`, each published (and
/// confirmed by the broker) before it leaves the dead-letter queue; answers how many.
pub async fn replay_dead_letters(amqp_url: &str, queue: &str) -> anyhow::Result<u64> {
    use lapin::options::{BasicGetOptions, BasicPublishOptions, ConfirmSelectOptions};
    let (_connection, channel) = connect(amqp_url).await?;
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await?;
    let dead = format!("{queue}.dead");
    let mut replayed = 0;
    while let Some(message) = channel
        .basic_get(dead.as_str().into(), BasicGetOptions { no_ack: false })
        .await?
    {
        let delivery = message.delivery;
        // The default exchange routes by queue name: straight back to the consumer's queue.
        channel
            .basic_publish(
                "".into(),
                queue.into(),
                BasicPublishOptions::default(),
                &delivery.data,
                delivery.properties.clone(),
            )
            .await?
            .await?;
        delivery.ack(BasicAckOptions::default()).await?;
        replayed += 1;
    }
    Ok(replayed)
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
    let event: Event = match serde_json::from_slice::<Event>(body) {
        Ok(event) if event.version == 1 => event,
        Ok(event) => {
            settings.count(&event.event_type, Consumed::DeadLettered);
            return Err(format!(
                "unknown version {} of {}",
                event.version, event.event_type
            ));
        }
        Err(error) => {
            settings.count(UNREADABLE, Consumed::DeadLettered);
            return Err(format!("unreadable event: {error}"));
        }
    };
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
            pool, consumer, handler, &event, settings,
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
