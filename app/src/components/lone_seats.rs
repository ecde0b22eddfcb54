//! Seats a choice would strand: a single free seat between the chosen seats and a taken seat,
//! an aisle or the row's end, which no one is likely to buy. The choice is allowed, but the
//! customer is told which seat and how to avoid it ("F7 would be left alone: choose it too, or
//! move one seat left"), as the best seat maps do.

use std::collections::HashMap;

use leptos::prelude::*;

use super::seat_picker::SeatPicker;
use crate::t;

/// What a seat is, for this check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Free,
    Chosen,
    /// Held, booked, blocked, or not the same kind of seat (wheelchair and companion spaces).
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub label: String,
    pub grid_row: i32,
    pub grid_column: i32,
    pub kind: Kind,
}

/// A seat the choice would leave alone, and on which side of it the choice is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoneSeat {
    pub label: String,
    pub chosen_left: bool,
    pub chosen_right: bool,
}

impl LoneSeat {
    /// What to tell the customer.
    pub fn advice(&self) -> String {
        // Which way the choice can move to leave no gap: the selector of `lone-seat-advice`.
        let way = match (self.chosen_left, self.chosen_right) {
            (true, true) => "none",
            (false, true) => "left",
            _ => "right",
        };
        t!("lone-seat-advice", seat = self.label.as_str(), way = way)
    }
}

/// Every free seat with nothing free beside it (a taken seat, an aisle or the row's end on each
/// side) and a chosen seat on at least one side, in row and column order.
pub fn lone_seats(cells: &[Cell]) -> Vec<LoneSeat> {
    let at: HashMap<(i32, i32), Kind> = cells
        .iter()
        .map(|cell| ((cell.grid_row, cell.grid_column), cell.kind))
        .collect();
    let mut lone: Vec<(i32, i32, LoneSeat)> = cells
        .iter()
        .filter(|cell| cell.kind == Kind::Free)
        .filter_map(|cell| {
            let beside = |step: i32| at.get(&(cell.grid_row, cell.grid_column + step)).copied();
            let (left, right) = (beside(-1), beside(1));
            let open = |side: Option<Kind>| side == Some(Kind::Free);
            let chosen = |side: Option<Kind>| side == Some(Kind::Chosen);
            (!open(left) && !open(right) && (chosen(left) || chosen(right))).then(|| {
                let seat = LoneSeat {
                    label: cell.label.clone(),
                    chosen_left: chosen(left),
                    chosen_right: chosen(right),
                };
                (cell.grid_row, cell.grid_column, seat)
            })
        })
        .collect();
    lone.sort_by_key(|(row, column, _)| (*row, *column));
    lone.into_iter().map(|(_, _, seat)| seat).collect()
}

impl SeatPicker {
    /// The advice about the first seat the current choice would leave alone, while the seats are
    /// being chosen (not once they are held).
    pub fn lone_seat_warning(&self) -> Option<String> {
        if self.hold.with(Option::is_some) || self.selected.with(Vec::is_empty) {
            return None;
        }
        let selected = self.selected.get();
        let cells: Vec<Cell> = self.seats.with_value(|seats| {
            seats
                .values()
                .map(|seat| {
                    let accessible = matches!(seat.seat_type.as_str(), "wheelchair" | "companion");
                    let kind = if selected.contains(&seat.id) {
                        Kind::Chosen
                    } else if !accessible && self.state(&seat.id).status == "available" {
                        Kind::Free
                    } else {
                        Kind::Closed
                    };
                    Cell {
                        label: seat.label(),
                        grid_row: seat.grid_row,
                        grid_column: seat.grid_column,
                        kind,
                    }
                })
                .collect()
        });
        lone_seats(&cells).first().map(LoneSeat::advice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row from text: `S` free, `o` chosen, `x` taken, `.` an aisle; seats numbered from 1.
    fn row(text: &str) -> Vec<Cell> {
        let mut number = 0;
        text.chars()
            .enumerate()
            .filter(|(_, cell)| *cell != '.')
            .map(|(column, cell)| {
                number += 1;
                Cell {
                    label: format!("F{number}"),
                    grid_row: 0,
                    grid_column: column as i32,
                    kind: match cell {
                        'o' => Kind::Chosen,
                        'x' => Kind::Closed,
                        _ => Kind::Free,
                    },
                }
            })
            .collect()
    }

    fn advice(text: &str) -> Vec<String> {
        crate::i18n::set_language(crate::i18n::Language::english());
        lone_seats(&row(text))
            .iter()
            .map(LoneSeat::advice)
            .collect()
    }

    #[test]
    fn a_seat_between_the_choice_and_a_taken_one_is_named_with_the_way_out() {
        assert_eq!(
            advice("xSooSS.S"),
            ["F2 would be left alone: choose it too, or move one seat left."]
        );
        assert_eq!(
            advice("SSSooS"),
            ["F6 would be left alone: choose it too, or move one seat right."]
        );
    }

    #[test]
    fn an_aisle_or_the_rows_end_strands_a_seat_as_a_taken_one_does() {
        assert_eq!(
            advice("SS.Sooo"),
            ["F3 would be left alone: choose it too, or move one seat left."]
        );
        assert_eq!(advice("ooSoo"), ["F3 would be left alone: choose it too."]);
    }

    #[test]
    fn a_choice_that_strands_no_one_says_nothing() {
        assert!(advice("SSooSS").is_empty());
        assert!(advice("ooSS").is_empty());
        // A lone seat that was lone before the choice is not the customer's doing.
        assert!(advice("xSxooSS").is_empty());
    }
}
