//! Sessions: a refresh-token family per login. Only SHA-256 hashes of refresh tokens are stored.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::config::AuthConfig;

pub struct NewRefreshToken {
    pub token: String,
    pub family_id: Uuid,
}

fn generate() -> anyhow::Result<String> {
    let mut bytes = [0u8; api_types::sessions::REFRESH_TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Issues a refresh token in `family_id` (a new family for a new login).
pub async fn issue(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    family_id: Uuid,
    expires_at: DateTime<Utc>,
) -> anyhow::Result<NewRefreshToken> {
    let token = generate()?;
    sqlx::query(
        "INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(family_id)
    .bind(user_id)
    .bind(digest(&token))
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(NewRefreshToken { token, family_id })
}

#[derive(sqlx::FromRow)]
pub struct StoredToken {
    pub id: Uuid,
    pub family_id: Uuid,
    pub user_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub enum Redemption {
    /// The token was good and is now used up; issue the next one in its family.
    Valid(StoredToken),
    /// Unknown, expired or revoked.
    Invalid,
    /// Presented a second time: somebody copied it. The family (this session) is now revoked.
    Reused(Uuid),
}

/// Uses up a refresh token, inside `tx` (row-locked, so two refreshes with one token take
/// turns). A session lasts at most `config.session_max_age` from its login, however often it
/// is refreshed. A token used again within `config.refresh_reuse_grace` is a second request
/// of the same browser racing the first (two BFF replicas, say): it gets a pair of its own in
/// the session. Later, it can only be a copy, and the whole session ends.
pub async fn redeem(
    tx: &mut Transaction<'_, Postgres>,
    token: &str,
    config: &AuthConfig,
) -> sqlx::Result<Redemption> {
    let stored: Option<StoredToken> = sqlx::query_as(
        "SELECT id, family_id, user_id, expires_at, used_at, revoked_at
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
    )
    .bind(digest(token))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(stored) = stored else {
        return Ok(Redemption::Invalid);
    };
    let now = Utc::now();
    let grace = chrono::Duration::from_std(config.refresh_reuse_grace).unwrap_or_default();
    let racing = stored.used_at.is_some_and(|used| used + grace > now);
    if stored.used_at.is_some() && !racing {
        revoke_family(&mut **tx, stored.family_id).await?;
        tracing::warn!(family = %stored.family_id, user = %stored.user_id, "refresh token reused; session revoked");
        return Ok(Redemption::Reused(stored.family_id));
    }
    if stored.revoked_at.is_some() || stored.expires_at <= now {
        return Ok(Redemption::Invalid);
    }
    let started: DateTime<Utc> =
        sqlx::query_scalar("SELECT min(created_at) FROM refresh_tokens WHERE family_id = $1")
            .bind(stored.family_id)
            .fetch_one(&mut **tx)
            .await?;
    let ends = chrono::Duration::from_std(config.session_max_age)
        .ok()
        .and_then(|max_age| started.checked_add_signed(max_age));
    if ends.is_some_and(|ends| ends <= now) {
        revoke_family(&mut **tx, stored.family_id).await?;
        return Ok(Redemption::Invalid);
    }
    if !racing {
        sqlx::query("UPDATE refresh_tokens SET used_at = now() WHERE id = $1")
            .bind(stored.id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(Redemption::Valid(stored))
}

pub async fn revoke_family(
    executor: impl sqlx::PgExecutor<'_>,
    family_id: Uuid,
) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL",
    )
    .bind(family_id)
    .execute(executor)
    .await
    .map(|result| result.rows_affected())
}

/// The family a refresh token belongs to, if it is one of the user's.
pub async fn family_of(pool: &PgPool, token: &str, user_id: Uuid) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar(
        "SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2",
    )
    .bind(digest(token))
    .bind(user_id)
    .fetch_optional(pool)
    .await
}

/// Revokes every session of the user except `keep`.
/// Ends every session of the user; answers how many refresh tokens were still good.
pub async fn revoke_all(executor: impl sqlx::PgExecutor<'_>, user_id: Uuid) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .execute(executor)
    .await
    .map(|result| result.rows_affected())
}

/// Ends the user's sessions but `keep`; answers the sessions ended.
pub async fn revoke_others(
    executor: impl sqlx::PgExecutor<'_>,
    user_id: Uuid,
    keep: Uuid,
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar(
        "WITH ended AS (
             UPDATE refresh_tokens SET revoked_at = now()
             WHERE user_id = $1 AND family_id <> $2 AND revoked_at IS NULL
             RETURNING family_id)
         SELECT DISTINCT family_id FROM ended",
    )
    .bind(user_id)
    .bind(keep)
    .fetch_all(executor)
    .await
}

/// Whether the session still stands (logout and password changes end sessions).
pub async fn is_active(pool: &PgPool, family_id: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM refresh_tokens
                        WHERE family_id = $1 AND revoked_at IS NULL AND expires_at > now())",
    )
    .bind(family_id)
    .fetch_one(pool)
    .await
}

/// Forgets sessions that are over (every token revoked or expired) for more than a day. A live
/// session keeps its used tokens: presenting one again is how a stolen token is noticed.
pub async fn prune(pool: &PgPool) -> sqlx::Result<u64> {
    sqlx::query(
        "DELETE FROM refresh_tokens WHERE family_id IN (
             SELECT family_id FROM refresh_tokens GROUP BY family_id
             HAVING bool_and(revoked_at IS NOT NULL OR expires_at <= now())
                AND max(least(coalesce(revoked_at, expires_at), expires_at)) < now() - interval '1 day')",
    )
    .execute(pool)
    .await
    .map(|done| done.rows_affected())
}

/// Prunes every `every`, in the background.
pub fn spawn_pruning(pool: PgPool, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every.max(std::time::Duration::from_secs(1)));
        loop {
            ticks.tick().await;
            match prune(&pool).await {
                Ok(0) => {}
                Ok(forgotten) => tracing::info!(forgotten, "ended sessions pruned"),
                Err(error) => tracing::warn!(%error, "pruning sessions failed; will try again"),
            }
        }
    });
}
