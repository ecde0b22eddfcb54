//! Cancelling: a whole booking, or some seats of a paid one. Customers get money back only this
//! way, so what was paid, what was refunded, the seats a booking keeps and its ticket always
//! agree:
//! - a whole booking's `booking.cancelled` has the payment service refund all that is left;
//! - seats given back from a paid booking are freed (and announced on the live feed), the
//!   booking keeps the rest, `booking.seats_cancelled` has the payment service refund their
//!   price, and the ticket is reissued: the old token no longer verifies or admits.
//!
//! Customers cancel until `REFUND_CUTOFF_MINUTES` before the showtime; staff at any time. A ticket
//! let in at the door can no longer be cancelled.

use std::collections::BTreeSet;

use api_types::bookings::{BookedSeat, Booking, CancelRequest};
use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::{
    domain::{
        bookings::{Viewer, visible},
        holds::give_back,
        tickets,
    },
    error::{BookingError, BookingResult},
    metrics::Changes,
    repo::{self, bookings::CancelledSeat},
    state::AppState,
};

/// Cancels the seats the request names, or the whole booking when it names none (or all).
pub async fn cancel(
    state: &AppState,
    viewer: &Viewer,
    id: Uuid,
    request: &CancelRequest,
) -> BookingResult<Booking> {
    let booking = visible(&state.pool, viewer, id).await?;
    if booking.admitted_at.is_some() {
        return Err(BookingError::Admitted);
    }
    ensure_within_refund_rule(state, viewer, &booking).await?;
    if request.seat_ids.is_empty() {
        return cancel_whole(state, booking).await;
    }
    let named = seats_named(&booking, &request.seat_ids)?;
    if named.len() == booking.seats.len() {
        return cancel_whole(state, booking).await;
    }
    if booking.status != "confirmed" {
        return Err(BookingError::SeatsCancelledOnlyWhenPaid(booking.status));
    }
    cancel_seats(state, booking, &named).await
}

/// Customers are refunded only until the cutoff before the showtime; staff at any time.
async fn ensure_within_refund_rule(
    state: &AppState,
    viewer: &Viewer,
    booking: &Booking,
) -> BookingResult<()> {
    let cutoff = state.config.refund_cutoff;
    if booking.status == "confirmed" && !viewer.is_staff {
        let starts = state.catalog.seating(booking.showtime_id).await?.starts_at;
        if Utc::now() + cutoff > starts {
            return Err(BookingError::PastRefundCutoff(cutoff.num_minutes()));
        }
    }
    Ok(())
}

/// The booking's seats that `named` (ids or labels, any case) names, each once; every name must
/// be a seat the booking still has.
fn seats_named(booking: &Booking, named: &[String]) -> BookingResult<Vec<Uuid>> {
    let mut chosen = BTreeSet::new();
    let mut strangers = Vec::new();
    for name in named {
        let name = name.trim();
        let seat = booking
            .seats
            .iter()
            .find(|seat| seat.label.eq_ignore_ascii_case(name) || seat.seat_id.to_string() == name);
        match seat {
            Some(seat) => {
                chosen.insert(seat.seat_id);
            }
            // Bounded by the body limit; named back only briefly.
            None if strangers.len() < 10 => strangers.push(name.chars().take(40).collect()),
            None => {}
        }
    }
    if !strangers.is_empty() {
        return Err(BookingError::NotSeatsOfBooking(strangers));
    }
    Ok(chosen.into_iter().collect())
}

/// Cancels the whole booking; a paid one is refunded in full (from its `booking.cancelled`).
async fn cancel_whole(state: &AppState, booking: Booking) -> BookingResult<Booking> {
    let id = booking.id;
    let mut changes = Changes::default();
    let mut tx = state.pool.begin().await?;
    if !repo::bookings::cancel(&mut tx, id, false).await? {
        // Let in at the door a moment ago, or ended meanwhile.
        return Err(why_unchanged(&mut tx, id, &[]).await?);
    }
    let cancelled =
        repo::bookings::record_event(&mut tx, "cancelled", id, serde_json::Value::Null).await?;
    if let Some(cancelled) = &cancelled {
        changes.cancelled(cancelled);
    }
    tx.commit().await?;
    state.metrics.count(changes);
    give_back(
        &state.holds,
        &state.feed,
        (booking.user_id, booking.id),
        booking.showtime_id,
        &booking.seat_ids(),
    )
    .await;
    state.feed.booking_settled(id).await;
    repo::bookings::find(&state.pool, id)
        .await?
        .ok_or(BookingError::BookingNotFound)
}

