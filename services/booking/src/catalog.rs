//! The booking service's view of the catalog: a showtime's seating (layout, prices, blocked
//! seats, start, status) from the movie service, kept per showtime. A copy is used while the
//! catalog's version in Redis (which the movie service moves on every catalog write) still
//! matches the one it was read at, and for at most `SEATING_CACHE_SECS`; without Redis every
//! use asks again. Halls cannot be re-laid while showtimes are scheduled, so this is safe.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use api_types::{live::CATALOG_VERSION_KEY, seats::ShowtimeSeating};
use redis::AsyncCommands;
use service_kit::{
    cache::LazyRedis,
    http_client::{CallError, ServiceClient},
};
use uuid::Uuid;

use crate::error::{BookingError, BookingResult};

/// Past this many kept showtimes, the ones that have started are dropped (a chain's week of
/// programme is well below it).
const KEEP_AT_MOST: usize = 5_000;

/// A showtime's seating and when it was read.
type Kept = (Instant, Arc<ShowtimeSeating>);

#[derive(Clone)]
pub struct Catalog {
    movie: ServiceClient,
    redis: LazyRedis,
    ttl: Duration,
    kept: Arc<Mutex<HashMap<Uuid, Kept>>>,
}

impl Catalog {
    pub fn new(movie: ServiceClient, redis: LazyRedis, ttl: Duration) -> Self {
        Self {
            movie,
            redis,
            ttl,
            kept: Default::default(),
        }
    }

    /// The showtime's seating: an unknown showtime is [`BookingError::ShowtimeNotFound`].
    pub async fn seating(&self, showtime_id: Uuid) -> BookingResult<Arc<ShowtimeSeating>> {
        if let Some(version) = self.current_version().await
            && let Some(kept) = self.kept_copy(showtime_id, &version)
        {
            return Ok(kept);
        }
        let seating: ShowtimeSeating = self
            .movie
            .get_json(&format!("/showtimes/{showtime_id}/seating"), None)
            .await
            .map_err(|error| match error {
                CallError::Answered(404) => BookingError::ShowtimeNotFound,
                other => BookingError::CatalogUnavailable(other.to_string()),
            })?;
        let seating = Arc::new(seating);
        self.keep(showtime_id, seating.clone());
        Ok(seating)
    }

    async fn current_version(&self) -> Option<String> {
        let mut redis = self.redis.connection().await.ok()?;
        redis.get(CATALOG_VERSION_KEY).await.ok().flatten()
    }

    fn kept_copy(&self, showtime_id: Uuid, version: &str) -> Option<Arc<ShowtimeSeating>> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (read_at, seating) = kept.get(&showtime_id)?;
        (seating.catalog_version == version && read_at.elapsed() < self.ttl)
            .then(|| seating.clone())
    }

    fn keep(&self, showtime_id: Uuid, seating: Arc<ShowtimeSeating>) {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.len() >= KEEP_AT_MOST {
            let now = chrono::Utc::now();
            kept.retain(|_, (_, seating)| seating.starts_at > now);
            if kept.len() >= KEEP_AT_MOST {
                kept.clear();
            }
        }
        kept.insert(showtime_id, (Instant::now(), seating));
    }
}
