//! Idempotency keys with the semantics payment platforms use: the first request with a key
//! does the work and its answer is stored with the key (in PostgreSQL, unique); a replay with
//! the same request gets that answer back, status and body, without doing the work again,
//! even while the first is still running (it waits for it); the same key with a different
//! request is refused with 422.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Pruned past `IDEMPOTENCY_RETENTION_HOURS` by age (see `service_kit::events::retention`).
pub const KEYS: service_kit::events::retention::Pruned = service_kit::events::retention::Pruned {
    table: "idempotency_keys",
    timestamp: "created_at",
};

/// How long a replay waits for the first request to finish.
const WAIT_FOR_FIRST: Duration = Duration::from_secs(20);

pub struct Key<'a> {
    pub scope: &'a str,
    pub user_id: Uuid,
    pub key: &'a str,
}

pub enum Start {
    /// This request is the first: do the work, then `finish`.
    First,
    /// The stored answer of the first request.
    Replay(StatusCode, Value),
    /// The key was used for a different request.
    Mismatch,
    /// The first request is still running after waiting for it.
    StillRunning,
}

/// A fingerprint of the request, so a key reused for something else is noticed.
pub fn fingerprint(request: &Value) -> String {
    let digest = Sha256::digest(request.to_string().as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

pub async fn start(pool: &PgPool, key: &Key<'_>, fingerprint: &str) -> sqlx::Result<Start> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (scope, user_id, key, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(key.scope)
    .bind(key.user_id)
    .bind(key.key)
    .bind(fingerprint)
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Start::First);
    }
    let deadline = tokio::time::Instant::now() + WAIT_FOR_FIRST;
    loop {
        let stored: Option<(String, Option<i32>, Option<Value>)> = sqlx::query_as(
            "SELECT request_hash, response_status, response_body FROM idempotency_keys
             WHERE scope = $1 AND user_id = $2 AND key = $3",
        )
        .bind(key.scope)
        .bind(key.user_id)
        .bind(key.key)
        .fetch_optional(pool)
        .await?;
        match stored {
            // The first request gave up its key (it could not be carried out): go first.
            None => return Box::pin(start(pool, key, fingerprint)).await,
            Some((hash, _, _)) if hash != fingerprint => return Ok(Start::Mismatch),
            Some((_, Some(status), Some(body))) => {
                let status = StatusCode::from_u16(status as u16)
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                return Ok(Start::Replay(status, body));
            }
            Some(_) if tokio::time::Instant::now() >= deadline => return Ok(Start::StillRunning),
            Some(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// Stores the answer for replays (inside the transaction that made the change, if any).
pub async fn finish(
    connection: &mut PgConnection,
    key: &Key<'_>,
    status: StatusCode,
    body: &Value,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET response_status = $4, response_body = $5
         WHERE scope = $1 AND user_id = $2 AND key = $3",
    )
    .bind(key.scope)
    .bind(key.user_id)
    .bind(key.key)
    .bind(i32::from(status.as_u16()))
    .bind(body)
    .execute(connection)
    .await
    .map(drop)
}

/// Gives the key up when the work could not be carried out for a passing reason (a service
/// down), so the same request can be tried again with the same key.
pub async fn abandon(pool: &PgPool, key: &Key<'_>) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND user_id = $2 AND key = $3")
        .bind(key.scope)
        .bind(key.user_id)
        .bind(key.key)
        .execute(pool)
        .await
        .map(drop)
}
