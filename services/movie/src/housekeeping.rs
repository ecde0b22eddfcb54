//! Work the movie service does on its own schedule: films open on their release day, and a demo
//! catalog (`DEMO_DATA=on`, as `make up` runs) keeps a week of showtimes ahead of today.

use std::time::Duration;

use sqlx::PgPool;

use crate::cache::CatalogCache;

/// Coming-soon films whose release day has come are now showing.
pub async fn open_released_films(pool: &PgPool) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE movies SET status = 'now_showing', updated_at = now()
         WHERE status = 'coming_soon' AND release_date <= current_date",
    )
    .execute(pool)
    .await
    .map(|done| done.rows_affected())
}

async fn run_once(pool: &PgPool, cache: &CatalogCache, demo: bool) -> anyhow::Result<()> {
    let opened = open_released_films(pool).await?;
    if demo {
        crate::demo_cinemas::seed(pool).await?;
    }
    if opened > 0 || demo {
        tracing::info!(opened, demo, "catalog housekeeping done");
        cache.invalidate().await?;
    }
    Ok(())
}

pub fn spawn(pool: PgPool, cache: CatalogCache, every: Duration, demo: bool) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every.max(Duration::from_secs(1)));
        loop {
            ticks.tick().await;
            if let Err(error) = run_once(&pool, &cache, demo).await {
                tracing::warn!(%error, "catalog housekeeping failed; will try again");
            }
        }
    });
}
