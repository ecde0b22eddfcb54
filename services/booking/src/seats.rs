//! The seats a request names, checked against the showtime's seat map from the movie service:
//! by id or by label ("A1"), couple seats completed to their pair, blocked seats refused.

use std::collections::BTreeSet;

use serde::Deserialize;
use service_kit::{
    ApiError, ApiResult,
    http_client::{CallError, ServiceClient},
};
use uuid::Uuid;

pub const MAX_SEATS: usize = 10;

#[derive(Debug, Clone, Deserialize)]
pub struct MapSeat {
    pub id: Uuid,
    pub seat_row: String,
    pub seat_number: i32,
    pub seat_type: String,
    pub pair_with: Option<i32>,
    pub price: i64,
    pub status: String,
}

impl MapSeat {
    pub fn label(&self) -> String {
        format!("{}{}", self.seat_row, self.seat_number)
    }
}

#[derive(Debug, Deserialize)]
pub struct SeatMap {
    pub showtime_id: Uuid,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    /// `scheduled`, or `cancelled` by the cinema.
    pub showtime_status: String,
    pub seats: Vec<MapSeat>,
}

impl SeatMap {
    /// Seats are sold until the showtime starts, and never for a cancelled one.
    pub fn ensure_on_sale(&self) -> ApiResult<()> {
        if self.showtime_status != "scheduled" {
            return Err(ApiError::Conflict(
                "This showtime has been cancelled; its seats are not on sale".into(),
            ));
        }
        if self.starts_at <= chrono::Utc::now() {
            return Err(ApiError::Conflict(
                "This showtime has already started; its seats are no longer on sale".into(),
            ));
        }
        Ok(())
    }
}

fn movie_error(error: CallError) -> ApiError {
    match error {
        CallError::Answered(404) => ApiError::NotFound("Showtime not found".into()),
        other => ApiError::Unavailable(format!("movie service: {other}")),
    }
}

/// Fetches the seat map of a showtime whose seats are on sale; an unknown showtime is a 404, a
/// cancelled or started one a 409.
pub async fn seat_map(movie: &ServiceClient, showtime_id: Uuid) -> ApiResult<SeatMap> {
    let map: SeatMap = movie
        .get_json(&format!("/showtimes/{showtime_id}/seats"), None)
        .await
        .map_err(movie_error)?;
    map.ensure_on_sale()?;
    Ok(map)
}

/// When the showtime starts.
pub async fn showtime_start(
    movie: &ServiceClient,
    showtime_id: Uuid,
) -> ApiResult<chrono::DateTime<chrono::Utc>> {
    #[derive(serde::Deserialize)]
    struct Showtime {
        starts_at: chrono::DateTime<chrono::Utc>,
    }
    let showtime: Showtime = movie
        .get_json(&format!("/showtimes/{showtime_id}"), None)
        .await
        .map_err(movie_error)?;
    Ok(showtime.starts_at)
}

/// The seats `requested` names (ids or labels), in seat-map order, with couple seats completed.
pub fn resolve(map: &SeatMap, requested: &[String]) -> ApiResult<Vec<MapSeat>> {
    if requested.is_empty() {
        return Err(ApiError::BadRequest("Choose at least one seat".into()));
    }
    let mut chosen = BTreeSet::new();
    let mut unknown = Vec::new();
    for name in requested {
        let name = name.trim();
        let found = map.seats.iter().position(|seat| {
            seat.id.to_string() == name.to_lowercase() || seat.label().eq_ignore_ascii_case(name)
        });
        match found {
            Some(index) => {
                chosen.insert(index);
            }
            None => unknown.push(name.to_owned()),
        }
    }
    if !unknown.is_empty() {
        return Err(ApiError::BadRequest(format!(
            "No such seat in this showtime: {}",
            unknown.join(", ")
        )));
    }
    // A couple seat is sold with its partner.
    for index in chosen.clone() {
        let seat = &map.seats[index];
        if let Some(partner) = seat.pair_with
            && let Some(partner_index) = map
                .seats
                .iter()
                .position(|other| other.seat_row == seat.seat_row && other.seat_number == partner)
        {
            chosen.insert(partner_index);
        }
    }
    let seats: Vec<MapSeat> = chosen
        .into_iter()
        .map(|index| map.seats[index].clone())
        .collect();
    if seats.len() > MAX_SEATS {
        return Err(ApiError::BadRequest(format!(
            "At most {MAX_SEATS} seats can be held at once"
        )));
    }
    let blocked: Vec<String> = seats
        .iter()
        .filter(|seat| seat.status == "blocked")
        .map(MapSeat::label)
        .collect();
    if !blocked.is_empty() {
        return Err(ApiError::BadRequest(format!(
            "Not for sale: {}",
            blocked.join(", ")
        )));
    }
    Ok(seats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seat(row: &str, number: i32, kind: &str, pair: Option<i32>, status: &str) -> MapSeat {
        MapSeat {
            id: Uuid::new_v4(),
            seat_row: row.into(),
            seat_number: number,
            seat_type: kind.into(),
            pair_with: pair,
            price: 90_000,
            status: status.into(),
        }
    }

    fn map() -> SeatMap {
        SeatMap {
            showtime_id: Uuid::new_v4(),
            starts_at: chrono::Utc::now() + chrono::Duration::hours(2),
            showtime_status: "scheduled".into(),
            seats: vec![
                seat("A", 1, "standard", None, "available"),
                seat("A", 2, "standard", None, "blocked"),
                seat("B", 1, "couple", Some(2), "available"),
                seat("B", 2, "couple", Some(1), "available"),
            ],
        }
    }

    #[test]
    fn only_a_scheduled_showtime_that_has_not_started_is_on_sale() {
        assert!(map().ensure_on_sale().is_ok());
        let cancelled = SeatMap {
            showtime_status: "cancelled".into(),
            ..map()
        };
        assert_eq!(
            cancelled.ensure_on_sale().unwrap_err().status(),
            axum::http::StatusCode::CONFLICT
        );
        let started = SeatMap {
            starts_at: chrono::Utc::now() - chrono::Duration::minutes(1),
            ..map()
        };
        assert!(started.ensure_on_sale().is_err());
    }

    #[test]
    fn seats_by_label_or_id() {
        let map = map();
        let id = map.seats[0].id.to_string();
        assert_eq!(resolve(&map, &["a1".into()]).unwrap().len(), 1);
        assert_eq!(resolve(&map, &[id.clone(), "A1".into()]).unwrap().len(), 1);
    }

    #[test]
    fn a_couple_seat_comes_with_its_pair() {
        let seats = resolve(&map(), &["B1".into()]).unwrap();
        let labels: Vec<_> = seats.iter().map(MapSeat::label).collect();
        assert_eq!(labels, ["B1", "B2"]);
    }

    #[test]
    fn blocked_unknown_and_empty_requests_are_refused() {
        assert!(resolve(&map(), &["A2".into()]).is_err());
        assert!(resolve(&map(), &["Z9".into()]).is_err());
        assert!(resolve(&map(), &[]).is_err());
    }
}
