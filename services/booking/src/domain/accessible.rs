//! Wheelchair spaces and companion seats, held back from general sale as the venue's policy
//! requires:
//! - a wheelchair space is sold only to a customer who confirms it is needed
//!   (`needs_wheelchair_space`);
//! - a companion seat is sold only with a wheelchair space beside it: in the same hold or
//!   booking, or to the customer who already holds or has booked that space. So each space
//!   brings at most the companion seats the layout puts beside it.
//!
//! The cinema's release rule then frees them for anyone: `timed` (so many minutes before the show)
//! or `rest_sold` (once every other seat of the showtime is sold). Each showtime's release is
//! recorded, once, for the admins' audit.

use std::collections::HashSet;

use api_types::seats::{
    ACCESSIBLE_RELEASE_REST_SOLD, COMPANION, SaleSeat, ShowtimeSeating, WHEELCHAIR,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    domain::bookings::Viewer,
    error::{BookingError, BookingResult},
    repo,
    state::AppState,
};

fn is_accessible(seat: &SaleSeat) -> bool {
    matches!(seat.seat_type.as_str(), WHEELCHAIR | COMPANION)
}

/// The wheelchair spaces beside a companion seat.
fn spaces_beside<'a>(seating: &'a ShowtimeSeating, companion: &SaleSeat) -> Vec<&'a SaleSeat> {
    seating
        .seats
        .iter()
        .filter(|seat| {
            seat.seat_type == WHEELCHAIR
                && seat.grid_row == companion.grid_row
                && (seat.grid_column - companion.grid_column).abs() == 1
        })
        .collect()
}

/// Whether the chosen seats may be sold as asked while accessible seats are held back;
/// `holders_spaces` are the wheelchair spaces the buyer already holds or has booked.
pub fn check(
    seating: &ShowtimeSeating,
    chosen: &[SaleSeat],
    needs_wheelchair_space: bool,
    holders_spaces: &HashSet<Uuid>,
) -> BookingResult<()> {
    let spaces: Vec<String> = (chosen.iter())
        .filter(|seat| seat.seat_type == WHEELCHAIR)
        .map(SaleSeat::label)
        .collect();
    if !spaces.is_empty() && !needs_wheelchair_space {
        return Err(BookingError::WheelchairSpaceUnconfirmed(spaces));
    }
    let chosen_ids: HashSet<Uuid> = chosen.iter().map(|seat| seat.id).collect();
    let alone: Vec<String> = (chosen.iter())
        .filter(|seat| seat.seat_type == COMPANION)
        .filter(|companion| {
            !spaces_beside(seating, companion)
                .iter()
                .any(|space| chosen_ids.contains(&space.id) || holders_spaces.contains(&space.id))
        })
        .map(SaleSeat::label)
        .collect();
    if !alone.is_empty() {
        return Err(BookingError::CompanionWithoutSpace(alone));
    }
    Ok(())
}

/// Whether the cinema's rule has freed the showtime's accessible seats at `now`, given how
/// many of its other seats are sold (`sold` of `for_sale`).
pub fn released_by_rule(
    seating: &ShowtimeSeating,
    now: DateTime<Utc>,
    sold: usize,
    for_sale: usize,
) -> bool {
    let rule = &seating.accessible_release;
    if rule.rule == ACCESSIBLE_RELEASE_REST_SOLD {
        for_sale > 0 && sold >= for_sale
    } else {
        now >= seating.starts_at - chrono::Duration::minutes(rule.minutes.into())
    }
}

/// Refuses accessible seats sold other than as such, unless the cinema's rule has released
/// them (recording the release the first time it is seen).
pub async fn ensure_allowed(
    state: &AppState,
    seating: &ShowtimeSeating,
    chosen: &[SaleSeat],
    needs_wheelchair_space: bool,
    buyer: &Viewer,
) -> BookingResult<()> {
    if !chosen.iter().any(is_accessible) {
        return Ok(());
    }
    let others: Vec<Uuid> = (seating.seats.iter())
        .filter(|seat| !seat.blocked && !is_accessible(seat))
        .map(|seat| seat.id)
        .collect();
    let sold = if seating.accessible_release.rule == ACCESSIBLE_RELEASE_REST_SOLD {
        repo::booking_seats::active_seats(&state.pool, &[seating.showtime_id], Some(&others))
            .await?
            .len()
    } else {
        0
    };
    if released_by_rule(seating, Utc::now(), sold, others.len()) {
        let rule = &seating.accessible_release.rule;
        repo::accessible_releases::record(&state.pool, seating.showtime_id, rule).await?;
        return Ok(());
    }
    let mut holders_spaces: HashSet<Uuid> =
        repo::booking_seats::active_seats_of(&state.pool, buyer.user_id, seating.showtime_id)
            .await?
            .into_iter()
            .collect();
    if let Ok(held) = state.holds.holders_of(seating.showtime_id).await {
        holders_spaces.extend(
            held.into_iter()
                .filter(|(_, holder)| *holder == buyer.user_id)
                .map(|(seat, _)| seat),
        );
    }
    check(seating, chosen, needs_wheelchair_space, &holders_spaces)
}

