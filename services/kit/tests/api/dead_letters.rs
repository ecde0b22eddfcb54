//! Messages no consumer could handle: counted in the metrics, and put back on their queue by
//! `replay-dead-letters` once the cause is fixed.

use std::{sync::Arc, time::Duration};

use lapin::{
    BasicProperties,
    options::{BasicGetOptions, BasicPublishOptions},
};
use service_kit::events::{
    self, Event,
    consumer::{self, EventHandler, Settings, Subscription},
};

use crate::support::amqp_url;

struct Ignores;

impl EventHandler for Ignores {
    type Done = ();

    async fn handle(&self, _: &Event, _: &mut sqlx::PgConnection) -> anyhow::Result<()> {
        Ok(())
    }
}

fn subscription() -> Subscription {
    let name = format!("test.dead.{}", uuid::Uuid::new_v4());
    Subscription {
        queue: Box::leak(name.clone().into_boxed_str()),
        bindings: Box::leak(vec![&*Box::leak(name.into_boxed_str())].into_boxed_slice()),
    }
}

async fn publish(channel: &lapin::Channel, routing_key: &str, exchange: &str, body: &[u8]) {
    channel
        .basic_publish(
            exchange.into(),
            routing_key.into(),
            BasicPublishOptions::default(),
            body,
            BasicProperties::default(),
        )
        .await
        .unwrap()
        .await
        .unwrap();
}

#[tokio::test]
async fn parked_messages_are_counted_in_the_metrics() {
    let subscription = subscription();
    let registry = prometheus::Registry::new();
    let settings = Settings::new(Duration::from_secs(60), &registry).unwrap();
    let pool = sqlx::PgPool::connect_lazy("postgres://nobody@127.0.0.1:9/none").unwrap();
    let (_connection, channel) = events::connect(&amqp_url()).await.unwrap();
    events::queues::declare(&channel, subscription)
        .await
        .unwrap();
    consumer::spawn(pool, amqp_url(), subscription, Arc::new(Ignores), settings);
    for _ in 0..2 {
        publish(
            &channel,
            subscription.bindings[0],
            events::EXCHANGE,
            b"{not an event",
        )
        .await;
    }
    let depth = || {
        registry
            .gather()
            .iter()
            .find(|family| family.name() == "dead_letter_messages")
            .and_then(|family| {
                family
                    .get_metric()
                    .first()
                    .map(|m| m.get_gauge().get_value())
            })
    };
    let mut seen = None;
    for _ in 0..150 {
        seen = depth();
        if seen == Some(2.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(seen, Some(2.0));
    let dead = format!("{}.dead", subscription.queue);
    for queue in [subscription.queue, dead.as_str()] {
        let _ = channel.queue_delete(queue.into(), Default::default()).await;
    }
}

#[tokio::test]
async fn replaying_puts_every_parked_message_back_on_its_queue() {
    let subscription = subscription();
    let (_connection, channel) = events::connect(&amqp_url()).await.unwrap();
    events::queues::declare(&channel, subscription)
        .await
        .unwrap();
    let dead = format!("{}.dead", subscription.queue);
    for body in [&b"first"[..], b"second"] {
        publish(&channel, &dead, "", body).await;
    }

    let replayed = events::queues::replay_dead_letters(&amqp_url(), subscription.queue)
        .await
        .unwrap();
    assert_eq!(replayed, 2);
    let mut back = Vec::new();
    while let Some(message) = channel
        .basic_get(subscription.queue.into(), BasicGetOptions { no_ack: true })
        .await
        .unwrap()
    {
        back.push(message.delivery.data.clone());
    }
    assert_eq!(back, [b"first".to_vec(), b"second".to_vec()]);
    let left = channel
        .basic_get(dead.as_str().into(), BasicGetOptions { no_ack: true })
        .await
        .unwrap();
    assert!(left.is_none(), "the dead-letter queue is empty");
    for queue in [subscription.queue, dead.as_str()] {
        let _ = channel.queue_delete(queue.into(), Default::default()).await;
    }
}

/// Publishes `routing_key` on the event exchange as the account of `amqp_url`; whether the
/// broker took it.
async fn broker_takes(amqp_url: &str, exchange: &str, routing_key: &str) -> bool {
    let (_connection, channel) = events::connect(amqp_url).await.unwrap();
    channel.confirm_select(Default::default()).await.unwrap();
    let published = channel
        .basic_publish(
            exchange.into(),
            routing_key.into(),
            BasicPublishOptions::default(),
            b"{}",
            BasicProperties::default(),
        )
        .await;
    match published {
        Ok(confirm) => confirm
            .await
            .is_ok_and(|confirmation| confirmation.is_ack()),
        Err(_) => false,
    }
}

fn account_of(service: &str) -> String {
    let variable = format!("{}_AMQP_URL", service.to_uppercase());
    std::env::var(&variable).unwrap_or_else(|_| {
        panic!("{variable} names the {service} service's broker account (scripts/test.sh sets it)")
    })
}

#[tokio::test]
async fn each_service_may_publish_only_its_own_events() {
    let probe = format!("probe-{}", uuid::Uuid::new_v4());
    let payment = account_of("payment");
    assert!(broker_takes(&payment, events::EXCHANGE, &format!("payment.{probe}")).await);
    assert!(!broker_takes(&payment, events::EXCHANGE, &format!("booking.{probe}")).await);
    // Nor straight into another service's queue through the default exchange.
    assert!(!broker_takes(&payment, "", "booking.payment-events").await);
    let booking = account_of("booking");
    assert!(broker_takes(&booking, events::EXCHANGE, &format!("booking.{probe}")).await);
    assert!(!broker_takes(&booking, events::EXCHANGE, &format!("payment.{probe}")).await);
    let notification = account_of("notification");
    assert!(!broker_takes(&notification, events::EXCHANGE, &format!("booking.{probe}")).await);
}
