//! Waiting for a booking to be settled (a box office taking its payment, a customer's page after
//! paying). Every waiter in this process hears the news through one Redis subscription to all
//! bookings' channels, started by the first waiter, rather than opening a Redis connection and a
//! subscription of its own for each wait: that cost a connection per request, and the most
//! connections when the most people are paying.

use std::{
    sync::{Arc, OnceLock},
    time::Duration,
};

use api_types::live::{BOOKING_CHANNELS, booking_of_channel};
use futures::StreamExt;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

/// Settlements heard but not yet looked at by a waiter; a waiter further behind reads its
/// booking again at once.
const BACKLOG: usize = 1024;
/// How long a waiter gives the shared subscription to start (or to come back after Redis did).
const START_WITHIN: Duration = Duration::from_secs(1);
/// How long after losing Redis the subscription is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// The shared subscription to every booking's settlement.
#[derive(Clone)]
pub struct Settlements(Arc<Shared>);

struct Shared {
    client: redis::Client,
    /// Each settled booking, as heard.
    news: broadcast::Sender<Uuid>,
    /// Whether the subscription is live: news can be missed while it is not.
    subscribed: watch::Sender<bool>,
    started: OnceLock<()>,
}

impl Settlements {
    pub fn new(client: redis::Client) -> Self {
        Self(Arc::new(Shared {
            client,
            news: broadcast::channel(BACKLOG).0,
            subscribed: watch::channel(false).0,
            started: OnceLock::new(),
        }))
    }

    /// Listening for the booking's settlement from now on; `None` when Redis cannot be heard.
    pub async fn listen(&self, booking_id: Uuid) -> Option<Settlement> {
        self.0.started.get_or_init(|| {
            tokio::spawn(keep_subscribed(self.0.clone()));
        });
        // Taken before the check below, so that no news after a live subscription is missed.
        let news = self.0.news.subscribe();
        let mut subscribed = self.0.subscribed.subscribe();
        tokio::time::timeout(START_WITHIN, subscribed.wait_for(|live| *live))
            .await
            .ok()?
            .ok()?;
        Some(Settlement { booking_id, news })
    }
}

async fn keep_subscribed(shared: Arc<Shared>) {
    loop {
        if let Err(error) = relay(&shared).await {
            tracing::warn!(%error, "booking settlements unheard; subscribing again");
        }
        shared.subscribed.send_replace(false);
        tokio::time::sleep(RETRY_AFTER).await;
    }
}

/// Passes on each settlement heard until the subscription ends (Redis went away).
async fn relay(shared: &Shared) -> redis::RedisResult<()> {
    let mut pubsub = shared.client.get_async_pubsub().await?;
    pubsub.psubscribe(BOOKING_CHANNELS).await?;
    shared.subscribed.send_replace(true);
    let mut messages = pubsub.on_message();
    while let Some(message) = messages.next().await {
        if let Some(booking_id) = booking_of_channel(message.get_channel_name()) {
            // Nobody waiting is fine.
            let _ = shared.news.send(booking_id);
        }
    }
    Ok(())
}

/// Listening for one booking's settlement.
pub struct Settlement {
    booking_id: Uuid,
    news: broadcast::Receiver<Uuid>,
}

impl Settlement {
    /// Waits until the booking is settled, or `wait` has passed, or news may have been missed.
    pub async fn wait(mut self, wait: Duration) {
        let settled = async {
            loop {
                match self.news.recv().await {
                    Ok(booking_id) if booking_id == self.booking_id => return,
                    Ok(_) => {}
                    // Fell behind: the news may have gone by; the waiter reads again now.
                    Err(_) => return,
                }
            }
        };
        let _ = tokio::time::timeout(wait, settled).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Redis on a port nobody listens on.
    fn unreachable() -> Settlements {
        Settlements::new(redis::Client::open("redis://127.0.0.1:9/").unwrap())
    }

    #[tokio::test]
    async fn without_redis_nobody_is_told_to_wait() {
        assert!(unreachable().listen(Uuid::new_v4()).await.is_none());
    }

    #[tokio::test]
    async fn a_waiter_hears_its_booking_and_not_another() {
        let settlements = unreachable();
        settlements.0.subscribed.send_replace(true);
        settlements.0.started.get_or_init(|| ());
        let booking = Uuid::new_v4();
        let settlement = settlements.listen(booking).await.expect("listening");
        settlements.0.news.send(Uuid::new_v4()).unwrap();
        let waited = tokio::time::timeout(
            Duration::from_millis(200),
            settlement.wait(Duration::from_secs(5)),
        )
        .await;
        assert!(
            waited.is_err(),
            "another booking's news does not end the wait"
        );

        let settlement = settlements.listen(booking).await.expect("listening");
        settlements.0.news.send(booking).unwrap();
        let waited = tokio::time::timeout(
            Duration::from_millis(200),
            settlement.wait(Duration::from_secs(5)),
        )
        .await;
        assert!(waited.is_ok(), "its own news ends the wait at once");
    }
}
