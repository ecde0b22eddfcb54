//! Halls: a named room of a cinema with its seat layout; the seats are derived from the layout.
//! The types, and the rules a layout must keep.

use serde::Deserialize;
use service_kit::FieldError;
use uuid::Uuid;

use crate::{
    error::{CatalogError, CatalogResult},
    layout,
};

/// A hall as an admin adds or saves it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HallInput {
    /// At most 100 characters.
    pub name: String,
    /// One string a row (1 to 26 rows, `A` nearest the screen), one character a cell (1 to 40
    /// cells): `S` standard, `V` VIP, `C` couple (always in pairs), `W` wheelchair space, `P`
    /// companion seat, `.` aisle or gap. Seats are numbered from 1 along the row, gaps
    /// skipped; a layout has at least one seat.
    pub layout: Vec<String>,
    /// Seats that cannot be sold, e.g. `["B5"]`.
    #[serde(default)]
    pub blocked: Vec<String>,
}

/// A hall as added or saved.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct HallCreated {
    pub id: Uuid,
    pub name: String,
    pub total_seats: i64,
}

pub use api_types::catalog::HallDetail;

pub fn label(seat: &layout::SeatSpec) -> String {
    format!("{}{}", seat.seat_row, seat.seat_number)
}

/// The layout's seats; every seat `blocked` names must be one of them.
pub fn parse(rows: &[String], blocked: &[String]) -> CatalogResult<Vec<layout::SeatSpec>> {
    let seats = layout::parse(rows).map_err(|problems| {
        CatalogError::Invalid(
            problems
                .into_iter()
                .map(|problem| FieldError::body("layout", problem))
                .collect(),
        )
    })?;
    let unknown: Vec<&str> = blocked
        .iter()
        .map(String::as_str)
        .filter(|name| !seats.iter().any(|seat| label(seat) == *name))
        .collect();
    if !unknown.is_empty() {
        return Err(CatalogError::invalid(
            "blocked",
            format!("No such seat in the layout: {}", unknown.join(", ")),
        ));
    }
    Ok(seats)
}
