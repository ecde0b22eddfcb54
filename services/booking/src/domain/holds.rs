//! Holding seats: a few minutes in which they are the customer's while they pay. The rules:
//! only seats on sale, not booked, not held by someone else; a hold is extended once; every
//! change is announced on the live feed.

use api_types::{
    holds::{Hold, SeatRequest},
    seats::{MAX_SEATS_PER_HOLD, SaleSeat, SeatStatus},
};
use uuid::Uuid;

use chrono::Utc;

use crate::{
    domain::{bookings::Viewer, seats},
    error::{BookingError, BookingResult},
    live::SeatFeed,
    repo::{
        self,
        holds::{HoldRules, Holds},
    },
    state::AppState,
};

/// The seats the request names, of a showtime on sale, none of them booked (whether someone
/// holds them is for the hold store to say, atomically, as it takes them), and none kept for the
/// box office unless the seller is staff (`at_counter`).
pub async fn seats_on_offer(
    state: &AppState,
    request: &SeatRequest,
    at_counter: bool,
) -> BookingResult<Vec<SaleSeat>> {
    // Refused before any work: a request may not make the service look up thousands of seats.
    if request.seat_ids.len() > MAX_SEATS_PER_HOLD {
        return Err(BookingError::TooManySeats(MAX_SEATS_PER_HOLD));
    }
    let seating = state.catalog.seating(request.showtime_id).await?;
    seats::ensure_on_sale(&seating)?;
    let chosen = seats::resolve(&seating, &request.seat_ids)?;
    let kept = seats::kept_for_counter(&seating, &chosen, at_counter, Utc::now());
    if let (false, Some(until)) = (kept.is_empty(), seating.counter_until) {
        let until = repo::showtimes::clock_time(&state.pool, until, &seating.time_zone).await?;
        return Err(BookingError::KeptForBoxOffice { seats: kept, until });
    }
    let seat_ids: Vec<Uuid> = chosen.iter().map(|seat| seat.id).collect();
    let booked = repo::bookings::taken_labels(&state.pool, request.showtime_id, &seat_ids).await?;
    if !booked.is_empty() {
        return Err(BookingError::SeatsTaken(booked));
    }
    Ok(chosen)
}

/// Takes `seats` for the holder under the rules against hoarding: a customer may have at most
/// `MAX_SEATS_PER_CUSTOMER` seats of a showtime held or awaiting payment, and may not hold again
/// seats they let go of a moment ago. Staff at the box office sell to a queue: neither applies.
pub async fn take(
    state: &AppState,
    holder: &Viewer,
    showtime_id: Uuid,
    seats: &[SaleSeat],
) -> BookingResult<Hold> {
    let pending = if holder.is_staff {
        Vec::new()
    } else {
        repo::bookings::pending_seats_of(&state.pool, holder.user_id, showtime_id).await?
    };
    let rules = HoldRules {
        max_seats: (!holder.is_staff).then_some(state.config.max_seats_per_customer),
        pending: &pending,
        rest_applies: !holder.is_staff,
    };
    state
        .holds
        .acquire(holder.user_id, showtime_id, seats, rules)
        .await
}

/// Holds the seats for the holder (staff may hold seats kept for the box office).
pub async fn hold_seats(
    state: &AppState,
    holder: &Viewer,
    request: &SeatRequest,
) -> BookingResult<Hold> {
    let chosen = seats_on_offer(state, request, holder.is_staff).await?;
    let hold = take(state, holder, request.showtime_id, &chosen).await?;
    state
        .feed
        .announce(hold.showtime_id, SeatStatus::Held, &hold.seat_ids)
        .await;
    Ok(hold)
}

/// Gives the caller's hold one more lifetime, once.
pub async fn extend(state: &AppState, user_id: Uuid, hold_id: Uuid) -> BookingResult<Hold> {
    let hold = state.holds.find(hold_id, user_id).await?;
    if hold.extended {
        return Err(BookingError::HoldAlreadyExtended);
    }
    state.holds.extend(hold).await
}

/// Ends the caller's hold; its seats are free again.
pub async fn release(state: &AppState, user_id: Uuid, hold_id: Uuid) -> BookingResult<()> {
    let hold = state.holds.find(hold_id, user_id).await?;
    state.holds.release(&hold).await;
    state
        .feed
        .announce(hold.showtime_id, SeatStatus::Available, &hold.seat_ids)
        .await;
    Ok(())
}

/// Seats a booking no longer has (cancelled, expired, refunded): the holder's holds on them go,
/// and every viewer sees them free.
pub async fn give_back(
    holds: &Holds,
    feed: &SeatFeed,
    user_id: Uuid,
    showtime_id: Uuid,
    seat_ids: &[Uuid],
) {
    holds.release_seats(user_id, showtime_id, seat_ids).await;
    feed.announce(showtime_id, SeatStatus::Available, seat_ids)
        .await;
}

/// A hold's seat keys expire in Redis just before its recorded expiry; the grace keeps a lapse
/// from being checked while its keys are still there.
const LAPSE_GRACE: std::time::Duration = std::time::Duration::from_millis(250);

/// Announces as free the seats of lapsed holds that nobody holds again and no booking has.
/// Answers how many seats were announced.
pub async fn announce_lapsed(
    pool: &sqlx::PgPool,
    holds: &Holds,
    feed: &SeatFeed,
) -> BookingResult<usize> {
    let mut announced = 0;
    for lapsed in holds.take_lapsed(LAPSE_GRACE).await? {
        let booked =
            repo::bookings::active_seats(pool, &[lapsed.showtime_id], Some(&lapsed.seat_ids))
                .await?;
        let free: Vec<Uuid> = lapsed
            .seat_ids
            .into_iter()
            .filter(|seat| !booked.iter().any(|booked| booked.seat_id == *seat))
            .collect();
        feed.announce(lapsed.showtime_id, SeatStatus::Available, &free)
            .await;
        announced += free.len();
    }
    Ok(announced)
}
