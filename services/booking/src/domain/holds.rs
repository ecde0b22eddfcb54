//! Holding seats: a few minutes in which they are the customer's while they pay. The rules:
//! only seats on sale, not booked, not held by someone else; a hold is extended once; every
//! change is announced on the live feed.

use std::collections::HashSet;

use api_types::{
    holds::{BestAvailable, Hold, SeatRequest},
    live::TakenStatus,
    seats::{MAX_SEATS_PER_HOLD, SaleSeat, ShowtimeSeating},
};
use chrono::Utc;
use service_kit::FieldError;
use uuid::Uuid;

use crate::{
    domain::{accessible, best_available, bookings::Viewer, seats},
    error::{BookingError, BookingResult},
    live::SeatFeed,
    metrics::{BookingMetrics, HoldEvent},
    repo::{
        self,
        holds::{HoldRules, Holds},
    },
    state::AppState,
};

/// The seats the request names, of a showtime on sale, none of them booked (whether someone
/// holds them is for the hold store to say, atomically, as it takes them), none kept for the
/// box office unless the seller is staff, and accessible seats only as such (see
/// [`accessible`]) for `buyer`.
pub async fn seats_on_offer(
    state: &AppState,
    request: &SeatRequest,
    buyer: &Viewer,
) -> BookingResult<Vec<SaleSeat>> {
    let at_counter = buyer.is_staff;
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
    accessible::ensure_allowed(
        state,
        &seating,
        &chosen,
        request.needs_wheelchair_space,
        buyer,
    )
    .await?;
    let seat_ids: Vec<Uuid> = chosen.iter().map(|seat| seat.id).collect();
    // When a showtime goes on sale most refusals are of seats already booked, and every viewer's
    // seat map shows them so: the statuses hash that map is read from refuses them without a
    // query. It may only refuse; the bookings decide every seat it shows free.
    let shown_booked = state
        .feed
        .shown_booked(request.showtime_id, &seat_ids)
        .await;
    if !shown_booked.is_empty() {
        let labels = (chosen.iter())
            .filter(|seat| shown_booked.contains(&seat.id))
            .map(SaleSeat::label)
            .collect();
        return Err(BookingError::SeatsTaken(labels));
    }
    let booked =
        repo::booking_seats::taken_labels(&state.pool, request.showtime_id, &seat_ids).await?;
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
    let candidates = [seats.to_vec()];
    let (hold, _) = take_first(state, holder, showtime_id, &candidates).await?;
    Ok(hold)
}

/// Takes the first of `candidates` free for the holder, under the same rules as [`take`].
async fn take_first(
    state: &AppState,
    holder: &Viewer,
    showtime_id: Uuid,
    candidates: &[Vec<SaleSeat>],
) -> BookingResult<(Hold, usize)> {
    let pending = if holder.is_staff {
        Vec::new()
    } else {
        repo::booking_seats::pending_seats_of(&state.pool, holder.user_id, showtime_id).await?
    };
    let rules = HoldRules {
        max_seats: (!holder.is_staff).then_some(state.config.max_seats_per_customer),
        pending: &pending,
        rest_applies: !holder.is_staff,
    };
    let taken = state
        .holds
        .acquire_first(holder.user_id, showtime_id, candidates, rules)
        .await?;
    state.metrics.hold(HoldEvent::Created);
    Ok(taken)
}

/// Holds the seats for the holder (staff may hold seats kept for the box office).
pub async fn hold_seats(
    state: &AppState,
    holder: &Viewer,
    request: &SeatRequest,
) -> BookingResult<Hold> {
    if let Some(wanted) = &request.best_available {
        return hold_best(state, holder, request.showtime_id, wanted).await;
    }
    let chosen = seats_on_offer(state, request, holder).await?;
    let hold = take(state, holder, request.showtime_id, &chosen).await?;
    state
        .feed
        .announce_held(hold.showtime_id, hold.user_id, &hold.seat_ids)
        .await;
    Ok(hold)
}

/// How many of the best candidates the hold store may try, in order, in its one atomic step.
const CANDIDATES_PER_TRY: usize = 12;
/// A snapshot can be overtaken by others' holds between reading it and holding: so many tries
/// (on an on-sale minute, dozens of groups ask at once; a refusal while seats remain is wrong).
const BEST_AVAILABLE_TRIES: usize = 5;

