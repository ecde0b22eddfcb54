//! The queues a consumer reads: each declared with its dead-letter queue (`<queue>.dead`), the
//! depth of that parked pile reported, and its messages put back once their cause is fixed.

use std::time::Duration;

use lapin::{
    options::{BasicAckOptions, QueueBindOptions, QueueDeclareOptions},
    types::{AMQPValue, FieldTable},
};
use prometheus::IntGaugeVec;

use super::{DEAD_LETTER_EXCHANGE, EXCHANGE, connect};

/// How often the dead-letter queue's depth is read for the metric.
const DEPTH_EVERY: Duration = Duration::from_secs(5);

/// Where and what a consumer listens to.
#[derive(Debug, Clone, Copy)]
pub struct Subscription {
    /// The durable queue (and the consumer's name in `processed_events`).
    pub queue: &'static str,
    /// Routing keys (event types) bound to it; `*` and `#` work as in any topic exchange.
    pub bindings: &'static [&'static str],
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

/// Sets the dead-letter queue's depth on `gauge` now and then, while the channel is open.
pub async fn report_depth(channel: lapin::Channel, queue: &'static str, gauge: IntGaugeVec) {
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
