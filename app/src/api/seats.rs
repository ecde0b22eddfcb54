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

/// A showtime's page: the showtime, its seat map, and the caller's live hold there if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShowtimeSeats {
    pub showtime: ShowtimeCard,
    pub map: SeatMapView,
    pub hold: Option<HoldView>,
    /// Why seats cannot be chosen (cancelled, already started), judged by the server's clock.
    pub not_on_sale: Option<String>,
}

/// The showtime and its seat map, with the caller's own holds marked; `None` when unknown.
#[server]
pub async fn load_seat_map(showtime_id: String) -> Result<Option<ShowtimeSeats>, ServerFnError> {
    use super::{backend::Backend, catalog::unavailable, session::cookies};

    let backend = expect_context::<Backend>();
    let id: String = showtime_id
        .chars()
        .filter(|c| c.is_ascii_hexdigit() || *c == '-')
        .collect();
    let showtime = match backend
        .movie_get::<ShowtimeCard>(&format!("/showtimes/{id}"))
        .await
    {
        Ok(showtime) => showtime,
        Err(error) if matches!(error.status(), Some(404)) => return Ok(None),
        Err(error) => return Err(unavailable(error)),
    };
    let map: SeatMapView = backend
        .movie_get_as(
            &format!("/showtimes/{id}/seats"),
            cookies::access_token().as_deref(),
        )
        .await
        .map_err(unavailable)?;
    // The page still works (without the countdown) if the booking service is away.
    let hold = super::booking::current_hold(id).await.unwrap_or_default();
    let started = chrono::DateTime::parse_from_rfc3339(&map.starts_at)
        .is_ok_and(|starts| starts <= chrono::Utc::now());
    let not_on_sale = if map.showtime_status == "cancelled" {
        Some("The cinema has cancelled this showtime. Any tickets for it are cancelled and refunded in full.".to_owned())
    } else if started {
        Some("This showtime has started; its tickets are no longer on sale.".to_owned())
    } else {
        None
    };
    Ok(Some(ShowtimeSeats {
        showtime,
        map,
        hold,
        not_on_sale,
    }))
}