/// The releases recorded, newest first (of one showtime when named): the admins' audit.
pub async fn releases(
    state: &AppState,
    showtime_id: Option<Uuid>,
) -> BookingResult<Vec<repo::accessible_releases::Release>> {
    Ok(repo::accessible_releases::latest(&state.pool, showtime_id).await?)
}

#[cfg(test)]
mod tests {
    use api_types::seats::{AccessibleRelease, ShowtimeStatus};

    use super::*;

    /// Row A as "WP.SS.PW": a space and its companion at each end.
    fn seating(rule: &str, minutes: i32) -> ShowtimeSeating {
        let seats = ["W", "P", "", "S", "S", "", "P", "W"]
            .iter()
            .enumerate()
            .filter(|(_, kind)| !kind.is_empty())
            .enumerate()
            .map(|(number, (column, kind))| SaleSeat {
                id: Uuid::new_v4(),
                seat_row: "A".into(),
                seat_number: number as i32 + 1,
                seat_type: match *kind {
                    "W" => WHEELCHAIR,
                    "P" => COMPANION,
                    _ => "standard",
                }
                .into(),
                pair_with: None,
                grid_row: 0,
                grid_column: column as i32,
                price: 90_000,
                blocked: false,
                counter_only: false,
            })
            .collect();
        ShowtimeSeating {
            showtime_id: Uuid::new_v4(),
            starts_at: Utc::now() + chrono::Duration::hours(3),
            ends_at: Utc::now() + chrono::Duration::hours(5),
            cinema_id: Uuid::new_v4(),
            cinema_name: "Test".into(),
            time_zone: "Asia/Ho_Chi_Minh".into(),
            counter_until: None,
            accessible_release: AccessibleRelease {
                rule: rule.into(),
                minutes,
            },
            status: ShowtimeStatus::Scheduled,
            catalog_version: "1".into(),
            seats,
        }
    }

    fn seats(seating: &ShowtimeSeating, labels: &[&str]) -> Vec<SaleSeat> {
        (seating.seats.iter())
            .filter(|seat| labels.contains(&seat.label().as_str()))
            .cloned()
            .collect()
    }

    #[test]
    fn a_wheelchair_space_is_sold_only_to_whoever_says_it_is_needed() {
        let seating = seating("timed", 60);
        let space = seats(&seating, &["A1"]);
        assert!(matches!(
            check(&seating, &space, false, &HashSet::new()),
            Err(BookingError::WheelchairSpaceUnconfirmed(labels)) if labels == ["A1"]
        ));
        assert!(check(&seating, &space, true, &HashSet::new()).is_ok());
    }

    #[test]
    fn a_companion_seat_comes_with_the_space_beside_it_or_its_holder() {
        let seating = seating("timed", 60);
        let companion = seats(&seating, &["A2"]);
        assert!(matches!(
            check(&seating, &companion, false, &HashSet::new()),
            Err(BookingError::CompanionWithoutSpace(labels)) if labels == ["A2"]
        ));
        let with_space = seats(&seating, &["A1", "A2"]);
        assert!(check(&seating, &with_space, true, &HashSet::new()).is_ok());
        let held_space: HashSet<Uuid> = seats(&seating, &["A1"]).iter().map(|s| s.id).collect();
        assert!(check(&seating, &companion, false, &held_space).is_ok());
        // The space at the other end of the row is not beside it.
        let far = seats(&seating, &["A2", "A6"]);
        let other_space: HashSet<Uuid> = seats(&seating, &["A6"]).iter().map(|s| s.id).collect();
        assert!(check(&seating, &far[..1], false, &other_space).is_err());
    }

    #[test]
    fn the_release_rules_free_them_by_time_or_once_the_rest_is_sold() {
        let timed = seating("timed", 60);
        let now = Utc::now();
        assert!(!released_by_rule(&timed, now, 0, 2));
        assert!(released_by_rule(
            &timed,
            now + chrono::Duration::hours(2),
            0,
            2
        ));
        let rest_sold = seating("rest_sold", 60);
        assert!(!released_by_rule(
            &rest_sold,
            now + chrono::Duration::hours(2),
            1,
            2
        ));
        assert!(released_by_rule(&rest_sold, now, 2, 2));
    }
}
