//! Brute-force protection for logins, counted in Redis per (account, address) pair and per
//! address, so that an attacker's failures never lock the owner out:
//! - a pair is locked from its `max_failures`th failure on, for a while that doubles with each
//!   further failure: someone guessing one account from one address;
//! - an address is locked from its `max_address_failures`th failure on (any accounts): someone
//!   trying many accounts from one address. A family sharing an address never gets near it;
//! - an account that fails `account_attack_failures` times (any addresses) is under attack from
//!   many addresses: while it is, each of its pairs locks at the first failure. A correct password
//!   from an address with no failures still gets in.
//!
//! A success clears only its own pair: an attacker logging into an account of their own must not
//! reset their address's count.

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

/// The Redis keys of one login attempt: its failure counters and locks.
struct Keys {
    pair_failures: String,
    pair_lock: String,
    address_failures: String,
    address_lock: String,
    account_failures: String,
}

impl Keys {
    fn new(account: &str, address: &str) -> Self {
        let account = account.trim().to_lowercase();
        Self {
            pair_failures: format!("auth:fail:pair:{account}|{address}"),
            pair_lock: format!("auth:lock:pair:{account}|{address}"),
            address_failures: format!("auth:fail:addr:{address}"),
            address_lock: format!("auth:lock:addr:{address}"),
            account_failures: format!("auth:fail:account:{account}"),
        }
    }
}

/// How long `failures` failures lock a scope whose limit is `limit`: from the `limit`th failure
/// on, the base lockout doubled for each failure beyond it, capped.
fn lockout_secs(config: &AuthConfig, limit: u32, failures: u32) -> Option<u64> {
    let beyond = failures.checked_sub(limit.max(1))?;
    Some(
        (config.base_lockout.as_secs() << beyond.min(16))
            .min(config.max_lockout.as_secs())
            .max(1),
    )
}

/// The failures a pair may have before it locks: fewer while its account is under attack.
fn pair_limit(config: &AuthConfig, account_failures: u32) -> u32 {
    if account_failures >= config.account_attack_failures {
        1
    } else {
        config.max_failures
    }
}

impl LoginThrottle {
    pub fn new(redis: LazyRedis, config: AuthConfig) -> Self {
        Self { redis, config }
    }

    /// 429 with Retry-After while the pair or the address is locked.
    pub async fn check(&self, account: &str, address: &str) -> Result<(), ApiError> {
        let Some(mut redis) = self.connection().await else {
            return Ok(());
        };
        let keys = Keys::new(account, address);
        let mut longest = 0i64;
        for lock in [&keys.pair_lock, &keys.address_lock] {
            let ttl: i64 = redis.ttl(lock).await.unwrap_or(-2);
            longest = longest.max(ttl);
        }
        if longest > 0 {
            let mut params = serde_json::Map::new();
            params.insert("seconds".into(), longest.into());
            return Err(ApiError::TooManyRequests {
                detail: format!("Too many failed logins. Try again in {longest} seconds."),
                retry_after_secs: longest as u64,
            }
            .coded_with("login_locked", params));
        }
        Ok(())
    }

    /// Counts a failure; returns the lockout it started, if any.
    pub async fn failed(&self, account: &str, address: &str) -> Option<u64> {
        let mut redis = self.connection().await?;
        let keys = Keys::new(account, address);
        let mut count = async |key: &str| -> Option<u32> {
            let failures: u32 = redis.incr(key, 1).await.ok()?;
            let _: Result<(), _> = redis.expire(key, WINDOW_SECS as i64).await;
            Some(failures)
        };
        let account_failures = count(&keys.account_failures).await?;
        let pair_failures = count(&keys.pair_failures).await?;
        let address_failures = count(&keys.address_failures).await?;
        let config = &self.config;
        let locks = [
            (
                &keys.pair_lock,
                lockout_secs(config, pair_limit(config, account_failures), pair_failures),
            ),
            (
                &keys.address_lock,
                lockout_secs(config, config.max_address_failures, address_failures),
            ),
        ];
        let mut lockout = None;
        for (lock, seconds) in locks {
            if let Some(seconds) = seconds {
                let _: Result<(), _> = redis.set_ex(lock, 1, seconds).await;
                lockout = lockout.max(Some(seconds));
            }
        }
        lockout
    }

    /// Clears the pair's failures (not the address's, nor the account's).
    pub async fn succeeded(&self, account: &str, address: &str) {
        if let Some(mut redis) = self.connection().await {
            let keys = Keys::new(account, address);
            let _: Result<(), _> = redis.del(&[keys.pair_failures, keys.pair_lock]).await;
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

    fn config() -> AuthConfig {
        AuthConfig {
            issuer: String::new(),
            audience: String::new(),
            access_token_ttl: Duration::from_secs(900),
            refresh_token_ttl: Duration::from_secs(3600),
            session_max_age: Duration::from_secs(7200),
            refresh_reuse_grace: Duration::from_secs(10),
            max_failures: 5,
            max_address_failures: 20,
            account_attack_failures: 50,
            base_lockout: Duration::from_secs(30),
            max_lockout: Duration::from_secs(3600),
            hashing_memory_mib: 80,
            hashing_queue_wait: Duration::from_secs(5),
        }
    }

    #[test]
    fn each_failure_beyond_the_limit_doubles_the_lockout_up_to_the_cap() {
        let config = config();
        let lockouts: Vec<_> = (3..=14).map(|n| lockout_secs(&config, 5, n)).collect();
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
        assert_eq!(lockout_secs(&config, 5, u32::MAX), Some(3600));
    }

    #[test]
    fn an_account_under_attack_locks_each_pair_at_its_first_failure() {
        let config = config();
        assert_eq!(pair_limit(&config, 49), 5);
        assert_eq!(pair_limit(&config, 50), 1);
        assert_eq!(
            lockout_secs(&config, 1, 1),
            Some(config.base_lockout.as_secs())
        );
    }
}
