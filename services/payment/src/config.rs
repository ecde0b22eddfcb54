//! The payment service's own settings, read once at start; a bad value stops the service with
//! the variable's name.

use std::time::Duration;

use service_kit::config::{parse_var, var};

#[derive(Debug, Clone)]
pub struct PaymentConfig {
    /// `BOOKING_SERVICE_URL` (`http://127.0.0.1:8003`): the bookings being paid for.
    pub booking_service_url: String,
    /// `MOVIE_SERVICE_URL` (`http://127.0.0.1:8002`): showtimes, for the refund cutoff.
    pub movie_service_url: String,
    /// `SLOW_CARD_SECS` (30): how long the simulated processor takes with the slow test card.
    pub slow_card_delay: Duration,
    /// `PAYMENT_PROVIDER_TIMEOUT_SECS` (8): how long a charge may take before it is given up.
    pub provider_timeout: Duration,
    /// `REFUND_CUTOFF_MINUTES` (60): no refunds (except by staff) this close to the showtime.
    pub refund_cutoff: chrono::Duration,
    /// `IDEMPOTENCY_RETENTION_HOURS` (24): how long a payment's idempotency key replays its
    /// answer (as card platforms do); after that the key is forgotten.
    pub idempotency_retention: Duration,
}

impl PaymentConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            booking_service_url: var("BOOKING_SERVICE_URL")
                .unwrap_or_else(|| "http://127.0.0.1:8003".into()),
            movie_service_url: var("MOVIE_SERVICE_URL")
                .unwrap_or_else(|| "http://127.0.0.1:8002".into()),
            slow_card_delay: Duration::from_secs(parse_var("SLOW_CARD_SECS", 30)?),
            provider_timeout: Duration::from_secs(parse_var("PAYMENT_PROVIDER_TIMEOUT_SECS", 8)?),
            refund_cutoff: chrono::Duration::minutes(parse_var("REFUND_CUTOFF_MINUTES", 60)?),
            idempotency_retention: Duration::from_secs(
                parse_var::<u64>("IDEMPOTENCY_RETENTION_HOURS", 24)? * 3600,
            ),
        })
    }
}
