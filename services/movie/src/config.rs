//! The movie service's own settings, read once at start; a bad value stops the service with the
//! variable's name.

use std::time::Duration;

use service_kit::config::{parse_var, var};

#[derive(Debug, Clone)]
pub struct MovieConfig {
    /// `CATALOG_CACHE_SECS` (60): how long a catalog answer is kept in memory at most.
    pub catalog_cache_secs: u64,
    /// `CLEANING_BUFFER_MINUTES` (20): minutes a hall needs between two showtimes.
    pub cleaning_buffer_minutes: i32,
    /// `BOOKING_SERVICE_URL` (`http://127.0.0.1:8003`): where holds and bookings are known.
    pub booking_service_url: String,
    /// `CATALOG_HOUSEKEEPING_SECS` (3600): how often films open on their release day (and the
    /// demo programme is kept a week ahead).
    pub housekeeping_every: Duration,
    /// `DEMO_DATA` (`off`): `on` keeps the demo catalog's programme a week ahead.
    pub demo_data: bool,
}

impl MovieConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            catalog_cache_secs: parse_var("CATALOG_CACHE_SECS", 60)?,
            cleaning_buffer_minutes: parse_var("CLEANING_BUFFER_MINUTES", 20)?,
            booking_service_url: var("BOOKING_SERVICE_URL")
                .unwrap_or_else(|| "http://127.0.0.1:8003".into()),
            housekeeping_every: Duration::from_secs(parse_var("CATALOG_HOUSEKEEPING_SECS", 3600)?),
            demo_data: service_kit::config::demo_data_requested(),
        })
    }
}
