//! The payment service's calls to the booking and movie services: bounded timeouts, retries
//! with backoff and jitter (these reads are idempotent), and a circuit breaker per service.

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use serde::{Deserialize, de::DeserializeOwned};
use service_kit::{
    ApiError,
    breaker::{BreakerError, CircuitBreaker},
    events::backoff,
    http_client,
};
use uuid::Uuid;

const ATTEMPTS: u32 = 3;

#[derive(Debug, Clone, Deserialize)]
pub struct Booking {
    pub id: Uuid,
    pub user_id: Uuid,
    pub booking_code: String,
    pub showtime_id: Uuid,
    pub total_price: String,
    pub status: String,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Showtime {
    pub starts_at: DateTime<Utc>,
}

#[derive(Clone)]
pub struct Upstream {
    http: reqwest::Client,
    booking_url: String,
    movie_url: String,
    booking_breaker: Arc<CircuitBreaker>,
    movie_breaker: Arc<CircuitBreaker>,
}

enum Failure {
    /// The service answered with this status (not its fault: no retry, breaker unaffected).
    Answered(u16),
    /// It did not answer usefully (down, timed out, 5xx).
    Unavailable(String),
}

impl Upstream {
    pub fn new(
        booking_url: &str,
        movie_url: &str,
        timeout: Duration,
        registry: Option<&prometheus::Registry>,
    ) -> Self {
        Self {
            http: http_client::build(timeout),
            booking_url: booking_url.trim_end_matches('/').to_owned(),
            movie_url: movie_url.trim_end_matches('/').to_owned(),
            booking_breaker: Arc::new(CircuitBreaker::new("booking", registry)),
            movie_breaker: Arc::new(CircuitBreaker::new("movie", registry)),
        }
    }

    async fn get<T: DeserializeOwned>(
        &self,
        breaker: &CircuitBreaker,
        url: &str,
        token: Option<&str>,
    ) -> Result<T, Failure> {
        let mut attempt = 0;
        loop {
            let result = breaker
                .call(
                    || async {
                        let mut request = http_client::with_correlation(self.http.get(url), None);
                        if let Some(token) = token {
                            request = request.bearer_auth(token);
                        }
                        let response = request
                            .send()
                            .await
                            .map_err(|error| Failure::Unavailable(error.to_string()))?;
                        let status = response.status();
                        if status.is_server_error() {
                            return Err(Failure::Unavailable(format!("answered {status}")));
                        }
                        if !status.is_success() {
                            return Err(Failure::Answered(status.as_u16()));
                        }
                        response
                            .json::<T>()
                            .await
                            .map_err(|error| Failure::Unavailable(error.to_string()))
                    },
                    |failure| matches!(failure, Failure::Unavailable(_)),
                )
                .await;
            match result {
                Ok(value) => return Ok(value),
                Err(BreakerError::Open(target)) => {
                    return Err(Failure::Unavailable(format!("{target}: circuit open")));
                }
                Err(BreakerError::Failed(Failure::Unavailable(reason)))
                    if attempt + 1 < ATTEMPTS =>
                {
                    tracing::warn!(url, reason, attempt, "upstream call failed; retrying");
                    tokio::time::sleep(backoff(attempt)).await;
                    attempt += 1;
                }
                Err(BreakerError::Failed(failure)) => return Err(failure),
            }
        }
    }

    /// The booking as its owner (or staff) sees it, with the caller's own token: the booking
    /// service decides who may see it, so someone else's booking is a 404 here too.
    pub async fn booking(&self, id: Uuid, token: &str) -> Result<Booking, ApiError> {
        let url = format!("{}/bookings/{id}", self.booking_url);
        match self.get(&self.booking_breaker, &url, Some(token)).await {
            Ok(booking) => Ok(booking),
            Err(Failure::Answered(404)) => Err(ApiError::NotFound("Booking not found".into())),
            Err(Failure::Answered(status)) => Err(ApiError::Unavailable(format!(
                "booking service answered {status}"
            ))),
            Err(Failure::Unavailable(reason)) => {
                Err(ApiError::Unavailable(format!("booking service: {reason}")))
            }
        }
    }

    pub async fn showtime(&self, id: Uuid) -> Result<Showtime, ApiError> {
        let url = format!("{}/showtimes/{id}", self.movie_url);
        match self.get(&self.movie_breaker, &url, None).await {
            Ok(showtime) => Ok(showtime),
            Err(Failure::Answered(404)) => Err(ApiError::NotFound("Showtime not found".into())),
            Err(Failure::Answered(status)) => Err(ApiError::Unavailable(format!(
                "movie service answered {status}"
            ))),
            Err(Failure::Unavailable(reason)) => {
                Err(ApiError::Unavailable(format!("movie service: {reason}")))
            }
        }
    }
}
