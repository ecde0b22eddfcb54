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
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use api_types::live::{CATALOG_VERSION_KEY, TakenSeats, seat_statuses_key};
use service_kit::cache::LazyRedis;
use uuid::Uuid;

use super::{HallSeat, Showtime, counter::CounterRules, repository};
use crate::{
    error::{CatalogError, CatalogResult},
    state::AppState,
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

struct Kept {
    catalog_version: String,
    read_at: Instant,
    plan: Arc<SeatPlan>,
}

/// Plans by showtime, and the reader of the live part.
#[derive(Clone)]
pub struct SeatPlans {
    redis: LazyRedis,
    plans: Arc<RwLock<HashMap<Uuid, Kept>>>,
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
            plans: Arc::default(),
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

    /// The showtime's plan at `catalog_version` (read now from PostgreSQL when not known, or
    /// when the version is unknown: then it is not kept).
    pub async fn plan(
        &self,
        state: &AppState,
        id: Uuid,
        catalog_version: Option<&str>,
    ) -> CatalogResult<Arc<SeatPlan>> {
        if let Some(version) = catalog_version
            && let Some(plan) = self.kept(id, version)
        {
            return Ok(plan);
        }
        let plan = Arc::new(load(state, id).await?);
        if let Some(version) = catalog_version {
            self.keep(id, version, plan.clone());
        }
        Ok(plan)
    }

    fn kept(&self, id: Uuid, version: &str) -> Option<Arc<SeatPlan>> {
        let plans = self
            .plans
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        plans
            .get(&id)
            .filter(|kept| {
                kept.catalog_version == version && kept.read_at.elapsed() < PLAN_LIFETIME
            })
            .map(|kept| kept.plan.clone())
    }

    fn keep(&self, id: Uuid, version: &str, plan: Arc<SeatPlan>) {
        let mut plans = self
            .plans
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if plans.len() >= MAX_PLANS {
            let mut ages: Vec<Instant> = plans.values().map(|kept| kept.read_at).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() / 2];
            plans.retain(|_, kept| kept.read_at > cutoff);
        }
        plans.insert(
            id,
            Kept {
                catalog_version: version.to_owned(),
                read_at: Instant::now(),
                plan,
            },
        );
    }
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
