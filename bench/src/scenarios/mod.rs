//! The scenarios, each a way customers use Marquee, and what they share: the stack's client, the
//! showtimes not yet given out, the databases, and the rows they report.

pub mod browse;
pub mod chaos;
pub mod contention;
pub mod journey;
pub mod seat_map;
pub mod ws_fanout;

use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{
    api::Api,
    baselines::Baselines,
    config::{Config, Plan, Scale},
    invariants::Databases,
    load::Summary,
    showtimes::ShowtimePool,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Browse,
    SeatMap,
    Contention,
    Journey,
    Bookings,
    WsFanout,
    Chaos,
}

impl Scenario {
    pub const ALL: [Scenario; 7] = [
        Self::Browse,
        Self::SeatMap,
        Self::Contention,
        Self::Journey,
        Self::Bookings,
        Self::WsFanout,
        Self::Chaos,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Browse => "browse",
            Self::SeatMap => "seat_map",
            Self::Contention => "contention",
            Self::Journey => "journey",
            Self::Bookings => "bookings",
            Self::WsFanout => "ws_fanout",
            Self::Chaos => "chaos",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|scenario| scenario.name() == name)
    }

    /// The scenarios of a run without names: all of them; chaos (which breaks the stack for a
    /// while) only at full scale.
    pub fn default_set(scale: Scale) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|scenario| *scenario != Self::Chaos || scale == Scale::Full)
            .collect()
    }
}

/// What a row's throughput is compared with: the baseline doing the same kind of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// Reads: catalog pages and seat maps against PostgreSQL's select-only rate.
    PgbenchSelect,
    /// Whole journeys (several writing transactions) against TPC-B.
    PgbenchTpcb,
    /// Hold attempts (a Redis script taking keys) against SETNX.
    RedisSetnx,
}

impl Baseline {
    pub fn name(self) -> &'static str {
        match self {
            Self::PgbenchSelect => "pgbench_select_tps",
            Self::PgbenchTpcb => "pgbench_tpcb_tps",
            Self::RedisSetnx => "redis_setnx_per_s",
        }
    }

    pub fn value(self, baselines: &Baselines) -> Option<f64> {
        match self {
            Self::PgbenchSelect => baselines.pgbench_select_tps,
            Self::PgbenchTpcb => baselines.pgbench_tpcb_tps,
            Self::RedisSetnx => baselines.redis_setnx_per_s,
        }
    }
}

/// One line of the results: a name, its figures, its baseline and anything else worth keeping.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub summary: Summary,
    pub baseline: Option<Baseline>,
    pub extra: Map<String, Value>,
}

impl Row {
    pub fn new(name: &str, summary: Summary, baseline: Option<Baseline>) -> Self {
        Self {
            name: name.to_owned(),
            summary,
            baseline,
            extra: Map::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }
}

/// One point of the seat-map curve: latency against concurrent connections.
#[derive(Debug, Clone, Serialize)]
pub struct CurvePoint {
    pub connections: usize,
    pub throughput: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// What a scenario hands back.
#[derive(Default)]
pub struct Outcome {
    pub rows: Vec<Row>,
    pub curve: Vec<CurvePoint>,
    /// Showtimes whose Redis holds must all be gone once the system settles (chaos).
    pub hold_checked_showtimes: Vec<Uuid>,
    /// Clean-ups that failed during an outage, to try again once it is over.
    pub leftovers: Vec<journey::Cleanup>,
    /// Bookings paid for, given back once the run's figures and invariants are taken.
    pub sold: Vec<crate::give_back::Sold>,
    /// The memory of the process a row loaded, sampled through its load.
    pub memory_under_load: Vec<crate::memory::UnderLoad>,
}

/// What every scenario works with.
pub struct Bench {
    pub config: Config,
    pub plan: Plan,
    pub api: Api,
    pub showtimes: ShowtimePool,
    pub databases: Databases,
    /// Eight hex digits naming this run's customers, so runs never collide.
    pub run_id: String,
}

impl Bench {
    pub fn username(&self, purpose: &str, n: usize) -> String {
        crate::api::username(&self.run_id, purpose, n)
    }
}

pub async fn run(scenario: Scenario, bench: &mut Bench) -> anyhow::Result<Outcome> {
    match scenario {
        Scenario::Browse => browse::run(bench).await,
        Scenario::SeatMap => seat_map::run(bench).await,
        Scenario::Contention => contention::run(bench).await,
        Scenario::Journey => journey::run(bench).await,
        Scenario::Bookings => journey::run_bookings(bench).await,
        Scenario::WsFanout => ws_fanout::run(bench).await,
        Scenario::Chaos => chaos::run(bench).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_chaos_waits_for_full_scale() {
        for scenario in Scenario::ALL {
            assert_eq!(Scenario::parse(scenario.name()), Some(scenario));
        }
        assert!(!Scenario::default_set(Scale::Quick).contains(&Scenario::Chaos));
        assert!(Scenario::default_set(Scale::Full).contains(&Scenario::Chaos));
    }
}
