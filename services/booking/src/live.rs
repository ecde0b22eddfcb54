//! The live seat feed: every change of a seat's status is announced on the showtime's Redis
//! channel with the next version of its counter, so the BFF can forward it to every browser
//! watching that showtime, in order. Announcing is best effort: a viewer who misses a change
//! sees a gap in the versions and asks for a fresh snapshot.

use std::time::Duration;

use api_types::{
    live::{SeatChange, booking_channel, seat_channel, seat_version_key},
    seats::SeatStatus,
};
use futures::StreamExt;
use redis::{AsyncCommands, Script};
use service_kit::cache::LazyRedis;
use uuid::Uuid;

use crate::error::BookingResult;

/// Bumps the showtime's seat version and publishes the change with it, atomically, so the
/// versions subscribers see arrive in order.
const ANNOUNCE: &str = r#"
local version = redis.call('INCR', KEYS[1])
local change = cjson.decode(ARGV[1])
change['version'] = version
redis.call('PUBLISH', KEYS[2], cjson.encode(change))
return version
"#;

#[derive(Clone)]
pub struct SeatFeed {
    redis: LazyRedis,
}

impl SeatFeed {
    pub fn new(redis: LazyRedis) -> Self {
        Self { redis }
    }

    /// Tells every viewer of the showtime that `seat_ids` are now `status`.
    pub async fn announce(&self, showtime_id: Uuid, status: SeatStatus, seat_ids: &[Uuid]) {
        if seat_ids.is_empty() {
            return;
        }
        let Ok(mut redis) = self.redis.connection().await else {
            tracing::warn!("seat change not announced: Redis unreachable");
            return;
        };
        let change = SeatChange {
            showtime_id,
            status,
            seat_ids: seat_ids.to_vec(),
            version: 0,
        };
        let Ok(change) = serde_json::to_string(&change) else {
            return;
        };
        let published: Result<i64, _> = Script::new(ANNOUNCE)
            .key(seat_version_key(showtime_id))
            .key(seat_channel(showtime_id))
            .arg(change)
            .invoke_async(&mut redis)
            .await;
        if let Err(error) = published {
            tracing::warn!(%error, "seat change not announced");
        }
    }

    /// Tells whoever waits on the booking (a box office taking its payment) that it is settled.
    pub async fn booking_settled(&self, booking_id: Uuid) {
        let Ok(mut redis) = self.redis.connection().await else {
            return;
        };
        let published: Result<i64, _> = redis.publish(booking_channel(booking_id), "settled").await;
        if let Err(error) = published {
            tracing::warn!(%error, "booking settlement not announced");
        }
    }

    /// A subscription to the booking's settlement, or `None` when Redis cannot be reached.
    pub async fn listen_for_settlement(&self, booking_id: Uuid) -> Option<Settlement> {
        let mut pubsub = self.redis.client().get_async_pubsub().await.ok()?;
        pubsub.subscribe(booking_channel(booking_id)).await.ok()?;
        Some(Settlement(pubsub))
    }

    /// The version of the showtime's last announced change (0 before the first).
    pub async fn version(&self, showtime_id: Uuid) -> BookingResult<i64> {
        let mut redis = self.redis.connection().await?;
        let version: Option<i64> = redis.get(seat_version_key(showtime_id)).await?;
        Ok(version.unwrap_or(0))
    }
}

/// Listening for one booking's settlement.
pub struct Settlement(redis::aio::PubSub);

impl Settlement {
    /// Waits until the booking is settled, or `wait` has passed.
    pub async fn wait(mut self, wait: Duration) {
        let _ = tokio::time::timeout(wait, self.0.on_message().next()).await;
    }
}
