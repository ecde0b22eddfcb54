//! The seat map of a showtime, as the page draws it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{booking::HoldView, catalog::ShowtimeCard};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatView {
    pub id: String,
    pub seat_row: String,
    pub seat_number: i32,
    pub grid_row: i32,
    pub grid_column: i32,
    pub seat_type: String,
    /// The seat number of the other half of a couple seat.
    #[serde(default)]
    pub pair_with: Option<i32>,
    pub price: i64,
    pub status: String,
    #[serde(default)]
    pub mine: bool,
    /// Kept for the box office: not for sale online, whatever the live feed says of it.
    #[serde(default)]
    pub counter_only: bool,
}

impl SeatView {
    pub fn label(&self) -> String {
        format!("{}{}", self.seat_row, self.seat_number)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatMapView {
    pub showtime_id: String,
    /// `scheduled`, or `cancelled` by the cinema.
    #[serde(default = "scheduled")]
    pub showtime_status: String,
    #[serde(default)]
    pub starts_at: String,
    pub version: i64,
    pub rows: usize,
    pub columns: usize,
    pub prices: std::collections::BTreeMap<String, i64>,
    pub available_seats: i64,
    pub total_seats: i64,
    pub live: bool,
    pub seats: Vec<SeatView>,
}

fn scheduled() -> String {
    "scheduled".into()
}

impl From<api_types::seats::SeatMap> for SeatMapView {
    /// The movie service's seat map as the page draws it.
    fn from(map: api_types::seats::SeatMap) -> Self {
        Self {
            showtime_id: map.showtime_id.to_string(),
            showtime_status: match map.showtime_status {
                api_types::seats::ShowtimeStatus::Scheduled => "scheduled",
                api_types::seats::ShowtimeStatus::Cancelled => "cancelled",
            }
            .to_owned(),
            starts_at: map.starts_at.to_rfc3339(),
            version: map.version,
            rows: map.rows,
            columns: map.columns,
            prices: map.prices,
            available_seats: map.available_seats,
            total_seats: map.total_seats,
            live: map.live,
            seats: map
                .seats
                .into_iter()
                .map(|seat| SeatView {
                    id: seat.id.to_string(),
                    seat_row: seat.seat_row,
                    seat_number: seat.seat_number,
                    grid_row: seat.grid_row,
                    grid_column: seat.grid_column,
                    seat_type: seat.seat_type,
                    pair_with: seat.pair_with,
                    price: seat.price,
                    status: seat.status.to_string(),
                    mine: seat.mine,
                    counter_only: seat.counter_only,
                })
                .collect(),
        }
    }
}

/// A showtime's page: the showtime, its seat map, and the caller's live hold there if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShowtimeSeats {
    pub showtime: ShowtimeCard,
    pub map: SeatMapView,
    pub hold: Option<HoldView>,
    /// Why seats cannot be chosen (cancelled, already started), judged by the server's clock.
    pub not_on_sale: Option<String>,
    /// Rendered alike for every signed-in visitor: whether the caller holds seats here is asked
    /// by the browser once hydrated. (Its own seats' marks come with the live feed's snapshot.)
    #[serde(default)]
    pub hold_asked_later: bool,
}

/// The showtime and its seat map, with the caller's own holds marked; `None` when unknown.
#[server]
pub async fn load_seat_map(showtime_id: String) -> Result<Option<ShowtimeSeats>, ServerFnError> {
    use super::{backend::Backend, catalog::unavailable, session::cookies};

    let backend = expect_context::<Backend>();
    let id = super::uuid_only(&showtime_id);
    let token = cookies::access_token();
    // Independent reads, so the page waits for the slowest, not for their sum. The page still
    // works (without the countdown) if the booking service is away.
    let (showtime_path, map_path) = (format!("/showtimes/{id}"), format!("/showtimes/{id}/seats"));
    let (showtime, map, hold) = tokio::join!(
        backend.movie_get::<ShowtimeCard>(&showtime_path),
        backend.movie_get_as::<api_types::seats::SeatMap>(&map_path, token.as_deref()),
        super::booking::current_hold(id.clone()),
    );
    let showtime = match showtime {
        Ok(showtime) => showtime,
        Err(error) if matches!(error.status(), Some(404)) => return Ok(None),
        Err(error) => return Err(unavailable(error)),
    };
    let map: SeatMapView = map.map_err(unavailable)?.into();
    let hold = hold.unwrap_or_default();
    let started = chrono::DateTime::parse_from_rfc3339(&map.starts_at)
        .is_ok_and(|starts| starts <= chrono::Utc::now());
    let not_on_sale = if map.showtime_status == "cancelled" {
        Some(crate::t!("showtime-cancelled"))
    } else if started {
        Some(crate::t!("showtime-started"))
    } else {
        None
    };
    Ok(Some(ShowtimeSeats {
        showtime,
        map,
        hold,
        not_on_sale,
        hold_asked_later: super::session::rendering_for_members(),
    }))
}
