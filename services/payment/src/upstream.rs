//! The payment service's reads from the booking and movie services, through
//! [`ServiceClient`]s (timeouts, retries with backoff and jitter, a circuit breaker each).

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use service_kit::{
    ApiError,
    http_client::{CallError, ServiceClient},
};
use uuid::Uuid;

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
    booking: ServiceClient,
    movie: ServiceClient,
}

fn api_error(service: &str, what: &str, error: CallError) -> ApiError {
    match error {
        CallError::Answered(404) => ApiError::NotFound(format!("{what} not found")),
        other => ApiError::Unavailable(format!("{service} service: {other}")),
    }
}

impl Upstream {
    pub fn new(
        booking_url: &str,
        movie_url: &str,
        timeout: Duration,
        registry: Option<&prometheus::Registry>,
    ) -> Self {
        Self {
            booking: ServiceClient::new("booking", booking_url, timeout, registry),
            movie: ServiceClient::new("movie", movie_url, timeout, registry),
        }
    }

    /// The booking as its owner (or staff) sees it, with the caller's own token: the booking
    /// service decides who may see it, so someone else's booking is a 404 here too.
    pub async fn booking(&self, id: Uuid, token: &str) -> Result<Booking, ApiError> {
        self.booking
            .get_json(&format!("/bookings/{id}"), Some(&format!("Bearer {token}")))
            .await
            .map_err(|error| api_error("booking", "Booking", error))
    }

    pub async fn showtime(&self, id: Uuid) -> Result<Showtime, ApiError> {
        self.movie
            .get_json(&format!("/showtimes/{id}"), None)
            .await
            .map_err(|error| api_error("movie", "Showtime", error))
    }
}
