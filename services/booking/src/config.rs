//! The booking service's own settings, read once at start; a bad value stops the service with
//! the variable's name. (The settings every service shares are in [`service_kit::config`].)

use std::time::Duration;

use service_kit::config::{parse_var, var};

#[derive(Debug, Clone)]
pub struct BookingConfig {
    /// `HOLD_MINUTES` (8): how long seats stay held while the customer pays.
    pub hold_ttl: Duration,
    /// `MAX_SEATS_PER_CUSTOMER` (10): the most seats one customer may have in a showtime, held
    /// or in bookings awaiting payment (staff at the box office are not limited).
    pub max_seats_per_customer: usize,
    /// `HOLD_REST_MINUTES` (10): how long a customer waits to hold again seats they let go of
    /// or let lapse, so that releasing and holding again cannot keep seats from others.
    pub hold_rest: Duration,
    /// `EXPIRY_SWEEP_SECS` (15): how often unpaid bookings past their time are expired.
    pub expiry_sweep_every: Duration,
    /// `HOLD_LAPSE_CHECK_MS` (500): how often holds Redis let lapse are announced as free.
    pub lapse_check_every: Duration,
    /// `MOVIE_SERVICE_URL` (`http://127.0.0.1:8002`): the catalog, for a showtime's seating.
    pub movie_service_url: String,
    /// `REFUND_CUTOFF_MINUTES` (60): customers cannot cancel (and so be refunded for) a paid
    /// booking this close to its showtime.
    pub refund_cutoff: chrono::Duration,
    /// `SEATING_CACHE_SECS` (60): the longest a showtime's seating is kept without asking the
    /// catalog, even while the catalog's version says it is unchanged (the bound on staleness
    /// should the movie service fail to publish a new version).
    pub seating_cache_ttl: Duration,
    /// `ADMIT_FROM_MINUTES` (60): how long before its start a showtime's tickets are let in at
    /// the door (until the showtime ends).
    pub admit_from: chrono::Duration,
    /// `TICKET_SIGNING_KEY` (none): a base64url Ed25519 seed; without it the key kept in the
    /// database is used (made on first use).
    pub ticket_signing_key: Option<String>,
}

impl BookingConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            hold_ttl: Duration::from_secs(parse_var::<u64>("HOLD_MINUTES", 8)? * 60),
            max_seats_per_customer: parse_var("MAX_SEATS_PER_CUSTOMER", 10)?,
            hold_rest: Duration::from_secs(parse_var::<u64>("HOLD_REST_MINUTES", 10)? * 60),
            expiry_sweep_every: Duration::from_secs(parse_var("EXPIRY_SWEEP_SECS", 15)?),
            lapse_check_every: Duration::from_millis(parse_var("HOLD_LAPSE_CHECK_MS", 500)?),
            movie_service_url: var("MOVIE_SERVICE_URL")
                .unwrap_or_else(|| "http://127.0.0.1:8002".into()),
            refund_cutoff: chrono::Duration::minutes(parse_var("REFUND_CUTOFF_MINUTES", 60)?),
            seating_cache_ttl: Duration::from_secs(parse_var("SEATING_CACHE_SECS", 60)?),
            admit_from: chrono::Duration::minutes(parse_var("ADMIT_FROM_MINUTES", 60)?),
            ticket_signing_key: var("TICKET_SIGNING_KEY").map(|key| key.trim().to_owned()),
        })
    }
}
