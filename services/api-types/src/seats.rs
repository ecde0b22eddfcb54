//! Seats as the services exchange them: the catalog's seating of a showtime (layout, prices,
//! blocked seats: what the booking service sells from) and the booking service's live statuses.

use std::{collections::BTreeMap, fmt};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// At most this many seats in one hold or booking (a couple seat counts as two).
pub const MAX_SEATS_PER_HOLD: usize = 10;

/// What a seat of a showtime is, as a seat map shows it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SeatStatus {
    #[default]
    Available,
    Held,
    Booked,
    /// Not for sale in this hall (broken, kept for the cinema).
    Blocked,
}

impl SeatStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Held => "held",
            Self::Booked => "booked",
            Self::Blocked => "blocked",
        }
    }
}

impl fmt::Display for SeatStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a showtime still runs: `scheduled`, or `cancelled` by the cinema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ShowtimeStatus {
    Scheduled,
    Cancelled,
}

/// One seat of a showtime as the catalog sells it: no live status, which only the booking
/// service knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaleSeat {
    pub id: Uuid,
    pub seat_row: String,
    pub seat_number: i32,
    /// `standard`, `vip`, `couple`, `wheelchair` or `companion`.
    pub seat_type: String,
    /// The other half of a couple seat (its number in the same row).
    pub pair_with: Option<i32>,
    /// Where the hall's layout draws it: seats side by side have consecutive columns in the
    /// same row, and an aisle is a column without seats.
    #[serde(default)]
    pub grid_row: i32,
    #[serde(default)]
    pub grid_column: i32,
    /// Whole VND.
    pub price: i64,
    pub blocked: bool,
    /// Kept for the box office: online it is not for sale until the showtime's
    /// `counter_until`.
    #[serde(default)]
    pub counter_only: bool,
}

impl SaleSeat {
    /// The label people read on the seat, e.g. `B6`.
    pub fn label(&self) -> String {
        format!("{}{}", self.seat_row, self.seat_number)
    }
}

/// `GET /showtimes/{id}/seating` of the movie service: what the booking service needs to sell a
/// showtime's seats, and nothing it would throw away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShowtimeSeating {
    pub showtime_id: Uuid,
    pub starts_at: DateTime<Utc>,
    /// The film plus the cleaning buffer: tickets admit until then.
    pub ends_at: DateTime<Utc>,
    pub cinema_id: Uuid,
    pub cinema_name: String,
    /// The cinema's IANA time zone, in which its staff and customers read times.
    pub time_zone: String,
    /// Until when the seats kept for the box office (`counter_only`) are sold only there.
    #[serde(default)]
    pub counter_until: Option<DateTime<Utc>>,
    /// When the cinema frees its wheelchair spaces and companion seats for anyone.
    #[serde(default)]
    pub accessible_release: AccessibleRelease,
    pub status: ShowtimeStatus,
    /// The catalog version this was read at ([`crate::live::CATALOG_VERSION_KEY`] holds the
    /// current one): a copy kept while the two agree is still right.
    pub catalog_version: String,
    pub seats: Vec<SaleSeat>,
}

/// A cinema's rule for freeing wheelchair spaces and companion seats for general sale: until
/// then a wheelchair space is sold only to a guest who says they need it, and a companion seat
/// only with the wheelchair space beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessibleRelease {
    /// `timed` (`minutes` before the show) or `rest_sold` (once every other seat is sold).
    pub rule: String,
    pub minutes: i32,
}

impl Default for AccessibleRelease {
    fn default() -> Self {
        Self {
            rule: ACCESSIBLE_RELEASE_TIMED.into(),
            minutes: 60,
        }
    }
}

pub const ACCESSIBLE_RELEASE_TIMED: &str = "timed";
pub const ACCESSIBLE_RELEASE_REST_SOLD: &str = "rest_sold";
pub const WHEELCHAIR: &str = "wheelchair";
pub const COMPANION: &str = "companion";

impl ShowtimeSeating {
    /// Whether the seats kept for the box office are still sold only there at `now`.
    pub fn counter_seats_kept(&self, now: DateTime<Utc>) -> bool {
        self.counter_until.is_some_and(|until| now < until)
    }
}

/// One seat of a showtime's seat map: where it is drawn, what it is, its price and status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapSeat {
    pub id: Uuid,
    pub seat_row: String,
    pub seat_number: i32,
    pub grid_row: i32,
    pub grid_column: i32,
    /// `standard`, `vip`, `couple`, `wheelchair` or `companion`.
    pub seat_type: String,
    /// The other half of a couple seat (its number in the same row).
    pub pair_with: Option<i32>,
    /// Whole VND.
    pub price: i64,
    pub status: SeatStatus,
    /// Held by the caller (only with the caller's token).
    #[serde(default)]
    pub mine: bool,
    /// Kept for the box office now: staff see its live status, everyone else sees it
    /// `blocked`.
    #[serde(default)]
    pub counter_only: bool,
}

/// `GET /showtimes/{id}/seats` of the movie service: the hall drawn from its layout, each seat
/// with its status, and the version the live feed continues from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatMap {
    pub showtime_id: Uuid,
    pub starts_at: DateTime<Utc>,
    /// A cancelled showtime's seats are not on sale.
    pub showtime_status: ShowtimeStatus,
    /// Increases with every seat change of the showtime.
    pub version: i64,
    pub hall_id: Uuid,
    pub hall_name: String,
    pub layout: Vec<String>,
    pub rows: usize,
    pub columns: usize,
    /// Whole VND per seat type.
    pub prices: BTreeMap<String, i64>,
    pub total_seats: i64,
    pub available_seats: i64,
    /// False when holds and bookings could not be read (the booking service is down): the
    /// statuses then show only blocked seats.
    pub live: bool,
    pub seats: Vec<MapSeat>,
}

/// One held or booked seat of a showtime, in `GET /showtimes/{id}/seat-status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TakenSeat {
    pub seat_id: Uuid,
    pub status: SeatStatus,
    /// Held by the caller (only with the caller's token).
    #[serde(default)]
    pub mine: bool,
}

/// `GET /showtimes/{id}/seat-status` of the booking service: the seats held or booked, and the
/// version the live feed continues from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatStatusResponse {
    pub showtime_id: Uuid,
    pub version: i64,
    pub seats: Vec<TakenSeat>,
}

/// One entry of `GET /showtimes/occupancy?ids=…`: how many seats are booked and held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occupancy {
    pub showtime_id: Uuid,
    pub booked: i64,
    pub held: i64,
}

/// Showtimes one occupancy request may name (a city's day is well below this).
pub const MAX_OCCUPANCY_IDS: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_travel_as_the_lowercase_words_clients_already_read() {
        let json = serde_json::to_string(&[SeatStatus::Available, SeatStatus::Blocked]).unwrap();
        assert_eq!(json, r#"["available","blocked"]"#);
        let held: SeatStatus = serde_json::from_str(r#""held""#).unwrap();
        assert_eq!(held, SeatStatus::Held);
        assert_eq!(SeatStatus::Booked.to_string(), "booked");
    }
}
