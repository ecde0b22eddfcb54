//! What the hardware does without Marquee, measured in the same run: PostgreSQL's own TPC-B and
//! select-only figures (pgbench) and Redis's SETNX rate (redis-benchmark), the operations the
//! booking path is built on. Scenario rows are read as a ratio to these, so runs on different
//! machines (or a busy one) can be compared. Beside them, the purchase's SQL alone
//! ([`purchase_sql`]): the most confirmed bookings a second the design allows on this machine.

use std::time::Duration;

use anyhow::{Context, bail};
use serde::Serialize;
use tokio::process::Command;

use crate::config::Config;

mod purchase_sql;

/// pgbench's data size: scale 10 is a million accounts (about 150 MB), more than the
/// booking tables hold, small enough to set up in seconds.
const PGBENCH_SCALE: i64 = 10;
const PGBENCH_CLIENTS: &str = "32";
const PGBENCH_THREADS: &str = "2";
/// Keys the SETNX benchmark writes (and deletes afterwards) in the stack's Redis database.
const SETNX_KEY_PREFIX: &str = "marquee-bench:setnx:";

#[derive(Debug, Clone, Default, Serialize)]
pub struct Baselines {
    pub pgbench_tpcb_tps: Option<f64>,
    pub pgbench_select_tps: Option<f64>,
    /// pgbench running the least SQL of a purchase (see [`purchase_sql`]), as many clients.
    pub pgbench_purchase_sql_tps: Option<f64>,
    pub redis_setnx_per_s: Option<f64>,
}

/// `tps = N` from pgbench's report: the figure without connection set-up (pgbench 14+ prints
/// one line "without initial connection time"; older ones "excluding connections establishing").
pub fn parse_pgbench_tps(output: &str) -> Option<f64> {
    let figures: Vec<(&str, f64)> = output
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("tps = ")?;
            let number = rest.split_whitespace().next()?.parse().ok()?;
            Some((rest, number))
        })
        .collect();
    figures
        .iter()
        .find(|(line, _)| line.contains("without initial") || line.contains("excluding"))
        .or(figures.first())
        .map(|(_, tps)| *tps)
}

/// Requests per second from `redis-benchmark --csv`: the first data row's second column (a
/// header row `"test","rps",...` comes first in Redis 7; Redis 6 prints none).
pub fn parse_redis_benchmark_csv(output: &str) -> Option<f64> {
    output.lines().find_map(|line| {
        let fields: Vec<&str> = line.split("\",\"").map(|f| f.trim_matches('"')).collect();
        fields.get(1)?.trim().parse().ok()
    })
}

/// Host, port, password and database number of a `redis://` URL, for redis-benchmark's flags.
#[derive(Debug, PartialEq, Eq)]
pub struct RedisTarget {
    pub host: String,
    pub port: u16,
    pub password: Option<String>,
    pub db: u32,
}

pub fn redis_target(url: &str) -> anyhow::Result<RedisTarget> {
    let parsed = reqwest::Url::parse(url).with_context(|| format!("REDIS_URL {url}"))?;
    let db = parsed.path().trim_start_matches('/');
    Ok(RedisTarget {
        host: parsed.host_str().unwrap_or("127.0.0.1").to_owned(),
        port: parsed.port().unwrap_or(6379),
        password: parsed.password().map(str::to_owned),
        db: if db.is_empty() {
            0
        } else {
            db.parse().context("REDIS_URL's database number")?
        },
    })
}

