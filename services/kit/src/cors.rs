//! Which other web origins may call a service from a browser (`CORS_ORIGINS`): the original
//! answered every origin, and `make up` keeps that; a production deployment names its own.
//! Callers authenticate with a bearer token, never a cookie, so no origin is ever sent
//! credentials.

use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// `CORS_ORIGINS`: unset or empty, no other origin; `*`, any; else a comma-separated list of
/// origins (`https://tickets.example.com`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum CorsOrigins {
    #[default]
    None,
    Any,
    Listed(Vec<HeaderValue>),
}

impl std::str::FromStr for CorsOrigins {
    type Err = anyhow::Error;

    fn from_str(raw: &str) -> anyhow::Result<Self> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(Self::None);
        }
        if raw == "*" {
            return Ok(Self::Any);
        }
        raw.split(',')
            .map(str::trim)
            .filter(|origin| !origin.is_empty())
            .map(|origin| {
                let origin = origin.trim_end_matches('/');
                let host =
                    (origin.strip_prefix("https://")).or_else(|| origin.strip_prefix("http://"));
                anyhow::ensure!(
                    host.is_some_and(|host| !host.is_empty() && !host.contains(['/', ' '])),
                    "{origin:?} is not an origin like https://tickets.example.com"
                );
                Ok(HeaderValue::from_str(origin)?)
            })
            .collect::<anyhow::Result<_>>()
            .map(Self::Listed)
    }
}

impl CorsOrigins {
    /// The layer answering preflight requests and marking answers readable by these origins;
    /// `None` when no other origin may call.
    pub fn layer(&self) -> Option<CorsLayer> {
        let allow_origin = match self {
            Self::None => return None,
            Self::Any => AllowOrigin::any(),
            Self::Listed(origins) => AllowOrigin::list(origins.clone()),
        };
        Some(
            CorsLayer::new()
                .allow_origin(allow_origin)
                .allow_methods([
                    Method::GET,
                    Method::POST,
                    Method::PUT,
                    Method::PATCH,
                    Method::DELETE,
                ])
                .allow_headers([
                    header::AUTHORIZATION,
                    header::CONTENT_TYPE,
                    header::ACCEPT,
                    header::ACCEPT_LANGUAGE,
                    header::IF_NONE_MATCH,
                    HeaderName::from_static("idempotency-key"),
                    HeaderName::from_static("x-correlation-id"),
                ])
                .expose_headers([
                    header::ETAG,
                    header::LINK,
                    header::LOCATION,
                    header::RETRY_AFTER,
                    HeaderName::from_static("x-correlation-id"),
                    HeaderName::from_static("x-total-count"),
                ])
                .max_age(Duration::from_secs(600)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_allows_any_origin_and_nothing_allows_none() {
        assert_eq!("*".parse::<CorsOrigins>().unwrap(), CorsOrigins::Any);
        assert_eq!(" ".parse::<CorsOrigins>().unwrap(), CorsOrigins::None);
    }

    #[test]
    fn a_list_of_origins_is_read_without_trailing_slashes() {
        let origins: CorsOrigins = "https://a.example.com/, http://localhost:5173"
            .parse()
            .unwrap();
        assert_eq!(
            origins,
            CorsOrigins::Listed(vec![
                HeaderValue::from_static("https://a.example.com"),
                HeaderValue::from_static("http://localhost:5173"),
            ])
        );
    }

    #[test]
    fn something_that_is_not_an_origin_is_refused() {
        assert!("tickets.example.com".parse::<CorsOrigins>().is_err());
        assert!("https://a.example.com/path".parse::<CorsOrigins>().is_err());
    }
}
