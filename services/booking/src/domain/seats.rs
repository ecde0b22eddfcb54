//! Which seats a request names, by the showtime's seating: by id or by label ("A1"), couple
//! seats completed to their pair, blocked seats refused, at most
//! [`MAX_SEATS_PER_HOLD`]; and whether the showtime's seats are on sale at all.

use std::collections::BTreeSet;

use api_types::seats::{MAX_SEATS_PER_HOLD, SaleSeat, ShowtimeSeating, ShowtimeStatus};
use chrono::Utc;

use crate::error::{BookingError, BookingResult};

/// Seats are sold until the showtime starts, and never for a cancelled one.
pub fn ensure_on_sale(seating: &ShowtimeSeating) -> BookingResult<()> {
    if seating.status != ShowtimeStatus::Scheduled {
        return Err(BookingError::ShowtimeCancelled);
    }
    if seating.starts_at <= Utc::now() {
        return Err(BookingError::ShowtimeStarted);
    }
    Ok(())
}

/// The seats `requested` names (ids or labels), in seating order, with couple seats completed.
pub fn resolve(seating: &ShowtimeSeating, requested: &[String]) -> BookingResult<Vec<SaleSeat>> {
    if requested.is_empty() {
        return Err(BookingError::NoSeatsChosen);
    }
    let all = &seating.seats;
    let mut chosen = BTreeSet::new();
    let mut unknown = Vec::new();
    for name in requested {
        let name = name.trim();
        let found = all.iter().position(|seat| {
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
        return Err(BookingError::UnknownSeats(unknown));
    }
    // A couple seat is sold with its partner.
    for index in chosen.clone() {
        let seat = &all[index];
        if let Some(partner) = seat.pair_with
            && let Some(partner_index) = all
                .iter()
                .position(|other| other.seat_row == seat.seat_row && other.seat_number == partner)
        {
            chosen.insert(partner_index);
        }
    }
    let seats: Vec<SaleSeat> = chosen.into_iter().map(|index| all[index].clone()).collect();
    if seats.len() > MAX_SEATS_PER_HOLD {
        return Err(BookingError::TooManySeats(MAX_SEATS_PER_HOLD));
    }
    let blocked: Vec<String> = seats
        .iter()
        .filter(|seat| seat.blocked)
        .map(SaleSeat::label)
        .collect();
    if !blocked.is_empty() {
        return Err(BookingError::NotForSale(blocked));
    }
    Ok(seats)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn seat(row: &str, number: i32, kind: &str, pair: Option<i32>, blocked: bool) -> SaleSeat {
        SaleSeat {
            id: Uuid::new_v4(),
            seat_row: row.into(),
            seat_number: number,
            seat_type: kind.into(),
            pair_with: pair,
            price: 90_000,
            blocked,
        }
    }

    fn seating() -> ShowtimeSeating {
        ShowtimeSeating {
            showtime_id: Uuid::new_v4(),
            starts_at: Utc::now() + chrono::Duration::hours(2),
            status: ShowtimeStatus::Scheduled,
            catalog_version: "test:1".into(),
            seats: vec![
                seat("A", 1, "standard", None, false),
                seat("A", 2, "standard", None, true),
                seat("B", 1, "couple", Some(2), false),
                seat("B", 2, "couple", Some(1), false),
            ],
        }
    }

    #[test]
    fn only_a_scheduled_showtime_that_has_not_started_is_on_sale() {
        assert!(ensure_on_sale(&seating()).is_ok());
        let cancelled = ShowtimeSeating {
            status: ShowtimeStatus::Cancelled,
            ..seating()
        };
        assert!(matches!(
            ensure_on_sale(&cancelled),
            Err(BookingError::ShowtimeCancelled)
        ));
        let started = ShowtimeSeating {
            starts_at: Utc::now() - chrono::Duration::minutes(1),
            ..seating()
        };
        assert!(matches!(
            ensure_on_sale(&started),
            Err(BookingError::ShowtimeStarted)
        ));
    }

    #[test]
    fn seats_by_label_or_id() {
        let seating = seating();
        let id = seating.seats[0].id.to_string();
        assert_eq!(resolve(&seating, &["a1".into()]).unwrap().len(), 1);
        assert_eq!(resolve(&seating, &[id, "A1".into()]).unwrap().len(), 1);
    }

    #[test]
    fn a_couple_seat_comes_with_its_pair() {
        let seats = resolve(&seating(), &["B1".into()]).unwrap();
        let labels: Vec<_> = seats.iter().map(SaleSeat::label).collect();
        assert_eq!(labels, ["B1", "B2"]);
    }

    #[test]
    fn blocked_unknown_and_empty_requests_are_refused() {
        assert!(matches!(
            resolve(&seating(), &["A2".into()]),
            Err(BookingError::NotForSale(_))
        ));
        assert!(matches!(
            resolve(&seating(), &["Z9".into()]),
            Err(BookingError::UnknownSeats(_))
        ));
        assert!(matches!(
            resolve(&seating(), &[]),
            Err(BookingError::NoSeatsChosen)
        ));
    }
}
