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

/// Adds the correlation id of the request being served (or `fallback`) to an outgoing request,
/// and its trace when traces are exported.
pub fn with_correlation(
    request: reqwest::RequestBuilder,
    fallback: Option<&CorrelationId>,
) -> reqwest::RequestBuilder {
    let request = request.headers(crate::telemetry::trace_headers());
    match CorrelationId::current().or_else(|| fallback.cloned()) {
        Some(id) => request.header(HEADER, id.0),
        None => request,
    }
}

/// Why a call to another service did not give an answer to use.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// It answered with this (4xx) status: its answer, not its failure (no retry; the circuit
    /// is not affected).
    Answered(u16),
    /// It did not answer usefully: down, too slow, a 5xx, an unreadable body, or the circuit
    /// is open.
    Unavailable(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Answered(status) => write!(f, "answered {status}"),
            Self::Unavailable(reason) => write!(f, "unavailable: {reason}"),
        }
    }
}

/// Reads from another service the careful way: a timeout per call, retries with backoff and
/// jitter (reads are idempotent), and a circuit breaker so that a service that is down is not
/// waited on again and again.
#[derive(Clone)]
pub struct ServiceClient {
    http: reqwest::Client,
    base_url: String,
    breaker: std::sync::Arc<crate::breaker::CircuitBreaker>,
    attempts: u32,
}

impl ServiceClient {
    /// A client for `target` at `base_url`; the breaker's state goes into `registry`.
    pub fn new(
        target: &str,
        base_url: &str,
        timeout: Duration,
        registry: Option<&prometheus::Registry>,
    ) -> Self {
        Self {
            http: build(timeout),
            base_url: base_url.trim_end_matches('/').to_owned(),
            breaker: std::sync::Arc::new(crate::breaker::CircuitBreaker::new(target, registry)),
            attempts: 3,
        }
    }

    /// How many tries a read gets (at least one).
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }

    /// `GET base_url + path` as JSON, with `authorization` (a whole header value) if given.
    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        authorization: Option<&str>,
    ) -> Result<T, CallError> {
        use crate::breaker::BreakerError;

        let url = format!("{}{path}", self.base_url);
        let mut attempt = 0;
        loop {
            let result = self
                .breaker
                .call(
                    || async {
                        self.answer(http::Method::GET, &url, authorization)
                            .await?
                            .json::<T>()
                            .await
                            .map_err(|error| CallError::Unavailable(error.to_string()))
                    },
                    |error| matches!(error, CallError::Unavailable(_)),
                )
                .await;
            match result {
                Ok(value) => return Ok(value),
                Err(BreakerError::Open(target)) => {
                    return Err(CallError::Unavailable(format!("{target}: circuit open")));
                }
                Err(BreakerError::Failed(CallError::Unavailable(reason)))
                    if attempt + 1 < self.attempts =>
                {
                    tracing::warn!(url, reason, attempt, "call failed; retrying");
                    tokio::time::sleep(crate::events::backoff(attempt)).await;
                    attempt += 1;
                }
                Err(BreakerError::Failed(error)) => return Err(error),
            }
        }
    }

    /// One call: its 2xx answer, else what went wrong (a 4xx is the other service's answer, a
    /// 5xx or no answer its failure).
    async fn answer(
        &self,
        method: http::Method,
        url: &str,
        authorization: Option<&str>,
    ) -> Result<reqwest::Response, CallError> {
        let mut request = with_correlation(self.http.request(method, url), None);
        if let Some(value) = authorization {
            request = request.header(http::header::AUTHORIZATION, value);
        }
        let response = request
            .send()
            .await
            .map_err(|error| CallError::Unavailable(error.to_string()))?;
        match response.status() {
            status if status.is_server_error() => {
                Err(CallError::Unavailable(format!("answered {status}")))
            }
            status if !status.is_success() => Err(CallError::Answered(status.as_u16())),
            _ => Ok(response),
        }
    }

    /// A bodiless `method` (a write) to `base_url + path` with `authorization`: one attempt,
    /// through the breaker; `Ok` on a 2xx.
    pub async fn send(
        &self,
        method: http::Method,
        path: &str,
        authorization: Option<&str>,
    ) -> Result<(), CallError> {
        use crate::breaker::BreakerError;

        let url = format!("{}{path}", self.base_url);
        let result = self
            .breaker
            .call(
                || async {
                    self.answer(method.clone(), &url, authorization)
                        .await
                        .map(drop)
                },
                |error| matches!(error, CallError::Unavailable(_)),
            )
            .await;
        match result {
            Ok(()) => Ok(()),
            Err(BreakerError::Open(target)) => {
                Err(CallError::Unavailable(format!("{target}: circuit open")))
            }
            Err(BreakerError::Failed(error)) => Err(error),
        }
    }
}
