//! The auth service's own settings, read once at start; a bad value stops the service with the
//! variable's name.

use std::time::Duration;

use service_kit::{
    auth::{DEFAULT_AUDIENCE, DEFAULT_ISSUER},
    config::{parse_var, var},
};

#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub issuer: String,
    pub audience: String,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// How long a login lasts at most, however often it is refreshed.
    pub session_max_age: Duration,
    /// A refresh token presented again this soon after its use is a racing request of the same
    /// browser, not a copy.
    pub refresh_reuse_grace: Duration,
    /// Failed logins of one account from one address before that pair's answers turn into 429s.
    pub max_failures: u32,
    /// Failed logins from one address, whatever the accounts, before its answers turn into 429s.
    pub max_address_failures: u32,
    /// Failed logins of one account, whatever the addresses, that mark it as under attack: then
    /// each address gets one failure before it is locked out of that account.
    pub account_attack_failures: u32,
    /// The first lockout; each further failure doubles it, up to `max_lockout`.
    pub base_lockout: Duration,
    pub max_lockout: Duration,
    /// Memory that password hashing may take at once (19 MiB per hash).
    pub hashing_memory_mib: u64,
    /// How long a login waits for its turn to hash before a 503.
    pub hashing_queue_wait: Duration,
}

impl AuthConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            issuer: var("AUTH_ISSUER").unwrap_or_else(|| DEFAULT_ISSUER.into()),
            audience: var("AUTH_AUDIENCE").unwrap_or_else(|| DEFAULT_AUDIENCE.into()),
            access_token_ttl: Duration::from_secs(parse_var::<u64>("ACCESS_TOKEN_TTL_SECS", 900)?),
            refresh_token_ttl: Duration::from_secs(
                parse_var::<u64>("REFRESH_TOKEN_TTL_DAYS", 14)? * 24 * 3600,
            ),
            session_max_age: Duration::from_secs(
                parse_var::<u64>("SESSION_MAX_DAYS", 30)? * 24 * 3600,
            ),
            refresh_reuse_grace: Duration::from_secs(parse_var::<u64>(
                "REFRESH_REUSE_GRACE_SECS",
                10,
            )?),
            max_failures: parse_var("LOGIN_MAX_FAILURES", 5)?,
            max_address_failures: parse_var("LOGIN_MAX_ADDRESS_FAILURES", 20)?,
            account_attack_failures: parse_var("LOGIN_ACCOUNT_ATTACK_FAILURES", 50)?,
            base_lockout: Duration::from_secs(parse_var::<u64>("LOGIN_LOCKOUT_SECS", 30)?),
            max_lockout: Duration::from_secs(parse_var::<u64>("LOGIN_MAX_LOCKOUT_SECS", 3600)?),
            hashing_memory_mib: parse_var("PASSWORD_HASHING_MEMORY_MIB", 80)?,
            hashing_queue_wait: Duration::from_millis(parse_var::<u64>(
                "PASSWORD_HASHING_QUEUE_MS",
                5000,
            )?),
        })
    }
}
