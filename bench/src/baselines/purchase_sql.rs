//! The ceiling of confirmed bookings on this machine: pgbench running the least SQL a purchase
//! needs (`purchase.sql`, on the tables of `purchase_schema.sql`) with nothing else. TPC-B is one
//! transaction; a purchase across the booking, payment and notification services' databases
//! commits five, so its SQL alone is what `bookings` could reach if the services, HTTP, Redis and
//! the broker cost nothing.

use std::{path::PathBuf, time::Duration};

use anyhow::Context;
use sqlx::PgPool;

use super::{PGBENCH_CLIENTS, PGBENCH_THREADS, parse_pgbench_tps, run};

const SCHEMA: &str = include_str!("purchase_schema.sql");
const SCRIPT: &str = include_str!("purchase.sql");
const DROP: &str = "DROP SCHEMA IF EXISTS purchase_floor CASCADE";

/// The tables, made afresh (empty) in the pool's database.
pub async fn prepare(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::raw_sql(SCHEMA).execute(pool).await.map(drop)
}

/// Drops the tables: the scratch database keeps only pgbench's own.
pub async fn clear(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::raw_sql(DROP).execute(pool).await.map(drop)
}

/// Purchases a second by `clients` at once for `duration`, over tables [`prepare`]d in the
/// database at `url`. Prepared statements, as the services use, and no vacuum first (`-n`: the
/// tables are new).
pub async fn purchases_per_second(
    url: &str,
    clients: &str,
    duration: Duration,
) -> anyhow::Result<f64> {
    let script = ScriptFile::write()?;
    let secs = duration.as_secs().max(1).to_string();
    let args = [
        "-n",
        "-M",
        "prepared",
        "-c",
        clients,
        "-j",
        PGBENCH_THREADS,
        "-T",
        secs.as_str(),
        "-f",
        script.path(),
        url,
    ];
    let output = run("pgbench", &args.map(String::from)).await?;
    parse_pgbench_tps(&output).with_context(|| format!("no tps in: {output}"))
}

/// The baseline: tables made, pgbench run with as many clients as TPC-B's, tables dropped.
pub async fn measure(url: &str, duration: Duration) -> anyhow::Result<f64> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    prepare(&pool).await?;
    eprintln!("  pgbench, the purchase's SQL alone: {PGBENCH_CLIENTS} clients, {duration:?}");
    let measured = purchases_per_second(url, PGBENCH_CLIENTS, duration).await;
    if let Err(error) = clear(&pool).await {
        eprintln!("  could not drop the purchase tables: {error:#}");
    }
    pool.close().await;
    measured
}

/// pgbench reads its script from a file: one of this process's own, gone when dropped.
struct ScriptFile(PathBuf);

impl ScriptFile {
    fn write() -> std::io::Result<Self> {
        let name = format!("marquee-bench-purchase-{}.sql", std::process::id());
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, SCRIPT)?;
        Ok(Self(path))
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap_or_default()
    }
}

impl Drop for ScriptFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The URL of the test's own database: `DATABASE_URL` (the server) with its name.
    fn url_of(pool: &PgPool) -> String {
        let server = std::env::var("DATABASE_URL").expect("DATABASE_URL names the test server");
        let mut url = reqwest::Url::parse(&server).expect("DATABASE_URL is a URL");
        let database = pool.connect_options().get_database().map(str::to_owned);
        url.set_path(&database.expect("the test database has a name"));
        url.to_string()
    }

    async fn count(pool: &PgPool, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(pool)
            .await
            .unwrap()
    }

    #[sqlx::test(migrations = false)]
    async fn each_purchase_of_the_script_is_a_booking_paid_confirmed_and_noticed(pool: PgPool) {
        prepare(&pool).await.unwrap();
        let tps = purchases_per_second(&url_of(&pool), "2", Duration::from_secs(1))
            .await
            .unwrap();
        assert!(tps > 0.0, "{tps}");

        let bookings = count(&pool, "SELECT count(*) FROM purchase_floor.bookings").await;
        assert!(bookings > 0);
        for (what, sql) in [
            (
                "confirmed",
                "SELECT count(*) FROM purchase_floor.bookings WHERE status = 'confirmed'",
            ),
            (
                "seats",
                "SELECT count(*) FROM purchase_floor.booking_seats WHERE active",
            ),
            (
                "paid",
                "SELECT count(*) FROM purchase_floor.payments WHERE status = 'completed'",
            ),
            ("noticed", "SELECT count(*) FROM purchase_floor.notices"),
        ] {
            assert_eq!(count(&pool, sql).await, bookings, "{what}");
        }
        let events = "SELECT count(*) FROM purchase_floor.outbox";
        assert_eq!(count(&pool, events).await, 3 * bookings);

        clear(&pool).await.unwrap();
        let left = "SELECT count(*) FROM pg_namespace WHERE nspname = 'purchase_floor'";
        assert_eq!(count(&pool, left).await, 0);
    }
}
