//! Showtimes: a movie in a hall at a time, with a price per seat type, shown in the cinema's own
//! time zone; their seat maps; and the rules a scheduled showtime must keep.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use service_kit::{FieldError, Validator};
use sqlx::types::Json as SqlJson;
use uuid::Uuid;

use crate::{cinemas::Cinema, movies::MovieResponse};

fn is_empty(titles: &SqlJson<BTreeMap<String, String>>) -> bool {
    titles.0.is_empty()
}

/// A showtime as listings answer it, with its seats left.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Showtime {
    pub id: Uuid,
    pub movie_id: Uuid,
    pub movie_title: String,
    /// The film's title in other languages than English, by language code.
    #[serde(skip_serializing_if = "is_empty")]
    #[schema(value_type = BTreeMap<String, String>)]
    pub movie_titles: SqlJson<BTreeMap<String, String>>,
    pub theater_id: Uuid,
    pub theater_name: String,
    pub city: String,
    pub hall_id: Uuid,
    pub hall_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The start's date in the cinema's time zone, `YYYY-MM-DD`.
    pub show_date: String,
    /// The start's wall-clock time in the cinema's time zone, `HH:MM:SS`.
    pub show_time: String,
    pub format: String,
    pub audio_language: String,
    pub subtitle_language: Option<String>,
    /// Price per seat type, whole VND.
    #[schema(value_type = BTreeMap<String, i64>)]
    pub prices: SqlJson<BTreeMap<String, i64>>,
    /// The standard seat's price, as the original reported one price.
    pub price: i64,
    pub total_seats: i64,
    /// Seats for sale in the hall (not blocked), taken or not.
    pub open_seats: i64,
    /// Seats neither blocked, booked nor held right now (`open_seats` when the booking service
    /// cannot be asked).
    pub available_seats: i64,
    /// `scheduled`, or `cancelled` by the cinema.
    pub status: String,
}

/// Filters of `GET /showtimes`. Parameters it does not know are ignored, as the original's
/// clients send some (`skip`, say) that Marquee names otherwise.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShowtimeFilter {
    /// Only showtimes of this film.
    pub movie_id: Option<Uuid>,
    /// The cinema; `cinema_id` is accepted too.
    #[serde(alias = "cinema_id")]
    pub theater_id: Option<Uuid>,
    /// Only showtimes in cinemas of this city (any case).
    pub city: Option<String>,
    /// A day in the cinema's time zone; the original called it `show_date`.
    #[serde(alias = "show_date")]
    pub date: Option<NaiveDate>,
    /// At most this many (1 to 500); every match when absent, as the original answered.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// Matches to pass over first; the original called it `skip`.
    #[serde(default, alias = "skip")]
    #[param(minimum = 0)]
    pub offset: i64,
}

pub const MAX_SHOWTIMES_PAGE: i64 = 500;

/// A showtime with its film and its cinema.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShowtimeDetail {
    #[serde(flatten)]
    pub showtime: Showtime,
    pub movie: MovieResponse,
    pub theater: Cinema,
    /// The seats an admin marked for the box office (labels; the cinema's number applies when
    /// there are none).
    pub counter_seats: Vec<String>,
}

pub use api_types::seats::{MapSeat, SeatMap};

/// A seat of a hall as stored: where it is drawn, what it is, whether it is for sale.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HallSeat {
    pub id: Uuid,
    pub seat_row: String,
    pub seat_number: i32,
    pub grid_row: i32,
    pub grid_column: i32,
    pub seat_type: String,
    pub pair_with: Option<i32>,
    pub is_blocked: bool,
}

/// The hall's seats that `names` (labels or ids) name, or the names that name none.
pub fn seats_named(seats: &[HallSeat], names: &[String]) -> Result<Vec<Uuid>, Vec<String>> {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for name in names
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
    {
        let seat = seats.iter().find(|seat| {
            seat.id.to_string() == name.to_lowercase()
                || format!("{}{}", seat.seat_row, seat.seat_number).eq_ignore_ascii_case(name)
        });
        match seat {
            Some(seat) if !found.contains(&seat.id) => found.push(seat.id),
            Some(_) => {}
            None => unknown.push(name.to_owned()),
        }
    }
    if unknown.is_empty() {
        Ok(found)
    } else {
        Err(unknown)
    }
}

