//! The HTTP client services use to call each other: bounded timeouts, and the current request's
//! correlation id forwarded on every call.

use std::time::Duration;

use crate::correlation::{CorrelationId, HEADER};

pub fn build(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(2))
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .expect("an HTTP client without TLS always builds")
}

/// Adds the correlation id of the request being served (or `fallback`) to an outgoing request.
pub fn with_correlation(
    request: reqwest::RequestBuilder,
    fallback: Option<&CorrelationId>,
) -> reqwest::RequestBuilder {
    match CorrelationId::current().or_else(|| fallback.cloned()) {
        Some(id) => request.header(HEADER, id.0),
        None => request,
    }
}
