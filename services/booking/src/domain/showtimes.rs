//! A showtime as the booking service sees it: which seats are held or booked (for seat maps and
//! listings), and what happens to its bookings when the cinema cancels it.

use api_types::{
    live::TakenStatus,
    seats::{MAX_OCCUPANCY_IDS, Occupancy, SeatStatusResponse, TakenSeat},
};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    error::{BookingError, BookingResult},
    live::KeptStatuses,
    metrics::Changes,
    repo,
    state::AppState,
};

/// Every held or booked seat of the showtime and the live feed's version; with `caller`, their
/// own holds are marked.
pub async fn seat_status(
    state: &AppState,
    showtime_id: Uuid,
    caller: Option<Uuid>,
) -> BookingResult<SeatStatusResponse> {
    let taken = taken_now(state, &[showtime_id])
        .await?
        .pop()
        .expect("one showtime asked, one answered");
    let seats = (taken.seats.iter())
        .map(|&(seat_id, status)| TakenSeat {
            seat_id,
            status: status.status(),
            mine: matches!(status, TakenStatus::Held(holder) if Some(holder) == caller),
        })
        .collect();
    Ok(SeatStatusResponse {
        showtime_id,
        version: taken.version,
        seats,
    })
}

/// How many seats of each showtime are booked and how many held (and not booked).
pub async fn occupancy(state: &AppState, ids: &[Uuid]) -> BookingResult<Vec<Occupancy>> {
    let taken = taken_now(state, ids).await?;
    Ok((taken.into_iter())
        .map(|taken| {
            let booked = (taken.seats.iter())
                .filter(|(_, status)| matches!(status, TakenStatus::Booked(_)))
                .count();
            Occupancy {
                showtime_id: taken.showtime_id,
                booked: booked as i64,
                held: (taken.seats.len() - booked) as i64,
            }
        })
        .collect())
}

/// The taken seats of each of `ids` (in their order) as the records say now, each read after
/// its live feed's version was. Kept as their statuses hashes too, so the next seat maps and
/// listings read them in one step instead of asking here.
async fn taken_now(state: &AppState, ids: &[Uuid]) -> BookingResult<Vec<KeptStatuses>> {
    let versions = state.feed.versions(ids).await?;
    let mut held = state.holds.holders_by_showtime(ids).await?;
    let booked = repo::booking_seats::active_seats(&state.pool, ids, None).await?;
    let taken: Vec<KeptStatuses> = (ids.iter().zip(versions))
        .map(|(&showtime_id, version)| {
            let booked_here: Vec<(Uuid, TakenStatus)> = (booked.iter())
                .filter(|seat| seat.showtime_id == showtime_id)
                .map(|seat| (seat.seat_id, TakenStatus::Booked(seat.booking_id)))
                .collect();
            let held_here = (held.remove(&showtime_id).unwrap_or_default().into_iter())
                .filter(|(seat, _)| !booked_here.iter().any(|(booked, _)| booked == seat))
                .map(|(seat, holder)| (seat, TakenStatus::Held(holder)));
            let mut seats = booked_here.clone();
            seats.extend(held_here);
            KeptStatuses {
                showtime_id,
                version,
                seats,
            }
        })
        .collect();
    state.feed.store_statuses(&taken).await;
    Ok(taken)
}

/// How long a move may take before bookings are taken again without the catalog's word.
const CHANGE_TIMEOUT: chrono::Duration = chrono::Duration::seconds(60);

/// The cinema is about to move the showtime (another film, hall or time): refused while any
/// booking of it is on; otherwise no booking is taken until [`end_change`] (or a minute). Taken
/// under the showtime's booking lock, so no booking slips in between this check and the move.
pub async fn begin_change(state: &AppState, showtime_id: Uuid) -> BookingResult<()> {
    let mut tx = state.pool.begin().await?;
    repo::showtimes::lock(&mut tx, showtime_id).await?;
    let booked = repo::booking_seats::active_seats(&mut *tx, &[showtime_id], None).await?;
    if !booked.is_empty() {
        return Err(BookingError::ShowtimeHasBookings(booked.len()));
    }
    let until = chrono::Utc::now() + CHANGE_TIMEOUT;
    repo::showtimes::begin_change(&mut tx, showtime_id, until).await?;
    tx.commit().await?;
    tracing::info!(showtime = %showtime_id, "bookings paused while the showtime is moved");
    Ok(())
}

/// The move is done (or abandoned): bookings are taken again.
pub async fn end_change(state: &AppState, showtime_id: Uuid) -> BookingResult<()> {
    repo::showtimes::end_change(&state.pool, showtime_id).await?;
    Ok(())
}

/// Parses `a,b,…` into showtime ids, at most [`MAX_OCCUPANCY_IDS`].
pub fn parse_ids(ids: &str) -> BookingResult<Vec<Uuid>> {
    let ids = ids
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::parse::<Uuid>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| BookingError::BadShowtimeIds)?;
    if ids.len() > MAX_OCCUPANCY_IDS {
        return Err(BookingError::TooManyShowtimes(MAX_OCCUPANCY_IDS));
    }
    Ok(ids)
}

/// The cinema cancelled the showtime: no booking is taken for it from now on, and every booking
/// of it still on (pending or paid) is cancelled, seats and all, each with its own
/// `booking.cancelled` (reason `showtime_cancelled`), from which the payment service refunds
/// what was paid and the notification service tells the customer. Answers what it changed, to
/// count once committed.
pub async fn cancel_showtime(
    connection: &mut PgConnection,
    showtime_id: Uuid,
) -> BookingResult<Changes> {
    let mut changes = Changes::default();
    repo::showtimes::lock(connection, showtime_id).await?;
    repo::showtimes::mark_cancelled(connection, showtime_id).await?;
    let cancelled = repo::bookings::cancel_all_of_showtime(connection, showtime_id).await?;
    for id in &cancelled {
        let reason = json!({ "reason": "showtime_cancelled" });
        let booking = repo::bookings::record_event(connection, "cancelled", *id, reason).await?;
        if let Some(booking) = booking {
            changes.cancelled(&booking);
        }
    }
    tracing::info!(showtime = %showtime_id, bookings = cancelled.len(), "showtime cancelled by the cinema");
    Ok(changes)
}