async fn run(program: &str, args: &[String]) -> anyhow::Result<String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .await
        .with_context(|| format!("running {program} (is it installed?)"))?;
    if !output.status.success() {
        bail!(
            "{program} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Whether the scratch database already has pgbench's tables at our scale (a run's TPC-B
/// changes balances, never row counts, so they can be reused).
async fn pgbench_ready(url: &str) -> bool {
    let Ok(pool) = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
    else {
        return false;
    };
    let branches = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM pgbench_branches")
        .fetch_one(&pool)
        .await;
    pool.close().await;
    branches.is_ok_and(|count| count == PGBENCH_SCALE)
}

async fn pgbench(url: &str, duration: Duration) -> anyhow::Result<(f64, f64)> {
    if !pgbench_ready(url).await {
        eprintln!("  pgbench -i -s {PGBENCH_SCALE} (once: the scratch database is reused)");
        let scale = PGBENCH_SCALE.to_string();
        let init = ["-i", "-q", "-s", scale.as_str(), url].map(String::from);
        run("pgbench", &init).await?;
    }
    let secs = duration.as_secs().max(1).to_string();
    let mut tps = Vec::new();
    for (label, select_only) in [("TPC-B", false), ("select-only", true)] {
        eprintln!("  pgbench {label}: {PGBENCH_CLIENTS} clients, {secs} s");
        let mut args: Vec<String> = Vec::new();
        if select_only {
            args.push("-S".into());
        }
        let load = [
            "-c",
            PGBENCH_CLIENTS,
            "-j",
            PGBENCH_THREADS,
            "-T",
            secs.as_str(),
            url,
        ];
        args.extend(load.map(String::from));
        let output = run("pgbench", &args).await?;
        tps.push(parse_pgbench_tps(&output).with_context(|| format!("no tps in: {output}"))?);
    }
    Ok((tps[0], tps[1]))
}

async fn redis_setnx(redis_url: &str) -> anyhow::Result<f64> {
    let target = redis_target(redis_url)?;
    let port = target.port.to_string();
    let mut args: Vec<String> = ["-h", target.host.as_str(), "-p", port.as_str()]
        .map(String::from)
        .into();
    if let Some(password) = &target.password {
        args.extend(["-a".into(), password.clone()]);
    }
    if target.db != 0 {
        args.extend(["--dbnum".into(), target.db.to_string()]);
    }
    let key = format!("{SETNX_KEY_PREFIX}__rand_int__");
    args.extend(
        [
            "-n",
            "200000",
            "-c",
            "32",
            "-P",
            "1",
            "-r",
            "100000",
            "--csv",
            "SETNX",
            key.as_str(),
            "x",
        ]
        .map(String::from),
    );
    eprintln!("  redis-benchmark SETNX: 200000 requests, 32 clients");
    let output = run("redis-benchmark", &args).await;
    // The keys go whatever happened: they must not linger in the stack's database.
    if let Err(error) = delete_keys(redis_url, &format!("{SETNX_KEY_PREFIX}*")).await {
        eprintln!("  could not delete the benchmark's Redis keys: {error:#}");
    }
    let output = output?;
    parse_redis_benchmark_csv(&output)
        .with_context(|| format!("no requests per second in: {output}"))
}

/// Deletes the keys matching `pattern` (SCAN, never KEYS, so Redis keeps serving meanwhile).
pub async fn delete_keys(redis_url: &str, pattern: &str) -> anyhow::Result<u64> {
    let client = redis::Client::open(redis_url)?;
    let mut connection = client.get_multiplexed_async_connection().await?;
    let mut cursor: u64 = 0;
    let mut deleted = 0;
    loop {
        let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(pattern)
            .arg("COUNT")
            .arg(1000)
            .query_async(&mut connection)
            .await?;
        if !keys.is_empty() {
            let removed: u64 = redis::cmd("UNLINK")
                .arg(&keys)
                .query_async(&mut connection)
                .await?;
            deleted += removed;
        }
        if next == 0 {
            return Ok(deleted);
        }
        cursor = next;
    }
}

/// Every baseline it can take; one that fails is reported and left out (its ratios read n/a).
pub async fn measure(config: &Config) -> Baselines {
    let plan = config.plan();
    let mut baselines = Baselines::default();
    match &config.pgbench_database_url {
        Some(url) => match pgbench(url, plan.pgbench_duration).await {
            Ok((tpcb, select)) => {
                baselines.pgbench_tpcb_tps = Some(tpcb);
                baselines.pgbench_select_tps = Some(select);
            }
            Err(error) => eprintln!("  pgbench baseline skipped: {error:#}"),
        },
        None => eprintln!("  pgbench baseline skipped: PGBENCH_DATABASE_URL is not set"),
    }
    if let Some(url) = &config.pgbench_database_url {
        match purchase_sql::measure(url, plan.pgbench_duration).await {
            Ok(tps) => baselines.pgbench_purchase_sql_tps = Some(tps),
            Err(error) => eprintln!("  the purchase's SQL alone skipped: {error:#}"),
        }
    }
    match redis_setnx(&config.redis_url).await {
        Ok(rate) => baselines.redis_setnx_per_s = Some(rate),
        Err(error) => eprintln!("  redis-benchmark baseline skipped: {error:#}"),
    }
    baselines
}

#[cfg(test)]
mod tests {
    use super::*;

    const PGBENCH_16: &str = "pgbench (16.4 (Debian 16.4-1.pgdg120+1))
starting vacuum...end.
transaction type: <builtin: TPC-B (sort of)>
scaling factor: 10
query mode: simple
number of clients: 32
number of threads: 2
maximum number of tries: 1
duration: 10 s
number of transactions actually processed: 23456
number of failed transactions: 0 (0.000%)
latency average = 13.640 ms
initial connection time = 45.120 ms
tps = 2345.987654 (without initial connection time)
";

    const PGBENCH_12: &str = "transaction type: <builtin: select only>
latency average = 1.2 ms
tps = 26000.123456 (including connections establishing)
tps = 26543.210987 (excluding connections establishing)
";

    #[test]
    fn pgbench_tps_is_the_figure_without_connection_set_up() {
        assert_eq!(parse_pgbench_tps(PGBENCH_16), Some(2345.987654));
        assert_eq!(parse_pgbench_tps(PGBENCH_12), Some(26543.210987));
        assert_eq!(parse_pgbench_tps("connection to server failed"), None);
    }

    #[test]
    fn redis_benchmark_csv_is_read_with_or_without_a_header() {
        let redis7 = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\"\n\
                      \"SETNX marquee-bench:setnx:__rand_int__ x\",\"81234.77\",\"0.350\",\"0.080\",\"0.327\"\n";
        assert_eq!(parse_redis_benchmark_csv(redis7), Some(81234.77));
        let redis6 = "\"SETNX marquee-bench:setnx:__rand_int__ x\",\"64516.13\"\n";
        assert_eq!(parse_redis_benchmark_csv(redis6), Some(64516.13));
        assert_eq!(
            parse_redis_benchmark_csv("Could not connect to Redis"),
            None
        );
    }

    #[test]
    fn the_redis_url_gives_host_port_and_database() {
        assert_eq!(
            redis_target("redis://127.0.0.1:56379/1").unwrap(),
            RedisTarget {
                host: "127.0.0.1".into(),
                port: 56379,
                password: None,
                db: 1
            }
        );
        let with_password = redis_target("redis://:secret@localhost:6380").unwrap();
        assert_eq!(
            (with_password.password.as_deref(), with_password.db),
            (Some("secret"), 0)
        );
    }
}
