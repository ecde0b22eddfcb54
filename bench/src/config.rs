//! The bench's settings, read once from the environment (`scripts/bench.sh` exports them for the
//! `dev` stack), and the plan each scale implies: how long and how hard each scenario runs.

use std::{env, path::PathBuf, time::Duration};

use anyhow::{Context, bail};

/// `BENCH_SCALE`: `quick` keeps the whole run under five minutes (a smoke test of the figures);
/// `full` runs long enough for stable percentiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Quick,
    Full,
}

impl Scale {
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        match text.trim() {
            "quick" => Ok(Self::Quick),
            "" | "full" => Ok(Self::Full),
            other => bail!("BENCH_SCALE={other}: use quick or full"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Quick => "quick",
            Self::Full => "full",
        }
    }
}

/// Where each process of the stack answers (called directly, not through the gateway, whose
/// rate limits would measure nginx rather than Marquee).
#[derive(Debug, Clone)]
pub struct Urls {
    pub auth: String,
    pub movie: String,
    pub booking: String,
    pub payment: String,
    pub notification: String,
    pub bff: String,
}

/// Shell commands (`sh -c`) that break a piece of the stack for the chaos scenario; a missing one
/// is skipped (and said so).
#[derive(Debug, Clone, Default)]
pub struct ChaosCommands {
    pub kill_booking: Option<String>,
    pub restart_redis: Option<String>,
    pub restart_rabbitmq: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub scale: Scale,
    pub urls: Urls,
    pub booking_database_url: String,
    pub payment_database_url: String,
    pub notification_database_url: String,
    pub redis_url: String,
    /// A scratch database for pgbench; without it the PostgreSQL baselines are skipped.
    pub pgbench_database_url: Option<String>,
    pub out_dir: PathBuf,
    pub chaos: ChaosCommands,
}

fn optional(name: &str) -> Option<String> {
    env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

fn required(name: &str) -> anyhow::Result<String> {
    optional(name).with_context(|| format!("{name} is not set (scripts/bench.sh sets it)"))
}

/// A base URL without its trailing slash, so paths can be appended with `format!`.
fn base_url(name: &str, default_port: u16) -> String {
    optional(name)
        .unwrap_or_else(|| format!("http://127.0.0.1:{default_port}"))
        .trim_end_matches('/')
        .to_owned()
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            scale: Scale::parse(&optional("BENCH_SCALE").unwrap_or_default())?,
            urls: Urls {
                auth: base_url("AUTH_URL", 8001),
                movie: base_url("MOVIE_URL", 8002),
                booking: base_url("BOOKING_URL", 8003),
                payment: base_url("PAYMENT_URL", 8004),
                notification: base_url("NOTIFICATION_URL", 8005),
                bff: base_url("BFF_URL", 3000),
            },
            booking_database_url: required("BOOKING_DATABASE_URL")?,
            payment_database_url: required("PAYMENT_DATABASE_URL")?,
            notification_database_url: required("NOTIFICATION_DATABASE_URL")?,
            redis_url: required("REDIS_URL")?,
            pgbench_database_url: optional("PGBENCH_DATABASE_URL"),
            out_dir: PathBuf::from(
                optional("BENCH_OUT_DIR").unwrap_or_else(|| ".data/bench".into()),
            ),
            chaos: ChaosCommands {
                kill_booking: optional("CHAOS_KILL_BOOKING"),
                restart_redis: optional("CHAOS_RESTART_REDIS"),
                restart_rabbitmq: optional("CHAOS_RESTART_RABBITMQ"),
            },
        })
    }

    pub fn plan(&self) -> Plan {
        Plan::for_scale(self.scale)
    }
}

