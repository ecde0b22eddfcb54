//! The payment service's reads from the booking and movie services, through
//! [`ServiceClient`]s (timeouts, retries with backoff and jitter, a circuit breaker each).

use std::time::Duration;

use api_types::bookings::Booking;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use service_kit::http_client::{CallError, ServiceClient};
use uuid::Uuid;

use crate::error::{PaymentError, PaymentResult};

#[derive(Debug, Clone, Deserialize)]
pub struct Showtime {
    pub starts_at: DateTime<Utc>,
}

#[derive(Clone)]
pub struct Upstream {
    booking: ServiceClient,
    movie: ServiceClient,
}

fn upstream_error(service: &str, what: &'static str, error: CallError) -> PaymentError {
    match error {
        CallError::Answered(404) => PaymentError::NotFound(what),
        other => PaymentError::Upstream(format!("{service} service: {other}")),
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
    pub async fn booking(&self, id: Uuid, token: &str) -> PaymentResult<Booking> {
        self.booking
            .get_json(&format!("/bookings/{id}"), Some(&format!("Bearer {token}")))
            .await
            .map_err(|error| upstream_error("booking", "Booking", error))
    }

    pub async fn showtime(&self, id: Uuid) -> PaymentResult<Showtime> {
        self.movie
            .get_json(&format!("/showtimes/{id}"), None)
            .await
            .map_err(|error| upstream_error("movie", "Showtime", error))
    }
}
