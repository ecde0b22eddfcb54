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

/// The labels of the `chosen` seats kept for the box office at `now`, unless sold there.
pub fn kept_for_counter(
    seating: &ShowtimeSeating,
    chosen: &[SaleSeat],
    at_counter: bool,
    now: chrono::DateTime<Utc>,
) -> Vec<String> {
    if at_counter || !seating.counter_seats_kept(now) {
        return Vec::new();
    }
    chosen
        .iter()
        .filter(|seat| seat.counter_only)
        .map(SaleSeat::label)
        .collect()
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
            grid_row: i32::from(row.as_bytes()[0] - b'A'),
            grid_column: number - 1,
            price: 90_000,
            blocked,
            counter_only: false,
        }
    }

    fn seating() -> ShowtimeSeating {
        ShowtimeSeating {
            showtime_id: Uuid::new_v4(),
            starts_at: Utc::now() + chrono::Duration::hours(2),
            ends_at: Utc::now() + chrono::Duration::hours(4),
            cinema_id: Uuid::nil(),
            cinema_name: "Test".into(),
            time_zone: "UTC".into(),
            counter_until: None,
            accessible_release: Default::default(),
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

    #[test]
    fn seats_kept_for_the_box_office_are_sold_online_only_after_their_release() {
        let mut seating = seating();
        seating.seats[0].counter_only = true;
        let release = Utc::now() + chrono::Duration::minutes(90);
        seating.counter_until = Some(release);
        let chosen = seating.seats.clone();
        let before = release - chrono::Duration::minutes(1);
        assert_eq!(kept_for_counter(&seating, &chosen, false, before), ["A1"]);
        assert!(kept_for_counter(&seating, &chosen, true, before).is_empty());
        assert!(kept_for_counter(&seating, &chosen, false, release).is_empty());
    }
}