/// Gives back some seats of a confirmed booking, keeping the others on a reissued ticket.
async fn cancel_seats(
    state: &AppState,
    booking: Booking,
    seat_ids: &[Uuid],
) -> BookingResult<Booking> {
    let id = booking.id;
    let key = state.tickets.key().await?;
    let mut tx = state.pool.begin().await?;
    let Some(cancelled) = repo::bookings::cancel_seats(&mut tx, id, seat_ids).await? else {
        // Let in, cancelled or changed meanwhile: nothing is kept of this attempt.
        return Err(why_unchanged(&mut tx, id, seat_ids).await?);
    };
    let now = repo::bookings::find(&mut *tx, id)
        .await?
        .ok_or(BookingError::BookingNotFound)?;
    let refund: i64 = cancelled.iter().map(|seat| seat.price).sum();
    let released: Vec<&BookedSeat> = now
        .cancelled_seats
        .iter()
        .filter(|seat| cancelled.iter().any(|gone| gone.seat_id == seat.seat_id))
        .collect();
    // The payment service refunds `refund_amount`; the reissued ticket goes to the customer.
    let details = json!({
        "released_seats": released,
        "refund_amount": format!("{}.{:02}", refund / 100, refund % 100),
        "ticket_token": tickets::issue_for(key, &now),
    });
    repo::bookings::record_event(&mut tx, "seats_cancelled", id, details).await?;
    tx.commit().await?;
    tracing::info!(booking = %id, seats = cancelled.len(), "seats cancelled");
    let freed: Vec<Uuid> = cancelled
        .iter()
        .map(|seat: &CancelledSeat| seat.seat_id)
        .collect();
    give_back(
        &state.holds,
        &state.feed,
        (booking.user_id, booking.id),
        booking.showtime_id,
        &freed,
    )
    .await;
    Ok(now)
}

/// Why a cancellation found the booking not as it was read: let in at the door, ended, or (for
/// seats) changed by another cancellation.
async fn why_unchanged(
    connection: &mut sqlx::PgConnection,
    id: Uuid,
    asked: &[Uuid],
) -> BookingResult<BookingError> {
    Ok(match repo::bookings::find(connection, id).await? {
        Some(now) if now.admitted_at.is_some() => BookingError::Admitted,
        Some(now) if now.status != "confirmed" || asked.is_empty() => {
            BookingError::BookingAlready(now.status)
        }
        Some(now) => BookingError::NotSeatsOfBooking(
            now.cancelled_seats
                .into_iter()
                .filter(|seat| asked.contains(&seat.seat_id))
                .map(|seat| seat.label)
                .collect(),
        ),
        None => BookingError::BookingNotFound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seat(label: &str) -> BookedSeat {
        BookedSeat {
            seat_id: Uuid::new_v4(),
            label: label.into(),
            seat_type: "standard".into(),
            price: "90000.00".into(),
            price_whole: 90_000,
        }
    }

    fn booking(seats: Vec<BookedSeat>) -> Booking {
        serde_json::from_value(json!({
            "id": Uuid::new_v4(), "user_id": Uuid::new_v4(), "booking_code": "ABCD2345",
            "showtime_id": Uuid::new_v4(), "total_seats": seats.len(), "total_price": "0.00",
            "status": "confirmed", "payment_status": "paid", "expires_at": null,
            "created_at": Utc::now(), "contact_email": null, "seats": seats,
        }))
        .unwrap()
    }

    #[test]
    fn seats_are_named_by_label_in_any_case_or_by_id_and_counted_once() {
        let (b3, b4) = (seat("B3"), seat("B4"));
        let both = booking(vec![b3.clone(), b4.clone(), seat("B5")]);
        let named = seats_named(&both, &["b3".into(), b4.seat_id.to_string(), "B3".into()]);
        let mut expected = vec![b3.seat_id, b4.seat_id];
        expected.sort();
        assert_eq!(named.unwrap(), expected);
    }

    #[test]
    fn a_seat_the_booking_does_not_have_is_named_in_the_refusal() {
        let booking = booking(vec![seat("B3"), seat("B4")]);
        match seats_named(&booking, &["B3".into(), "C9".into()]) {
            Err(BookingError::NotSeatsOfBooking(names)) => assert_eq!(names, ["C9"]),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
