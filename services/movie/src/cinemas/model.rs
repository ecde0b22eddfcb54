//! Cinemas (the original's "theaters") as the catalog answers them, with their halls and seats,
//! and the rules an added or edited cinema must keep.

use serde::{Deserialize, Serialize};
use service_kit::{FieldError, Validator};
use uuid::Uuid;

/// One hall of a cinema, with its seat count.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HallSummary {
    pub id: Uuid,
    pub name: String,
    pub total_seats: i64,
}

/// A cinema (the original's "theater") with its halls.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Cinema {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub address: String,
    /// The original's name for the address.
    pub location: String,
    pub city: String,
    /// The cinema's IANA time zone (e.g. `Asia/Ho_Chi_Minh`), in which its showtimes are read.
    pub time_zone: String,
    /// Seats of each showtime kept for the box office when none are marked for it (0 to 200).
    #[schema(minimum = 0, maximum = 200)]
    pub counter_seats_per_showtime: i32,
    /// Minutes before the show when seats kept for the box office go on sale online (0 to
    /// 10,080, a week).
    #[schema(minimum = 0, maximum = 10080)]
    pub counter_release_minutes: i32,
    /// When wheelchair spaces and companion seats are freed for anyone: `timed`
    /// (`accessible_release_minutes` before the show) or `rest_sold` (once every other seat of
    /// the showtime is sold).
    pub accessible_release: String,
    /// Minutes before the show when a `timed` release frees them (0 to 10,080, a week).
    #[schema(minimum = 0, maximum = 10080)]
    pub accessible_release_minutes: i32,
    pub total_seats: i64,
    #[sqlx(json)]
    pub halls: Vec<HallSummary>,
}

/// Filters of `GET /theaters`; parameters it does not know are ignored, as the original did.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CinemaFilter {
    /// Only the cinemas of this city (any case).
    pub city: Option<String>,
}

/// A seat of a cinema's hall, as the original listed it.
#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Seat {
    pub id: Uuid,
    pub theater_id: Uuid,
    pub hall_id: Uuid,
    pub seat_row: String,
    pub seat_number: i32,
    /// `standard`, `vip`, `couple`, `wheelchair` or `companion`.
    pub seat_type: String,
    pub is_blocked: bool,
}

/// A cinema as an admin adds or saves it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CinemaInput {
    pub slug: String,
    pub name: String,
    pub address: String,
    pub city: String,
    /// An IANA time zone PostgreSQL knows, at most 64 characters.
    #[serde(default = "default_time_zone")]
    #[schema(default = default_time_zone)]
    pub time_zone: String,
    /// Seats of each showtime kept for the box office when none are marked for it.
    #[serde(default)]
    #[schema(default = 0, minimum = 0, maximum = 200)]
    pub counter_seats_per_showtime: i32,
    /// Minutes before the show when seats kept for the box office go on sale online (at most
    /// a week).
    #[serde(default = "default_counter_release_minutes")]
    #[schema(default = default_counter_release_minutes, minimum = 0, maximum = 10080)]
    pub counter_release_minutes: i32,
    /// When wheelchair spaces and companion seats are freed for anyone: `timed`
    /// (`accessible_release_minutes` before the show) or `rest_sold` (once every other seat of
    /// the showtime is sold).
    #[serde(default = "default_accessible_release")]
    #[schema(default = default_accessible_release)]
    pub accessible_release: String,
    /// Minutes before the show when a `timed` release frees them (at most a week).
    #[serde(default = "default_accessible_release_minutes")]
    #[schema(default = default_accessible_release_minutes, minimum = 0, maximum = 10080)]
    pub accessible_release_minutes: i32,
}

fn default_accessible_release() -> String {
    api_types::seats::ACCESSIBLE_RELEASE_TIMED.into()
}

fn default_accessible_release_minutes() -> i32 {
    60
}

fn default_counter_release_minutes() -> i32 {
    30
}

fn default_time_zone() -> String {
    "Asia/Ho_Chi_Minh".into()
}

impl CinemaInput {
    /// The fields that are wrong, each named; `known_zone` says whether PostgreSQL knows the
    /// time zone.
    pub fn validate(&self, known_zone: bool) -> Result<(), Vec<FieldError>> {
        Validator::default()
            .check(
                !self.slug.is_empty()
                    && self
                        .slug
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "slug",
                "Use lower-case letters, digits and '-'",
            )
            .check(!self.name.trim().is_empty(), "name", "A name is required")
            .check(
                !self.address.trim().is_empty(),
                "address",
                "An address is required",
            )
            .check(!self.city.trim().is_empty(), "city", "A city is required")
            .at_most(80, "slug", [self.slug.as_str()])
            .at_most(200, "name", [self.name.as_str()])
            .at_most(300, "address", [self.address.as_str()])
            .at_most(100, "city", [self.city.as_str()])
            .at_most(64, "time_zone", [self.time_zone.as_str()])
            .check(
                known_zone,
                "time_zone",
                "Use an IANA time zone such as Asia/Ho_Chi_Minh",
            )
            .check(
                (0..=200).contains(&self.counter_seats_per_showtime),
                "counter_seats_per_showtime",
                "Keep 0-200 seats per showtime for the box office",
            )
            .check(
                (0..=10_080).contains(&self.counter_release_minutes),
                "counter_release_minutes",
                "Release them 0-10,080 minutes (a week) before the show",
            )
            .check(
                [
                    api_types::seats::ACCESSIBLE_RELEASE_TIMED,
                    api_types::seats::ACCESSIBLE_RELEASE_REST_SOLD,
                ]
                .contains(&self.accessible_release.as_str()),
                "accessible_release",
                "Release wheelchair and companion seats by time (timed) or once the rest is sold (rest_sold)",
            )
            .check(
                (0..=10_080).contains(&self.accessible_release_minutes),
                "accessible_release_minutes",
                "Release them 0-10,080 minutes (a week) before the show",
            )
            .verdict()
    }
}
