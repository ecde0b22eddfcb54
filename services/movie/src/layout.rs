//! Hall layouts: a grid of rows, one character per cell (see the migration for the codes),
//! turned into numbered seats. Validation says exactly what is wrong with a layout.

use serde::Serialize;

pub const MAX_ROWS: usize = 26;
pub const MAX_COLUMNS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeatType {
    Standard,
    Vip,
    Couple,
    Wheelchair,
    Companion,
}

impl SeatType {
    pub fn from_code(code: char) -> Option<Self> {
        Some(match code {
            'S' => Self::Standard,
            'V' => Self::Vip,
            'C' => Self::Couple,
            'W' => Self::Wheelchair,
            'P' => Self::Companion,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Vip => "vip",
            Self::Couple => "couple",
            Self::Wheelchair => "wheelchair",
            Self::Companion => "companion",
        }
    }
}

pub const AISLE: char = '.';

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatSpec {
    pub seat_row: String,
    pub seat_number: i32,
    pub grid_row: i32,
    pub grid_column: i32,
    pub seat_type: SeatType,
    /// The seat number of the other half of a couple seat.
    pub pair_with: Option<i32>,
}

pub fn row_label(index: usize) -> String {
    char::from(b'A' + index as u8).to_string()
}

/// The seats of a layout, or every problem found in it.
pub fn parse(rows: &[String]) -> Result<Vec<SeatSpec>, Vec<String>> {
    let mut problems = Vec::new();
    if rows.is_empty() || rows.len() > MAX_ROWS {
        problems.push(format!("a layout has 1 to {MAX_ROWS} rows"));
    }
    let mut seats = Vec::new();
    for (row_index, row) in rows.iter().take(MAX_ROWS).enumerate() {
        let label = row_label(row_index);
        let cells: Vec<char> = row.chars().collect();
        if cells.is_empty() || cells.len() > MAX_COLUMNS {
            problems.push(format!("row {label} must have 1 to {MAX_COLUMNS} cells"));
            continue;
        }
        let mut number = 0;
        let mut couple_run = 0;
        for (column, &cell) in cells.iter().enumerate() {
            if cell == AISLE {
                if couple_run % 2 == 1 {
                    problems.push(format!("row {label}: couple seats come in pairs"));
                }
                couple_run = 0;
                continue;
            }
            let Some(seat_type) = SeatType::from_code(cell) else {
                problems.push(format!(
                    "row {label}, cell {}: {cell:?} is not a seat code (S, V, C, W, P or '.')",
                    column + 1
                ));
                continue;
            };
            number += 1;
            let pair_with = if seat_type == SeatType::Couple {
                couple_run += 1;
                Some(if couple_run % 2 == 1 {
                    number + 1
                } else {
                    number - 1
                })
            } else {
                if couple_run % 2 == 1 {
                    problems.push(format!("row {label}: couple seats come in pairs"));
                }
                couple_run = 0;
                None
            };
            seats.push(SeatSpec {
                seat_row: label.clone(),
                seat_number: number,
                grid_row: row_index as i32,
                grid_column: column as i32,
                seat_type,
                pair_with,
            });
        }
        if couple_run % 2 == 1 {
            problems.push(format!("row {label}: couple seats come in pairs"));
        }
    }
    if seats.is_empty() && problems.is_empty() {
        problems.push("a layout needs at least one seat".into());
    }
    problems.dedup();
    if problems.is_empty() {
        Ok(seats)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[&str]) -> Vec<String> {
        rows.iter().map(|row| (*row).to_owned()).collect()
    }

    #[test]
    fn seats_are_numbered_along_the_row_skipping_aisles() {
        let seats = parse(&rows(&["SS.SS", "WP.VV"])).unwrap();
        assert_eq!(seats.len(), 8);
        assert_eq!(seats[2].seat_row, "A");
        assert_eq!(seats[2].seat_number, 3);
        assert_eq!(seats[2].grid_column, 3);
        assert_eq!(seats[4].seat_type, SeatType::Wheelchair);
        assert_eq!(seats[5].seat_type, SeatType::Companion);
        assert_eq!(seats[7].seat_row, "B");
    }

    #[test]
    fn couple_seats_pair_up() {
        let seats = parse(&rows(&["CC.CC"])).unwrap();
        let pairs: Vec<_> = seats.iter().map(|seat| seat.pair_with).collect();
        assert_eq!(pairs, [Some(2), Some(1), Some(4), Some(3)]);
    }

    #[test]
    fn problems_are_named() {
        let problems = parse(&rows(&["SCS", "SX"])).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("row A") && p.contains("pairs"))
        );
        assert!(problems.iter().any(|p| p.contains("row B, cell 2")));
        assert!(parse(&[]).is_err());
        assert!(parse(&rows(&["...."])).is_err());
        assert!(parse(&rows(&[&"S".repeat(41)])).is_err());
    }
}
