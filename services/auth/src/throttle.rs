//! Brute-force protection for logins: failures are counted per account and per client address
//! in Redis; from the fifth failure on, that account or address is locked for a while that
//! doubles with each further failure. A success clears the account's count.

use redis::AsyncCommands;
use service_kit::{ApiError, cache::LazyRedis};

use crate::config::AuthConfig;

/// Failures are forgotten after this long without another.
const WINDOW_SECS: u64 = 3600;

#[derive(Clone)]
pub struct LoginThrottle {
    redis: LazyRedis,
    config: AuthConfig,
}

fn keys(login: &str, address: &str) -> [(String, String); 2] {
    let login = login.trim().to_lowercase();
    [
        (
            format!("auth:fail:login:{login}"),
            format!("auth:lock:login:{login}"),
        ),
        (
            format!("auth:fail:addr:{address}"),
            format!("auth:lock:addr:{address}"),
        ),
    ]
}

/// How long `failures` failures in a row lock the account or address: from the
/// `max_failures`th on, the base lockout doubled for each failure beyond it, capped.
fn lockout_secs(config: &AuthConfig, failures: u32) -> Option<u64> {
    let beyond = failures.checked_sub(config.max_failures)?;
    Some(
        (config.base_lockout.as_secs() << beyond.min(16))
            .min(config.max_lockout.as_secs())
            .max(1),
    )
}

impl LoginThrottle {
    pub fn new(redis: LazyRedis, config: AuthConfig) -> Self {
        Self { redis, config }
    }

    /// 429 with Retry-After while the account or the address is locked.
    pub async fn check(&self, login: &str, address: &str) -> Result<(), ApiError> {
        let Some(mut redis) = self.connection().await else {
            return Ok(());
        };
        let mut longest = 0i64;
        for (_, lock) in keys(login, address) {
            let ttl: i64 = redis.ttl(&lock).await.unwrap_or(-2);
            longest = longest.max(ttl);
        }
        if longest > 0 {
            return Err(ApiError::TooManyRequests {
                detail: format!("Too many failed logins. Try again in {longest} seconds."),
                retry_after_secs: longest as u64,
            });
        }
        Ok(())
    }

    /// Counts a failure; returns the lockout it started, if any.
    pub async fn failed(&self, login: &str, address: &str) -> Option<u64> {
        let mut redis = self.connection().await?;
        let mut lockout = None;
        for (counter, lock) in keys(login, address) {
            let failures: u32 = redis.incr(&counter, 1).await.ok()?;
            let _: Result<(), _> = redis.expire(&counter, WINDOW_SECS as i64).await;
            if let Some(seconds) = lockout_secs(&self.config, failures) {
                let _: Result<(), _> = redis.set_ex(&lock, 1, seconds).await;
                lockout = lockout.max(Some(seconds));
            }
        }
        lockout
    }

    pub async fn succeeded(&self, login: &str, address: &str) {
        if let Some(mut redis) = self.connection().await {
            let [(counter, lock), _] = keys(login, address);
            let _: Result<(), _> = redis.del(&[counter, lock]).await;
        }
    }

    /// Without Redis, logins still work (unthrottled) rather than locking everyone out.
    async fn connection(&self) -> Option<redis::aio::ConnectionManager> {
        match self.redis.connection().await {
            Ok(connection) => Some(connection),
            Err(error) => {
                tracing::error!(%error, "login throttle unavailable");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn each_failure_beyond_the_limit_doubles_the_lockout_up_to_the_cap() {
        let config = AuthConfig {
            issuer: String::new(),
            audience: String::new(),
            access_token_ttl: Duration::from_secs(900),
            refresh_token_ttl: Duration::from_secs(3600),
            session_max_age: Duration::from_secs(7200),
            refresh_reuse_grace: Duration::from_secs(10),
            max_failures: 5,
            base_lockout: Duration::from_secs(30),
            max_lockout: Duration::from_secs(3600),
        };
        let lockouts: Vec<_> = (3..=14).map(|n| lockout_secs(&config, n)).collect();
        assert_eq!(
            lockouts,
            [
                None,
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(960),
                Some(1920),
                Some(3600),
                Some(3600),
                Some(3600)
            ]
        );
        assert_eq!(lockout_secs(&config, u32::MAX), Some(3600));
    }
}
