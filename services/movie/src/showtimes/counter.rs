//! Seats kept for the box office: the seats an admin marked for a showtime, else the cinema's
//! number of seats per showtime, chosen as the hall's best (about two thirds back, nearest the
//! centre; standard and VIP only, so accessible and couple seats stay on open sale). Online
//! they are not for sale until the cinema's release time before the show.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::HallSeat;

/// What decides a showtime's counter seats: the cinema's rule and the admin's marks.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CounterRules {
    pub cinema_id: Uuid,
    pub cinema_name: String,
    pub time_zone: String,
    pub per_showtime: i32,
    pub release_minutes: i32,
    /// Seats the admin marked for this showtime (these win over `per_showtime`).
    pub marked: Vec<Uuid>,
    /// The cinema's rule for freeing its wheelchair spaces and companion seats.
    pub accessible_release: String,
    pub accessible_release_minutes: i32,
}

impl CounterRules {
    /// The showtime's counter seats among the hall's `seats`.
    pub fn seats(&self, seats: &[HallSeat]) -> HashSet<Uuid> {
        if !self.marked.is_empty() {
            return self.marked.iter().copied().collect();
        }
        best_seats(seats, self.per_showtime.max(0) as usize)
            .into_iter()
            .collect()
    }

    /// Until when counter seats are sold only at the box office (`None` without any).
    pub fn until(&self, starts_at: DateTime<Utc>, kept: &HashSet<Uuid>) -> Option<DateTime<Utc>> {
        (!kept.is_empty()).then(|| starts_at - Duration::minutes(self.release_minutes.into()))
    }
}

/// The `count` best open standard or VIP seats: rows nearest two thirds back first, then
/// nearest the centre of the row; ties by position, so the choice is always the same.
pub fn best_seats(seats: &[HallSeat], count: usize) -> Vec<Uuid> {
    if count == 0 {
        return Vec::new();
    }
    let last_row = seats.iter().map(|seat| seat.grid_row).max().unwrap_or(0);
    let last_column = seats.iter().map(|seat| seat.grid_column).max().unwrap_or(0);
    // Doubled, so that the two-thirds row and the centre are whole numbers.
    let target_row = last_row * 4 / 3;
    let centre = last_column;
    let mut candidates: Vec<&HallSeat> = seats
        .iter()
        .filter(|seat| !seat.is_blocked && matches!(seat.seat_type.as_str(), "standard" | "vip"))
        .collect();
    candidates.sort_by_key(|seat| {
        (
            (seat.grid_row * 2 - target_row).abs(),
            (seat.grid_column * 2 - centre).abs(),
            seat.grid_row,
            seat.grid_column,
        )
    });
    candidates
        .into_iter()
        .take(count)
        .map(|seat| seat.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hall(rows: i32, columns: i32) -> Vec<HallSeat> {
        (0..rows)
            .flat_map(|row| {
                (0..columns).map(move |column| HallSeat {
                    id: Uuid::from_u128((row * 100 + column) as u128),
                    seat_row: ((b'A' + row as u8) as char).to_string(),
                    seat_number: column + 1,
                    grid_row: row,
                    grid_column: column,
                    seat_type: if column == 0 {
                        "wheelchair"
                    } else {
                        "standard"
                    }
                    .into(),
                    pair_with: None,
                    is_blocked: false,
                })
            })
            .collect()
    }

    fn labels(seats: &[HallSeat], ids: &[Uuid]) -> Vec<String> {
        ids.iter()
            .map(|id| {
                let seat = seats.iter().find(|seat| seat.id == *id).unwrap();
                format!("{}{}", seat.seat_row, seat.seat_number)
            })
            .collect()
    }

    #[test]
    fn the_best_seats_are_two_thirds_back_and_central_never_accessible() {
        // Rows A-G (two thirds back of 0..=6 is row 4, E); columns 1-9, centre 5.
        let seats = hall(7, 9);
        let best = best_seats(&seats, 3);
        assert_eq!(labels(&seats, &best), ["E5", "E4", "E6"]);
        let all = best_seats(&seats, 1_000);
        assert_eq!(all.len(), 7 * 8, "wheelchair spaces are never kept back");
        assert_eq!(best_seats(&seats, 0), Vec::<Uuid>::new());
    }

    #[test]
    fn marked_seats_win_over_the_cinemas_number_and_release_before_the_show() {
        let seats = hall(3, 3);
        let starts_at = Utc::now();
        let mut rules = CounterRules {
            cinema_id: Uuid::nil(),
            cinema_name: "Test".into(),
            time_zone: "UTC".into(),
            per_showtime: 2,
            release_minutes: 30,
            marked: vec![],
            accessible_release: "timed".into(),
            accessible_release_minutes: 60,
        };
        let kept = rules.seats(&seats);
        assert_eq!(kept.len(), 2);
        assert_eq!(
            rules.until(starts_at, &kept),
            Some(starts_at - Duration::minutes(30))
        );
        rules.marked = vec![seats[0].id];
        assert_eq!(rules.seats(&seats), HashSet::from([seats[0].id]));
        rules.marked.clear();
        rules.per_showtime = 0;
        assert_eq!(rules.until(starts_at, &rules.seats(&seats)), None);
    }
}
