//! What a seat map is built from, split by how often it changes, so the hottest read of a
//! premiere's on-sale minute costs one Redis round trip and no query:
//! - the showtime's plan (the showtime, its hall's layout and seats, its counter rules) changes
//!   only with the catalog: kept here in memory, under the catalog version it was read at;
//! - which seats are taken changes all the time: one read of the showtime's statuses hash, kept
//!   by the booking service (see `api_types::live::seat_statuses_key`), together with the
//!   catalog's current version.
//!
//! Without Redis, or before the hash is built, the seat map asks PostgreSQL and the booking
//! service as before.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
    time::Duration,
};

use api_types::live::{CATALOG_VERSION_KEY, STATUSES_VERSION_FIELD, TakenSeats, seat_statuses_key};
use service_kit::cache::LazyRedis;
use uuid::Uuid;

use super::{HallSeat, Showtime, counter::CounterRules, repository};
use crate::{
    error::{CatalogError, CatalogResult},
    state::AppState,
    versioned::Versioned,
};

/// A plan is read again after this long even if the catalog version seems unchanged, in case a
/// version bump never reached Redis.
const PLAN_LIFETIME: Duration = Duration::from_secs(60);
/// Plans kept at most (each tens of KB: a hall's seats); the oldest half goes when full. The
/// showtimes people open in one minute are far fewer.
const MAX_PLANS: usize = 2_000;

/// The parts of a seat map that change only with the catalog.
#[derive(Debug)]
pub struct SeatPlan {
    pub showtime: Showtime,
    pub layout: Vec<String>,
    pub seats: Vec<HallSeat>,
    pub rules: CounterRules,
    /// The seats kept for the box office by the rules.
    pub kept: HashSet<Uuid>,
}

impl SeatPlan {
    /// Whether the seats kept for the box office are still kept from online sale now.
    pub fn counter_seats_kept_now(&self) -> bool {
        (self.rules)
            .until(self.showtime.starts_at, &self.kept)
            .is_some_and(|until| chrono::Utc::now() < until)
    }
}

/// Plans by showtime, the reader of the live part, and each showtime's map as everyone but
/// staff and holders sees it, drawn and serialized once per change of its seats.
#[derive(Clone)]
pub struct SeatPlans {
    redis: LazyRedis,
    plans: Versioned<Uuid, SeatPlan>,
    public_maps: Versioned<Uuid, bytes::Bytes>,
}

/// A Redis hash's fields and values, as HGETALL answers.
type HashFields = Vec<(String, String)>;

/// What one Redis round trip says about a showtime: the catalog's version and the taken seats,
/// each `None` when Redis does not have it.
#[derive(Debug, Default)]
pub struct LiveRead {
    pub catalog_version: Option<String>,
    pub taken: Option<TakenSeats>,
}

impl SeatPlans {
    pub fn new(redis: LazyRedis) -> Self {
        Self {
            redis,
            plans: Versioned::new(PLAN_LIFETIME, MAX_PLANS),
            public_maps: Versioned::new(PLAN_LIFETIME, MAX_PLANS),
        }
    }

    /// The catalog's version and the showtime's taken seats, in one round trip; nothing (logged)
    /// when Redis cannot answer.
    pub async fn read_live(&self, showtime_id: Uuid) -> LiveRead {
        let Ok(mut redis) = self.redis.connection().await else {
            return LiveRead::default();
        };
        let answer: redis::RedisResult<(Option<String>, HashFields)> = redis::pipe()
            .get(CATALOG_VERSION_KEY)
            .hgetall(seat_statuses_key(showtime_id))
            .query_async(&mut redis)
            .await;
        match answer {
            Ok((catalog_version, fields)) => LiveRead {
                catalog_version,
                taken: TakenSeats::from_fields(
                    fields
                        .iter()
                        .map(|(field, value)| (field.as_str(), value.as_str())),
                ),
            },
            Err(error) => {
                tracing::warn!(%error, "live seat statuses unreadable in Redis");
                LiveRead::default()
            }
        }
    }

