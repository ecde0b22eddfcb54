//! What the event plumbing keeps only for a while: published outbox rows (kept to look into
//! what was sent), the ids of events consumers handled (kept while a duplicate could still
//! arrive), and a service's own such tables (payment's idempotency keys). Each is pruned past its
//! retention, in small batches so that pruning never holds long locks.

use std::time::Duration;

use sqlx::PgPool;

/// A table pruned by the age of one of its timestamps (rows where it is NULL are kept: an
/// outbox row not yet published, say).
#[derive(Debug, Clone, Copy)]
pub struct Pruned {
    pub table: &'static str,
    pub timestamp: &'static str,
}

pub const OUTBOX: Pruned = Pruned {
    table: "outbox",
    timestamp: "published_at",
};
pub const PROCESSED_EVENTS: Pruned = Pruned {
    table: "processed_events",
    timestamp: "processed_at",
};

/// Rows deleted in one statement.
const BATCH: i64 = 5000;

/// Deletes the rows of `pruned` older than `keep`; answers how many.
pub async fn prune(pool: &PgPool, pruned: Pruned, keep: Duration) -> sqlx::Result<u64> {
    // The names are constants of the code, never input.
    let statement = format!(
        "DELETE FROM {table} WHERE ctid IN (SELECT ctid FROM {table}
         WHERE {timestamp} < now() - make_interval(secs => $1) LIMIT $2)",
        table = pruned.table,
        timestamp = pruned.timestamp,
    );
    let mut deleted = 0;
    loop {
        let batch = sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
            .bind(keep.as_secs_f64())
            .bind(BATCH)
            .execute(pool)
            .await?
            .rows_affected();
        deleted += batch;
        if batch < BATCH as u64 {
            return Ok(deleted);
        }
    }
}

/// Prunes each table past its retention every `every`, for as long as the service runs.
pub fn spawn(pool: PgPool, tables: Vec<(Pruned, Duration)>, every: Duration) {
    tokio::spawn(async move {
        loop {
            for (pruned, keep) in &tables {
                match prune(&pool, *pruned, *keep).await {
                    Ok(0) => {}
                    Ok(deleted) => tracing::info!(table = pruned.table, deleted, "pruned"),
                    Err(error) => tracing::warn!(table = pruned.table, %error, "pruning failed"),
                }
            }
            tokio::time::sleep(every).await;
        }
    });
}
