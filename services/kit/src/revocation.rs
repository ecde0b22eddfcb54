//! Access tokens that must stop working before they expire: those of a session that was signed
//! out (or ended by a password change, or by a stolen refresh token), and every token of a
//! disabled account. The auth service lists them in one Redis sorted set (member: `session:{id}`
//! or `user:{id}`, score: when the last such token expires, in ms); every verifier keeps a copy
//! that it re-reads every [`REFRESH_EVERY`], so a revocation takes effect everywhere within
//! seconds without a Redis call per request. Should Redis be away, the last copy stands.

use std::{
    collections::HashSet,
    sync::{Arc, RwLock},
    time::Duration,
};

use chrono::{DateTime, Utc};
use redis::{AsyncCommands, RedisResult};
use uuid::Uuid;

use crate::cache::LazyRedis;

pub const REVOKED_KEY: &str = "auth:revoked";
/// How often verifiers re-read the list.
pub const REFRESH_EVERY: Duration = Duration::from_secs(2);

/// What is revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    Session(Uuid),
    User(Uuid),
}

impl Revoked {
    fn member(self) -> String {
        match self {
            Self::Session(id) => format!("session:{id}"),
            Self::User(id) => format!("user:{id}"),
        }
    }
}

/// Lists `revoked` until `until` (when the last access token it could hold expires).
pub async fn revoke(redis: &LazyRedis, revoked: Revoked, until: DateTime<Utc>) -> RedisResult<()> {
    let mut redis = redis.connection().await?;
    let now = Utc::now().timestamp_millis();
    redis::pipe()
        .zadd(REVOKED_KEY, revoked.member(), until.timestamp_millis())
        .zrembyscore(REVOKED_KEY, "-inf", now)
        .query_async::<()>(&mut redis)
        .await
}

/// A verifier's copy of the list.
#[derive(Clone, Default)]
pub struct RevocationList {
    members: Arc<RwLock<HashSet<String>>>,
}

impl RevocationList {
    /// A copy kept fresh from `redis` for as long as the process runs.
    pub fn kept_from(redis: LazyRedis) -> Self {
        let list = Self::default();
        let copy = list.clone();
        tokio::spawn(async move {
            loop {
                if let Err(error) = copy.reload(&redis).await {
                    tracing::warn!(%error, "revoked tokens not re-read; the last list stands");
                }
                tokio::time::sleep(REFRESH_EVERY).await;
            }
        });
        list
    }

    async fn reload(&self, redis: &LazyRedis) -> RedisResult<()> {
        let mut redis = redis.connection().await?;
        let now = Utc::now().timestamp_millis();
        let members: Vec<String> = redis.zrangebyscore(REVOKED_KEY, now, "+inf").await?;
        *self.members.write().expect("not poisoned") = members.into_iter().collect();
        Ok(())
    }

    pub fn is_revoked(&self, session_id: Uuid, user_id: Uuid) -> bool {
        let members = self.members.read().expect("not poisoned");
        members.contains(&Revoked::Session(session_id).member())
            || members.contains(&Revoked::User(user_id).member())
    }
}