/// Holds the best seats for a group (see [`best_available`]): chosen over the showtime as it
/// is now, then held in one atomic step that takes the first candidate still free, so two
/// customers asking at once get different seats. A group split over rows says so.
pub async fn hold_best(
    state: &AppState,
    holder: &Viewer,
    showtime_id: Uuid,
    wanted: &BestAvailable,
) -> BookingResult<Hold> {
    if wanted.count == 0 {
        return Err(BookingError::NoSeatsChosen);
    }
    if wanted.count > MAX_SEATS_PER_HOLD {
        return Err(BookingError::TooManySeats(MAX_SEATS_PER_HOLD));
    }
    if let Some(kind) = &wanted.seat_type
        && !matches!(kind.as_str(), "standard" | "vip" | "couple")
    {
        return Err(BookingError::Invalid(vec![FieldError::body(
            "best_available.seat_type",
            "A seat type is standard, vip or couple",
        )]));
    }
    let seating = state.catalog.seating(showtime_id).await?;
    seats::ensure_on_sale(&seating)?;
    let mut last_refusal = BookingError::NoRoomFor(wanted.count);
    for _ in 0..BEST_AVAILABLE_TRIES {
        let taken = taken_now(state, &seating, holder).await?;
        let spots = best_available::spots(&seating, &taken, wanted.seat_type.as_deref());
        let choices = best_available::choose(&spots, wanted.count, CANDIDATES_PER_TRY);
        if choices.is_empty() {
            return Err(last_refusal);
        }
        let candidates: Vec<Vec<SaleSeat>> = (choices.iter())
            .map(|choice| {
                (choice.seats.iter())
                    .map(|index| seating.seats[*index].clone())
                    .collect()
            })
            .collect();
        match take_first(state, holder, showtime_id, &candidates).await {
            Ok((mut hold, chosen)) => {
                hold.groups = groups_of(&candidates[chosen]);
                hold.split = Some(choices[chosen].groups > 1);
                state
                    .feed
                    .announce_held(hold.showtime_id, hold.user_id, &hold.seat_ids)
                    .await;
                return Ok(hold);
            }
            // Others took them since the snapshot: look again.
            Err(refusal @ BookingError::SeatsTaken(_)) => last_refusal = refusal,
            Err(other) => return Err(other),
        }
    }
    Err(last_refusal)
}

/// The seats of the showtime no one may take now: booked, held, and (online) those kept for
/// the box office.
async fn taken_now(
    state: &AppState,
    seating: &ShowtimeSeating,
    holder: &Viewer,
) -> BookingResult<HashSet<Uuid>> {
    let showtime_id = seating.showtime_id;
    let booked = repo::booking_seats::active_seats(&state.pool, &[showtime_id], None).await?;
    let held = state.holds.holders_of(showtime_id).await?;
    let kept_from_holder = !holder.is_staff && seating.counter_seats_kept(Utc::now());
    Ok(booked
        .into_iter()
        .map(|seat| seat.seat_id)
        .chain(held.into_iter().map(|(seat, _)| seat))
        .chain(
            (seating.seats.iter())
                .filter(|seat| kept_from_holder && seat.counter_only)
                .map(|seat| seat.id),
        )
        .collect())
}

/// The seats by row, as labels: the groups a split hold sits in.
fn groups_of(seats: &[SaleSeat]) -> Vec<Vec<String>> {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for seat in seats {
        match rows.iter_mut().find(|(row, _)| *row == seat.seat_row) {
            Some((_, labels)) => labels.push(seat.label()),
            None => rows.push((seat.seat_row.clone(), vec![seat.label()])),
        }
    }
    rows.into_iter().map(|(_, labels)| labels).collect()
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
    state.metrics.hold(HoldEvent::Released);
    state
        .feed
        .announce_freed(
            hold.showtime_id,
            TakenStatus::Held(hold.user_id),
            &hold.seat_ids,
        )
        .await;
    Ok(())
}

/// Seats `booking_id` no longer has (cancelled, expired, refunded): the holder's holds on them
/// go, and every viewer sees them free (but for any someone else has taken since).
pub async fn give_back(
    holds: &Holds,
    feed: &SeatFeed,
    (user_id, booking_id): (Uuid, Uuid),
    showtime_id: Uuid,
    seat_ids: &[Uuid],
) {
    holds.release_seats(user_id, showtime_id, seat_ids).await;
    feed.announce_freed(showtime_id, TakenStatus::Booked(booking_id), seat_ids)
        .await;
}

/// A hold's seat keys expire in Redis just before its recorded expiry; the grace keeps a lapse
/// from being checked while its keys are still there.
const LAPSE_GRACE: std::time::Duration = std::time::Duration::from_millis(250);

/// Counts the holds that lapsed, and announces as free those of their seats that nobody holds
/// again and no booking has. Answers how many seats were announced.
pub async fn announce_lapsed(
    pool: &sqlx::PgPool,
    holds: &Holds,
    feed: &SeatFeed,
    metrics: &BookingMetrics,
) -> BookingResult<usize> {
    let mut announced = 0;
    for lapsed in holds.take_lapsed(LAPSE_GRACE).await? {
        metrics.hold(HoldEvent::Expired);
        if lapsed.seat_ids.is_empty() {
            continue;
        }
        let booked =
            repo::booking_seats::active_seats(pool, &[lapsed.showtime_id], Some(&lapsed.seat_ids))
                .await?;
        let free: Vec<Uuid> = lapsed
            .seat_ids
            .into_iter()
            .filter(|seat| !booked.iter().any(|booked| booked.seat_id == *seat))
            .collect();
        feed.announce_freed(lapsed.showtime_id, TakenStatus::Held(lapsed.user_id), &free)
            .await;
        announced += free.len();
    }
    Ok(announced)
}
