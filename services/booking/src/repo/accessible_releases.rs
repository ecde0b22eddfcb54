//! Every SQL statement on `accessible_releases`: when a showtime's wheelchair spaces and
//! companion seats were freed for anyone, for the admins' audit.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgExecutor;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Release {
    pub showtime_id: Uuid,
    pub rule: String,
    pub released_at: DateTime<Utc>,
}

/// Records the showtime's release under `rule`, once (the first time it is seen).
pub async fn record<'e>(
    executor: impl PgExecutor<'e>,
    showtime_id: Uuid,
    rule: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO accessible_releases (showtime_id, rule) VALUES ($1, $2)
         ON CONFLICT (showtime_id) DO NOTHING",
    )
    .bind(showtime_id)
    .bind(rule)
    .execute(executor)
    .await
    .map(drop)
}

/// The latest releases, newest first; of one showtime when named.
pub async fn latest<'e>(
    executor: impl PgExecutor<'e>,
    showtime_id: Option<Uuid>,
) -> sqlx::Result<Vec<Release>> {
    sqlx::query_as(
        "SELECT showtime_id, rule, released_at FROM accessible_releases
         WHERE $1::uuid IS NULL OR showtime_id = $1
         ORDER BY released_at DESC LIMIT 500",
    )
    .bind(showtime_id)
    .fetch_all(executor)
    .await
}