    /// How many seats of each showtime are taken, counted in the statuses hashes the booking
    /// service keeps, in one round trip. A showtime without one is left out (all are when Redis
    /// cannot answer).
    pub async fn taken_counts(&self, ids: &[Uuid]) -> HashMap<Uuid, i64> {
        let Ok(mut redis) = self.redis.connection().await else {
            return HashMap::new();
        };
        let mut lengths = redis::pipe();
        for id in ids {
            lengths.hlen(seat_statuses_key(*id));
        }
        match lengths.query_async::<Vec<i64>>(&mut redis).await {
            // A kept hash always has its version field; a missing one has no fields at all.
            Ok(lengths) => (ids.iter().zip(lengths))
                .filter(|(_, fields)| *fields > 0)
                .map(|(id, fields)| (*id, fields - 1))
                .collect(),
            Err(error) => {
                tracing::warn!(%error, "live seat counts unreadable in Redis");
                HashMap::new()
            }
        }
    }

    /// The showtime's plan at `catalog_version` (read now from PostgreSQL when not known, or
    /// when the version is unknown: then it is not kept).
    pub async fn plan(
        &self,
        state: &AppState,
        id: Uuid,
        catalog_version: Option<&str>,
    ) -> CatalogResult<Arc<SeatPlan>> {
        self.plans
            .get_or_load(id, catalog_version, || load(state, id))
            .await
    }

    /// The showtime's public map as kept at the versions Redis names now, found without reading
    /// the taken seats themselves: one short round trip, however many seats are taken (a
    /// premiere's map fills up while thousands keep asking for it). `None` when no map is kept
    /// at those versions, or Redis cannot say: then it is drawn from a full read.
    pub async fn kept_public_map(&self, id: Uuid) -> Option<Arc<bytes::Bytes>> {
        let mut redis = self.redis.connection().await.ok()?;
        let versions: redis::RedisResult<(Option<String>, Option<i64>)> = redis::pipe()
            .get(CATALOG_VERSION_KEY)
            .hget(seat_statuses_key(id), STATUSES_VERSION_FIELD)
            .query_async(&mut redis)
            .await;
        // (An error is logged by the full read that follows.)
        let (Some(catalog_version), Some(statuses_version)) = versions.ok()? else {
            return None;
        };
        let plan = self.plans.get(&id, &catalog_version)?;
        let version = public_map_version(&catalog_version, statuses_version, &plan);
        self.public_maps.get(&id, &version)
    }

    /// The showtime's public map (JSON) as of `version` (of the catalog, the seats' statuses and
    /// the box office's keeping), drawn by `draw` when none is kept at that version.
    pub async fn public_map(
        &self,
        id: Uuid,
        version: &str,
        draw: impl FnOnce() -> CatalogResult<bytes::Bytes>,
    ) -> CatalogResult<Arc<bytes::Bytes>> {
        self.public_maps
            .get_or_load(id, Some(version), || std::future::ready(draw()))
            .await
    }
}

/// What a public map is kept under: the versions of the catalog and of the seats' statuses, and
/// whether the box office's seats are still kept from sale (that changes with the clock alone).
pub fn public_map_version(catalog_version: &str, statuses_version: i64, plan: &SeatPlan) -> String {
    format!(
        "{catalog_version}/{statuses_version}/{}",
        plan.counter_seats_kept_now()
    )
}

async fn load(state: &AppState, id: Uuid) -> CatalogResult<SeatPlan> {
    let showtime = super::find(state, id).await?;
    let (layout, seats) = repository::hall_seats(&state.pool, showtime.hall_id).await?;
    let rules = repository::counter_rules(&state.pool, id)
        .await?
        .ok_or(CatalogError::NotFound("Showtime"))?;
    let kept = rules.seats(&seats);
    Ok(SeatPlan {
        showtime,
        layout,
        seats,
        rules,
        kept,
    })
}
