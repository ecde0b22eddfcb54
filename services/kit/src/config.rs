//! Service configuration read from the environment, with defaults that point at the servers
//! `make up` starts (their ports and RabbitMQ's guest account; each database role's password
//! is generated, so the scripts pass the database URLs).

use std::{net::SocketAddr, time::Duration};

use anyhow::Context;

use crate::cors::CorsOrigins;

pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:56379";
pub const DEFAULT_AMQP_URL: &str = "amqp://guest:guest@127.0.0.1:55672/%2f";
pub const DEFAULT_POSTGRES_PORT: u16 = 55432;

#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Short name, e.g. `movie`; the environment prefix is its upper-case form (`MOVIE_`).
    pub name: &'static str,
    pub listen: SocketAddr,
    pub database_url: String,
    pub redis_url: String,
    pub amqp_url: String,
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    pub dependency_timeout: Duration,
    /// Where the auth service publishes the keys that verify access tokens.
    pub auth_jwks_url: String,
    /// `EVENT_RETENTION_DAYS` (7): how long published outbox rows and the ids of handled events
    /// are kept (a duplicate delivery older than this would be handled again).
    pub event_retention: Duration,
    /// `EVENT_RETRY_MINUTES` (15): how long a consumer retries an event whose handling keeps
    /// failing before it parks it in the dead-letter queue.
    pub event_retry_for: Duration,
    /// `CORS_ORIGINS`: the other web origins whose pages may call this service.
    pub cors_origins: CorsOrigins,
}

impl ServiceConfig {
    /// Reads `<NAME>_HOST`, `<NAME>_PORT`, `<NAME>_DATABASE_URL`, `<NAME>_AMQP_URL` (else the
    /// shared `AMQP_URL`), then the shared `REDIS_URL`, `MAX_BODY_BYTES`, `REQUEST_TIMEOUT_SECS` and `DEPENDENCY_TIMEOUT_MS`.
    pub fn from_env(name: &'static str, default_port: u16) -> anyhow::Result<Self> {
        let prefix = name.to_uppercase();
        let host = var(&format!("{prefix}_HOST")).unwrap_or_else(|| "127.0.0.1".into());
        let port = parse_var(&format!("{prefix}_PORT"), default_port)?;
        let listen = format!("{host}:{port}")
            .parse()
            .with_context(|| format!("{prefix}_HOST/{prefix}_PORT do not form an address"))?;
        let database_url = var(&format!("{prefix}_DATABASE_URL")).unwrap_or_else(|| {
            format!("postgres://marquee_{name}@127.0.0.1:{DEFAULT_POSTGRES_PORT}/marquee_{name}")
        });
        Ok(Self {
            name,
            listen,
            database_url,
            redis_url: var("REDIS_URL").unwrap_or_else(|| DEFAULT_REDIS_URL.into()),
            // A service's own broker account when it has one (it may publish only its events).
            amqp_url: var(&format!("{prefix}_AMQP_URL"))
                .or_else(|| var("AMQP_URL"))
                .unwrap_or_else(|| DEFAULT_AMQP_URL.into()),
            max_body_bytes: parse_var("MAX_BODY_BYTES", 1024 * 1024)?,
            request_timeout: Duration::from_secs(parse_var("REQUEST_TIMEOUT_SECS", 30)?),
            dependency_timeout: Duration::from_millis(parse_var("DEPENDENCY_TIMEOUT_MS", 2000)?),
            event_retention: Duration::from_secs(
                parse_var::<u64>("EVENT_RETENTION_DAYS", 7)? * 86_400,
            ),
            event_retry_for: Duration::from_secs(parse_var::<u64>("EVENT_RETRY_MINUTES", 15)? * 60),
            cors_origins: var("CORS_ORIGINS")
                .map(|raw| raw.parse::<CorsOrigins>().context("CORS_ORIGINS"))
                .transpose()?
                .unwrap_or_default(),
            auth_jwks_url: var("AUTH_JWKS_URL").unwrap_or_else(|| {
                let auth =
                    var("AUTH_SERVICE_URL").unwrap_or_else(|| "http://127.0.0.1:8001".into());
                format!("{}/.well-known/jwks.json", auth.trim_end_matches('/'))
            }),
        })
    }

    /// The name the service reports in `/health`, as the original did (`movie-service`).
    pub fn service_name(&self) -> String {
        format!("{}-service", self.name)
    }
}

/// The variable `key`, trimmed of nothing but absent when unset or blank.
pub fn var(key: &str) -> Option<String> {
    std::env::var(key)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// The variable `key` parsed as `T`, or `default` when unset; a value that does not parse is an
/// error naming the variable, so a service fails at start rather than running misconfigured.
pub fn parse_var<T>(key: &str, default: T) -> anyhow::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match var(key) {
        Some(raw) => raw
            .trim()
            .parse()
            .with_context(|| format!("{key}={raw:?} is not valid")),
        None => Ok(default),
    }
}

/// Whether the demo was asked for (`DEMO_DATA=on`, as `make up` and the tests set): only then
/// does `seed` load demo data, the demo accounts with their published password among it.
pub fn demo_data_requested() -> bool {
    var("DEMO_DATA").is_some_and(|value| value.trim() == "on")
}

/// Whether a service runs its background work (sweepers, the outbox relay, event consumers,
/// the mailer): yes unless `BACKGROUND_WORK=off`, which tests sharing one broker set so that
/// they can drive each piece themselves.
pub fn background_work_enabled() -> bool {
    env_or("BACKGROUND_WORK", "on") != "off"
}

/// The variable `key`, or `default` when it is unset or blank: for a service's own settings.
pub fn env_or(key: &str, default: &str) -> String {
    std::env::var(key)
        .ok()
        .filter(|value| !value.trim().is_empty())
        .unwrap_or_else(|| default.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_point_at_the_local_stack() {
        let config = ServiceConfig::from_env("kitconfigtest", 8099).unwrap();
        assert_eq!(config.listen.port(), 8099);
        assert_eq!(config.service_name(), "kitconfigtest-service");
        assert!(config.database_url.ends_with("/marquee_kitconfigtest"));
        assert_eq!(config.max_body_bytes, 1024 * 1024);
    }

    #[test]
    #[allow(unsafe_code)]
    fn a_bad_number_is_reported_with_its_name() {
        // SAFETY: this variable is read only by this test.
        unsafe { std::env::set_var("BADPORTTEST_PORT", "eighty") };
        let error = ServiceConfig::from_env("badporttest", 1).unwrap_err();
        assert!(error.to_string().contains("BADPORTTEST_PORT"));
    }
}
