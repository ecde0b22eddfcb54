//! A consumer handles the events of different bookings side by side and those of one booking in
//! the order they came, through a real broker and database.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use lapin::{BasicProperties, options::BasicPublishOptions};
use service_kit::events::{
    self, Event,
    consumer::{self, EventHandler, Settings, Subscription},
};
use sqlx::PgPool;
use tokio::sync::Barrier;
use uuid::Uuid;

use crate::support::amqp_url;

fn subscription() -> Subscription {
    let name = format!("test.lanes.{}", Uuid::new_v4());
    Subscription {
        queue: Box::leak(name.clone().into_boxed_str()),
        bindings: Box::leak(vec![&*Box::leak(name.into_boxed_str())].into_boxed_slice()),
    }
}

async fn consuming_database(pool: &PgPool) {
    sqlx::query(
        "CREATE TABLE processed_events (consumer text NOT NULL, event_id uuid NOT NULL, \
         processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))",
    )
    .execute(pool)
    .await
    .unwrap();
}

/// Puts `events` on the queue, then starts a consumer of it that `records` them.
async fn publish_then_consume(
    pool: PgPool,
    subscription: Subscription,
    events: &[Event],
    records: &Arc<Records>,
) {
    let (_connection, channel) = events::connect(&amqp_url()).await.unwrap();
    events::queues::declare(&channel, subscription)
        .await
        .unwrap();
    for event in events {
        channel
            .basic_publish(
                events::EXCHANGE.into(),
                subscription.bindings[0].into(),
                BasicPublishOptions::default(),
                &serde_json::to_vec(event).unwrap(),
                BasicProperties::default(),
            )
            .await
            .unwrap()
            .await
            .unwrap();
    }
    let settings = Settings::default();
    consumer::spawn(pool, amqp_url(), subscription, records.clone(), settings);
}

fn about(booking: Uuid, n: u64) -> Event {
    Event::new(
        "payment.completed",
        serde_json::json!({"booking_id": booking, "n": n}),
        None,
    )
}

/// Records `(booking, n)` of each event as its work ends, after a pause (longer for earlier `n`,
/// so only the consumer's ordering can keep them first); an event with `meet` set first waits
/// (up to 5 s) until the other such event has started too.
struct Records {
    done: Mutex<Vec<(Uuid, u64)>>,
    met: Barrier,
    met_alone: Mutex<u32>,
}

impl EventHandler for Records {
    type Done = ();

    async fn handle(&self, event: &Event, _: &mut sqlx::PgConnection) -> anyhow::Result<()> {
        let n = event.data["n"].as_u64().unwrap_or_default();
        if event.data["meet"] == true
            && tokio::time::timeout(Duration::from_secs(5), self.met.wait())
                .await
                .is_err()
        {
            *self.met_alone.lock().unwrap() += 1;
        }
        tokio::time::sleep(Duration::from_millis(20u64.saturating_sub(n))).await;
        let booking = event.booking_id().unwrap_or_default();
        self.done.lock().unwrap().push((booking, n));
        Ok(())
    }
}

fn records() -> Arc<Records> {
    Arc::new(Records {
        done: Mutex::new(Vec::new()),
        met: Barrier::new(2),
        met_alone: Mutex::new(0),
    })
}

async fn until_done(records: &Records, count: usize) -> Vec<(Uuid, u64)> {
    for _ in 0..300 {
        if records.done.lock().unwrap().len() >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    records.done.lock().unwrap().clone()
}

#[sqlx::test]
async fn events_of_two_bookings_are_handled_side_by_side(pool: PgPool) {
    consuming_database(&pool).await;
    let subscription = subscription();
    let records = records();
    let meeting = |booking| {
        let mut event = about(booking, 0);
        event.data["meet"] = true.into();
        event
    };
    // Keys 0 and 1 fall in different lanes.
    let (first, second) = (Uuid::from_u128(0), Uuid::from_u128(1));
    publish_then_consume(
        pool,
        subscription,
        &[meeting(first), meeting(second)],
        &records,
    )
    .await;

    assert_eq!(until_done(&records, 2).await.len(), 2);
    // One at a time, each would have waited 5 s for the other and given up.
    assert_eq!(*records.met_alone.lock().unwrap(), 0);
}

#[sqlx::test]
async fn the_events_of_one_booking_are_handled_in_the_order_they_came(pool: PgPool) {
    consuming_database(&pool).await;
    let subscription = subscription();
    let records = records();
    let bookings: Vec<Uuid> = (0..3).map(|_| Uuid::new_v4()).collect();
    let published: Vec<Event> = (0..12)
        .flat_map(|n| bookings.iter().map(move |booking| about(*booking, n)))
        .collect();
    publish_then_consume(pool, subscription, &published, &records).await;

    let done = until_done(&records, published.len()).await;
    assert_eq!(done.len(), published.len());
    for booking in bookings {
        let order: Vec<u64> = done
            .iter()
            .filter(|(of, _)| *of == booking)
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(order, (0..12).collect::<Vec<_>>());
    }
}
