//! The BFF's configuration, from the environment with defaults matching `make up`.

use std::{net::SocketAddr, time::Duration};

use anyhow::Context;
use service_kit::config::var;

/// The services the BFF fans out to, with the environment variable naming each one's URL.
pub const SERVICES: [(&str, &str, u16); 5] = [
    ("auth", "AUTH_SERVICE_URL", 8001),
    ("movie", "MOVIE_SERVICE_URL", 8002),
    ("booking", "BOOKING_SERVICE_URL", 8003),
    ("payment", "PAYMENT_SERVICE_URL", 8004),
    ("notification", "NOTIFICATION_SERVICE_URL", 8005),
];

#[derive(Debug, Clone)]
pub struct BffConfig {
    pub listen: SocketAddr,
    pub site_root: String,
    /// `(name, base URL)` of each service.
    pub services: Vec<(&'static str, String)>,
    pub upstream_timeout: Duration,
    /// Session cookies only over https; on when the site is served over https.
    pub secure_cookies: bool,
    /// Where seat changes are published.
    pub redis_url: String,
    /// `LIVE_SOCKETS_PER_ADDRESS` (20): live seat maps and boards open at once per address.
    pub live_sockets_per_address: usize,
    /// `DEFAULT_LANGUAGE` (`vi`): the pages' language for a visitor who has not chosen one and
    /// whose browser asks for none Marquee speaks.
    pub default_language: marquee_app::i18n::Language,
    /// `CURRENCY` (`VND`): the ISO code prices are in.
    pub currency: String,
    /// `PAGE_CACHE_TTL_MS` (1000): how long a signed-out visitor's page is shared with the
    /// visitors after (see `page_cache`); 0 renders every page for its visitor.
    pub page_cache_ttl: Duration,
    /// `PAGE_RENDER_LIMIT_MS` (15000): how long the visitors sharing a render wait for it before
    /// each renders their own (see `page_cache`): a render stalled on one visitor's behalf must
    /// not hold everyone asking for that page.
    pub page_render_limit: Duration,
}

impl BffConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        let host = var("BFF_HOST").unwrap_or_else(|| "127.0.0.1".into());
        let port = var("BFF_PORT").unwrap_or_else(|| "3000".into());
        let listen = format!("{host}:{port}")
            .parse()
            .context("BFF_HOST/BFF_PORT do not form an address")?;
        let services = SERVICES
            .iter()
            .map(|(name, key, port)| {
                let url = var(key).unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
                (*name, url.trim_end_matches('/').to_owned())
            })
            .collect();
        let timeout_ms: u64 = var("UPSTREAM_TIMEOUT_MS")
            .map(|raw| raw.parse().context("UPSTREAM_TIMEOUT_MS is not a number"))
            .transpose()?
            .unwrap_or(5000);
        Ok(Self {
            listen,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            services,
            upstream_timeout: Duration::from_millis(timeout_ms),
            secure_cookies: var("COOKIE_SECURE").is_some_and(|value| value == "true")
                || var("PUBLIC_URL").is_some_and(|url| url.starts_with("https://")),
            redis_url: var("REDIS_URL")
                .unwrap_or_else(|| service_kit::config::DEFAULT_REDIS_URL.into()),
            live_sockets_per_address: service_kit::config::parse_var(
                "LIVE_SOCKETS_PER_ADDRESS",
                crate::live_limits::DEFAULT_SOCKETS_PER_ADDRESS,
            )?,
            default_language: {
                let code = var("DEFAULT_LANGUAGE")
                    .unwrap_or_else(|| marquee_app::i18n::DEFAULT_LANGUAGE.into());
                marquee_app::i18n::Language::from_code(&code).with_context(|| {
                    format!("DEFAULT_LANGUAGE={code} is not a language Marquee speaks")
                })?
            },
            currency: var("CURRENCY").unwrap_or_default(),
            page_cache_ttl: Duration::from_millis(service_kit::config::parse_var(
                "PAGE_CACHE_TTL_MS",
                1000,
            )?),
            page_render_limit: Duration::from_millis(service_kit::config::parse_var(
                "PAGE_RENDER_LIMIT_MS",
                15_000,
            )?),
        })
    }

    /// Points the BFF at another address of the service `name`.
    pub fn set_service_url(&mut self, name: &str, url: String) {
        if let Some((_, current)) = self
            .services
            .iter_mut()
            .find(|(service, _)| *service == name)
        {
            *current = url;
        }
    }

    pub fn service_url(&self, name: &str) -> &str {
        self.services
            .iter()
            .find(|(service, _)| *service == name)
            .map(|(_, url)| url.as_str())
            .expect("every service has a URL")
    }
}