/// How long and how hard every part of the run goes at one scale.
#[derive(Debug, Clone)]
pub struct Plan {
    pub pgbench_duration: Duration,
    pub browse_connections: usize,
    pub browse_duration: Duration,
    /// Connection levels of the seat-map curve; 32 is always among them (the headline row).
    pub seat_map_levels: Vec<usize>,
    pub seat_map_duration: Duration,
    pub contention_customers: usize,
    pub contention_seats: usize,
    pub contention_duration: Duration,
    pub journey_connections: usize,
    pub journey_duration: Duration,
    /// Customers signed in beforehand buying at once in the `bookings` row: as many as pgbench's
    /// clients, the TPC-B figure it is compared with.
    pub bookings_connections: usize,
    /// Free seats the `bookings` row gathers, and over at most how many showtimes.
    pub bookings_seats: usize,
    pub bookings_showtimes: usize,
    /// Free seats the journey scenario gathers (over several showtimes) before it starts.
    pub journey_seats: usize,
    pub ws_viewers: usize,
    pub ws_rounds: usize,
    pub chaos_connections: usize,
    pub chaos_duration: Duration,
    /// When, from the start of the chaos load, the booking service is killed, Redis restarted
    /// and RabbitMQ restarted.
    pub chaos_at: [Duration; 3],
    pub chaos_seats: usize,
    /// At most how many showtimes those seats come from: enough that journeys last past the
    /// last break (demo showtimes have about 70 sellable seats each; journeys run at about
    /// 40 a second at full scale, 2026-12-05).
    pub chaos_showtimes: usize,
    /// The longest wait for the system to settle before invariants are read: after chaos...
    pub settle_after_chaos: Duration,
    /// ...and otherwise (events still in flight from the last scenario).
    pub settle: Duration,
}

impl Plan {
    pub fn for_scale(scale: Scale) -> Self {
        let secs = Duration::from_secs;
        match scale {
            Scale::Quick => Self {
                pgbench_duration: secs(10),
                browse_connections: 32,
                browse_duration: secs(8),
                seat_map_levels: vec![1, 32],
                seat_map_duration: secs(8),
                contention_customers: 50,
                contention_seats: 20,
                contention_duration: secs(10),
                journey_connections: 8,
                journey_duration: secs(20),
                journey_seats: 300,
                bookings_connections: 32,
                bookings_seats: 3000,
                bookings_showtimes: 40,
                ws_viewers: 200,
                ws_rounds: 20,
                chaos_connections: 8,
                chaos_duration: secs(75),
                chaos_at: [secs(10), secs(30), secs(50)],
                chaos_seats: 2000,
                chaos_showtimes: 40,
                settle_after_chaos: secs(90),
                settle: secs(30),
            },
            Scale::Full => Self {
                pgbench_duration: secs(30),
                browse_connections: 32,
                browse_duration: secs(20),
                seat_map_levels: vec![1, 4, 16, 32, 64],
                seat_map_duration: secs(20),
                contention_customers: 200,
                contention_seats: 20,
                contention_duration: secs(30),
                journey_connections: 16,
                journey_duration: secs(60),
                journey_seats: 1500,
                bookings_connections: 32,
                bookings_seats: 8000,
                bookings_showtimes: 100,
                ws_viewers: 1000,
                ws_rounds: 20,
                chaos_connections: 16,
                chaos_duration: secs(150),
                chaos_at: [secs(20), secs(60), secs(100)],
                chaos_seats: 6500,
                chaos_showtimes: 120,
                settle_after_chaos: secs(90),
                settle: secs(30),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_defaults_to_full_and_refuses_anything_else() {
        assert_eq!(Scale::parse("").unwrap(), Scale::Full);
        assert_eq!(Scale::parse("quick").unwrap(), Scale::Quick);
        assert!(Scale::parse("fast").is_err());
    }

    #[test]
    fn every_plan_measures_the_headline_seat_map_level() {
        for scale in [Scale::Quick, Scale::Full] {
            let plan = Plan::for_scale(scale);
            assert!(plan.seat_map_levels.contains(&32));
            assert!(plan.chaos_at.iter().all(|at| *at < plan.chaos_duration));
        }
    }
}