impl Showtime {
    /// What a seat of `seat_type` costs at this showtime: its type's price, else the standard.
    pub fn price_of(&self, seat_type: &str) -> i64 {
        let prices = &self.prices.0;
        prices
            .get(seat_type)
            .or_else(|| prices.get("standard"))
            .copied()
            .unwrap_or_default()
    }
}

/// The original's summary of a showtime's seats: the counts, and the seats for sale and the
/// seats sold themselves.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Availability {
    pub showtime_id: Uuid,
    pub total_seats: i64,
    pub available_count: i64,
    pub booked_count: i64,
    pub held_count: i64,
    pub blocked_count: i64,
    pub available_seats: Vec<SeatSummary>,
    pub booked_seats: Vec<SeatSummary>,
}

/// A seat as the original's lists named it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SeatSummary {
    pub id: Uuid,
    pub seat_row: String,
    pub seat_number: i32,
    /// `standard`, `vip`, `couple`, `wheelchair` or `companion`.
    pub seat_type: String,
}

impl From<&MapSeat> for SeatSummary {
    fn from(seat: &MapSeat) -> Self {
        Self {
            id: seat.id,
            seat_row: seat.seat_row.clone(),
            seat_number: seat.seat_number,
            seat_type: seat.seat_type.clone(),
        }
    }
}

const FORMATS: [&str; 3] = ["2D", "3D", "IMAX"];

/// A showtime as an admin schedules or saves it: `starts_at` or `local_start` is required.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowtimeInput {
    pub movie_id: Uuid,
    pub hall_id: Uuid,
    /// The start as an instant...
    pub starts_at: Option<DateTime<Utc>>,
    /// ...or as the cinema's wall-clock time, e.g. `2026-11-27T19:30` (no offset).
    #[schema(value_type = Option<String>)]
    pub local_start: Option<NaiveDateTime>,
    /// `2D` (the default), `3D` or `IMAX`.
    #[serde(default = "default_format")]
    pub format: String,
    pub audio_language: String,
    pub subtitle_language: Option<String>,
    /// Whole VND per seat type; `standard` is required, other types default to it.
    pub prices: BTreeMap<String, i64>,
    /// Seats (labels like `F7`, or ids) kept for the box office; given, they replace those
    /// marked before (an empty list unmarks them all).
    #[serde(default)]
    pub counter_seats: Option<Vec<String>>,
}

fn default_format() -> String {
    "2D".into()
}

/// Seat types a price may be given for.
const SEAT_TYPES: [&str; 5] = ["standard", "vip", "couple", "wheelchair", "companion"];

impl ShowtimeInput {
    /// The fields that are wrong, each named, for a showtime starting at `starts_at`.
    pub fn validate(&self, starts_at: DateTime<Utc>) -> Result<(), Vec<FieldError>> {
        Validator::default()
            .check(FORMATS.contains(&self.format.as_str()), "format", "Use 2D, 3D or IMAX")
            .check(
                !self.audio_language.trim().is_empty(),
                "audio_language",
                "An audio language is required",
            )
            .check(self.prices.contains_key("standard"), "prices", "A standard price is required")
            .check(
                self.prices.iter().all(|(kind, price)| {
                    SEAT_TYPES.contains(&kind.as_str()) && (0..=100_000_000).contains(price)
                }),
                "prices",
                "Prices are whole VND, 0-100,000,000, for standard, vip, couple, wheelchair or companion seats",
            )
            .check(starts_at > Utc::now(), "starts_at", "A showtime must start in the future")
            .at_most(50, "audio_language", [self.audio_language.as_str()])
            .at_most(50, "subtitle_language", self.subtitle_language.as_deref())
            .verdict()
    }
}
