//! The transactional outbox: an event is a row written with the change it describes, so it
//! exists exactly when the change does; a relay publishes pending rows with publisher confirms
//! and marks them sent. If the broker is away, rows wait and the relay retries; a crash between
//! publishing and marking can send an event twice, which consumers absorb by its id.
//!
//! Each publishing service has the table (see its migrations):
//! `outbox (id uuid PRIMARY KEY, event_type text, payload jsonb, created_at, published_at)`.

use std::time::Duration;

use lapin::{BasicProperties, options::BasicPublishOptions, types::FieldTable};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{EXCHANGE, Event, backoff, connect};

/// Writes `event` into the outbox on `connection` (normally inside the transaction that makes
/// the change the event describes).
pub async fn enqueue(connection: &mut PgConnection, event: &Event) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO outbox (id, event_type, payload) VALUES ($1, $2, $3)")
        .bind(event.id)
        .bind(&event.event_type)
        .bind(sqlx::types::Json(event))
        .execute(connection)
        .await
        .map(drop)
}

/// Publishes the outbox for as long as the service runs.
pub fn spawn_relay(pool: PgPool, amqp_url: String, idle: Duration) {
    tokio::spawn(async move {
        let mut failures = 0;
        loop {
            match relay(&pool, &amqp_url, idle).await {
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
async fn relay(pool: &PgPool, amqp_url: &str, idle: Duration) -> anyhow::Result<()> {
    let (_connection, channel) = connect(amqp_url).await?;
    channel
        .confirm_select(lapin::options::ConfirmSelectOptions::default())
        .await?;
    loop {
        if publish_pending(pool, &channel).await? == 0 {
            tokio::time::sleep(idle).await;
        }
    }
}

/// Publishes up to 100 pending events, each confirmed by the broker, and marks them sent.
/// Several relays (service instances) share the work without sending a row twice at once.
pub async fn publish_pending(pool: &PgPool, channel: &lapin::Channel) -> anyhow::Result<usize> {
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
