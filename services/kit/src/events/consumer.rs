//! Consuming events at least once and acting on each once: the event's id is recorded in
//! `processed_events` in the same transaction as the handler's work, and the message is
//! acknowledged only after that commits. A handler that fails is retried with backoff; a
//! message that cannot be read, or that keeps failing, is parked in the queue's dead-letter
//! queue (`<queue>.dead`) for a person to look at.
//!
//! Each consuming service has the table (see its migrations):
//! `processed_events (consumer text, event_id uuid, processed_at, PRIMARY KEY (consumer, event_id))`.

use std::{future::Future, sync::Arc};

use futures::StreamExt;
use lapin::{
    options::{
        BasicAckOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions, QueueBindOptions,
        QueueDeclareOptions,
    },
    types::{AMQPValue, FieldTable},
};
use sqlx::{PgConnection, PgPool};
use tracing::Instrument;

use super::{DEAD_LETTER_EXCHANGE, EXCHANGE, Event, backoff, connect};
use crate::correlation::CorrelationId;

/// Tries of one message before it is parked.
pub const MAX_ATTEMPTS: u32 = 5;

/// A failure that retrying cannot fix (the message is parked at once).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Permanent(pub String);

pub trait EventHandler: Send + Sync + 'static {
    /// Does the event's work on `connection`, inside the transaction that also records the
    /// event as handled.
    fn handle<'a>(
        &'a self,
        event: &'a Event,
        connection: &'a mut PgConnection,
    ) -> impl Future<Output = anyhow::Result<()>> + Send + 'a;

    /// Effects outside the database, once the work is committed (best effort).
    fn after_commit<'a>(&'a self, _event: &'a Event) -> impl Future<Output = ()> + Send + 'a {
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
) {
    tokio::spawn(async move {
        let mut failures = 0;
        loop {
            if let Err(error) = consume(&pool, &amqp_url, subscription, handler.as_ref()).await {
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
) -> anyhow::Result<()> {
    let (_connection, channel) = connect(amqp_url).await?;
    declare(&channel, subscription).await?;
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
        match process(pool, subscription.queue, handler, &delivery.data).await {
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

/// Handles one message; `Err` with the reason when it must be parked.
pub async fn process<H: EventHandler>(
    pool: &PgPool,
    consumer: &str,
    handler: &H,
    body: &[u8],
) -> Result<(), String> {
    let event: Event = match serde_json::from_slice::<Event>(body) {
        Ok(event) if event.version == 1 => event,
        Ok(event) => {
            return Err(format!(
                "unknown version {} of {}",
                event.version, event.event_type
            ));
        }
        Err(error) => return Err(format!("unreadable event: {error}")),
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
    correlation_id
        .scope(handle_with_retries(pool, consumer, handler, &event))
        .instrument(span)
        .await
}

async fn handle_with_retries<H: EventHandler>(
    pool: &PgPool,
    consumer: &str,
    handler: &H,
    event: &Event,
) -> Result<(), String> {
    let mut attempt = 0;
    loop {
        match handle_once(pool, consumer, handler, event).await {
            Ok(true) => {
                handler.after_commit(event).await;
                return Ok(());
            }
            Ok(false) => {
                tracing::debug!(event = %event.id, "already handled");
                return Ok(());
            }
            Err(error) if error.is::<Permanent>() => return Err(error.to_string()),
            Err(error) if attempt + 1 >= MAX_ATTEMPTS => {
                return Err(format!("gave up after {MAX_ATTEMPTS} attempts: {error:#}"));
            }
            Err(error) => {
                tracing::warn!(event = %event.id, attempt, error = format!("{error:#}"), "event handling failed; retrying");
                tokio::time::sleep(backoff(attempt)).await;
                attempt += 1;
            }
        }
    }
}

/// `Ok(false)` when the event was handled before.
async fn handle_once<H: EventHandler>(
    pool: &PgPool,
    consumer: &str,
    handler: &H,
    event: &Event,
) -> anyhow::Result<bool> {
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
        return Ok(false);
    }
    handler.handle(event, &mut tx).await?;
    tx.commit().await?;
    Ok(true)
}
