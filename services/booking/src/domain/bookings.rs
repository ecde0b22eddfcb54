//! Bookings: a hold turned into a pending booking priced on the server (online, or by staff at
//! the box office for a walk-in customer); expired when unpaid past its time. Cancelling, whole
//! or seat by seat, is [`super::cancellations`].

use std::collections::BTreeSet;

use api_types::{
    bookings::Booking,
    holds::{Hold, SeatRequest},
    live::TakenStatus,
    seats::SaleSeat,
};
use chrono::Utc;
use service_kit::Validator;
use sqlx::PgPool;
use uuid::Uuid;

use crate::{
    domain::{
        given,
        holds::{give_back, seats_on_offer, take},
        tickets,
    },
    error::{BookingError, BookingResult},
    live::SeatFeed,
    metrics::{BookingMetrics, BookingStatus, Changes, HoldEvent},
    repo::{self, bookings::NewBooking, holds::Holds},
    state::AppState,
};

/// Who is booking: the account, and where to write to about it.
pub struct Customer<'a> {
    pub user_id: Uuid,
    pub email: Option<&'a str>,
    /// Staff sell at the box office, and may sell the seats kept for it.
    pub is_staff: bool,
    /// The language the customer reads (their request's `Accept-Language`).
    pub language: Option<&'a str>,
}

/// A walk-in's name and email as given at the counter, checked; `None` for an online sale.
fn counter_sale(
    customer: &Customer<'_>,
    request: &SeatRequest,
) -> BookingResult<Option<(Option<String>, Option<String>)>> {
    let Some(sale) = &request.counter_sale else {
        return Ok(None);
    };
    if !customer.is_staff {
        return Err(BookingError::StaffOnly("sell at the box office"));
    }
    let (name, email) = (given(&sale.customer_name), given(&sale.customer_email));
    Validator::default()
        .check(
            name.as_ref().is_none_or(|name| name.chars().count() <= 100),
            "counter_sale.customer_name",
            "A name is at most 100 characters",
        )
        .check(
            email.as_ref().is_none_or(|email| {
                email.len() <= 254
                    && email
                        .split_once('@')
                        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
            }),
            "counter_sale.customer_email",
            "Enter an email address like name@example.com",
        )
        .verdict()
        .map_err(BookingError::Invalid)?;
    Ok(Some((name, email)))
}

/// A short code people can read out at the box office: no 0/O or 1/I.
fn booking_code() -> BookingResult<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("randomness: {error}"))?;
    Ok(bytes
        .iter()
        .map(|byte| ALPHABET[*byte as usize % ALPHABET.len()] as char)
        .collect())
}

/// Books the seats: they must be on sale and free; the caller's hold of them (or a new one) keeps
/// others off while it is written. Without Redis the booking still goes ahead, guarded by
/// PostgreSQL alone.
pub async fn book(
    state: &AppState,
    customer: Customer<'_>,
    request: &SeatRequest,
) -> BookingResult<Booking> {
    let sale = counter_sale(&customer, request)?;
    let buyer = Viewer {
        user_id: customer.user_id,
        is_staff: customer.is_staff,
    };
    let chosen = seats_on_offer(state, request, &buyer).await?;
    let seat_ids: Vec<Uuid> = chosen.iter().map(|seat| seat.id).collect();
    let hold: Option<Hold> = match request.hold_id {
        Some(id) => Some(state.holds.find(id, customer.user_id).await?),
        None => match take(state, &buyer, request.showtime_id, &chosen).await {
            Ok(hold) => Some(hold),
            Err(BookingError::HoldsUnavailable(reason)) => {
                tracing::warn!(reason, "booking without a Redis hold");
                None
            }
            Err(other) => return Err(other),
        },
    };
    if let Some(hold) = &hold
        && (hold.showtime_id != request.showtime_id
            || hold.seat_ids.iter().collect::<BTreeSet<_>>() != seat_ids.iter().collect())
    {
        return Err(BookingError::HoldForOtherSeats);
    }
    let expires_at = hold
        .as_ref()
        .map_or_else(|| Utc::now() + state.holds.ttl, |hold| hold.expires_at);
    let written = write(state, &customer, request, &chosen, &sale, expires_at).await;
    // A hold taken for this booking alone goes with it when the booking cannot be written (the
    // showtime being moved or cancelled meanwhile): the seats are not left held for minutes.
    if written.is_err()
        && request.hold_id.is_none()
        && let Some(hold) = &hold
    {
        state.holds.undo(hold).await;
        state.metrics.hold(HoldEvent::Released);
        state
            .feed
            .announce_freed(
                request.showtime_id,
                TakenStatus::Held(hold.user_id),
                &seat_ids,
            )
            .await;
    }
    let (id, free) = written?;
    if let Some(hold) = &hold {
        state.holds.became_booking(hold).await;
    }
    if free {
        state
            .holds
            .release_seats(customer.user_id, request.showtime_id, &seat_ids)
            .await;
        if sale.is_some() {
            state.metrics.sold_at_counter(seat_ids.len());
        }
    }
    tracing::info!(booking = %id, user = %customer.user_id, seats = seat_ids.len(), "booking created");
    state
        .feed
        .announce_booked(request.showtime_id, id, &seat_ids)
        .await;
    repo::bookings::find(&state.pool, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("booking {id} vanished").into())
}

/// Writes the booking (and, when it costs nothing, confirms it); answers its id and whether it
/// was free.
async fn write(
    state: &AppState,
    customer: &Customer<'_>,
    request: &SeatRequest,
    chosen: &[SaleSeat],
    sale: &Option<(Option<String>, Option<String>)>,
    expires_at: chrono::DateTime<Utc>,
) -> BookingResult<(Uuid, bool)> {
    let seat_ids: Vec<Uuid> = chosen.iter().map(|seat| seat.id).collect();
    let mut changes = Changes::default();
    let mut tx = state.pool.begin().await?;
    // Taken in turn with the cancellation of the showtime (see `cancel_showtime`): either this
    // booking is in before it, and is cancelled with the others, or it sees it and stops.
    repo::showtimes::lock(&mut tx, request.showtime_id).await?;
    if repo::showtimes::is_cancelled(&mut tx, request.showtime_id).await? {
        return Err(BookingError::ShowtimeCancelled);
    }
    if repo::showtimes::is_changing(&mut tx, request.showtime_id).await? {
        return Err(BookingError::ShowtimeBeingChanged);
    }
    let (customer_name, contact_email) = match &sale {
        Some((name, email)) => (name.as_deref(), email.as_deref()),
        None => (None, customer.email),
    };
    let new = NewBooking {
        user_id: customer.user_id,
        contact_email,
        sold_by: sale.is_some().then_some(customer.user_id),
        customer_name,
        showtime_id: request.showtime_id,
        expires_at,
        seats: chosen,
        language: customer.language,
    };
    let id = match repo::bookings::insert(&mut tx, &new, &booking_code()?).await {
        Ok(id) => id,
        Err(BookingError::SeatsTaken(_)) => {
            drop(tx);
            let taken =
                repo::booking_seats::taken_labels(&state.pool, request.showtime_id, &seat_ids)
                    .await?;
            return Err(BookingError::SeatsTaken(taken));
        }
        Err(other) => return Err(other),
    };
    repo::bookings::record_event(&mut tx, "created", id, serde_json::Value::Null).await?;
    changes.booking(BookingStatus::Pending);
    // A free showtime has nothing to pay: confirmed at once, its ticket with the event.
    let free = chosen.iter().all(|seat| seat.price == 0);
    if free && let Some(code) = repo::bookings::confirm_free(&mut tx, id).await? {
        let key = state.tickets.key().await?;
        let ticket = serde_json::json!({ "ticket_token": tickets::issue(key, &code, id, 0) });
        repo::bookings::record_event(&mut tx, "confirmed", id, ticket).await?;
        changes.confirmed(chosen.len());
    }
    tx.commit().await?;
    state.metrics.count(changes);
    Ok((id, free))
}

/// Who may see a booking: its owner, or staff.
pub struct Viewer {
    pub user_id: Uuid,
    pub is_staff: bool,
}

/// The booking, for its owner or staff; anyone else learns nothing, not even that it exists.
pub async fn visible(pool: &PgPool, viewer: &Viewer, id: Uuid) -> BookingResult<Booking> {
    repo::bookings::find(pool, id)
        .await?
        .filter(|booking| booking.user_id == viewer.user_id || viewer.is_staff)
        .ok_or(BookingError::BookingNotFound)
}

/// Staff only: the booking with this code (as read out at the box office, any case).
pub async fn by_code(pool: &PgPool, viewer: &Viewer, code: &str) -> BookingResult<Booking> {
    if !viewer.is_staff {
        return Err(BookingError::StaffOnly("look bookings up by code"));
    }
    let code = code.trim().to_uppercase();
    if code.is_empty() || code.len() > 32 {
        return Err(BookingError::BookingNotFound);
    }
    repo::bookings::find_by_code(pool, &code)
        .await?
        .ok_or(BookingError::BookingNotFound)
}

/// The booking, once settled: while it is pending (its payment being applied), waits up to
/// `wait` for the news, so a box office confirms a sale the moment it is paid.
pub async fn when_settled(
    state: &AppState,
    viewer: &Viewer,
    id: Uuid,
    wait: std::time::Duration,
) -> BookingResult<Booking> {
    // Listening before reading, so that a settlement right after the read is not missed.
    let settlement = if wait.is_zero() {
        None
    } else {
        state.feed.listen_for_settlement(id).await
    };
    let booking = visible(&state.pool, viewer, id).await?;
    match settlement {
        Some(settlement) if booking.status == "pending" => {
            settlement.wait(wait).await;
            visible(&state.pool, viewer, id).await
        }
        _ => Ok(booking),
    }
}

/// Expires pending bookings past their time and frees their seats, in the database and in
/// Redis. Answers how many expired.
pub async fn expire_overdue(
    pool: &PgPool,
    holds: &Holds,
    feed: &SeatFeed,
    metrics: &BookingMetrics,
) -> BookingResult<u64> {
    let mut changes = Changes::default();
    let mut tx = pool.begin().await?;
    let expired = repo::bookings::expire_overdue(&mut tx).await?;
    for booking in &expired {
        repo::bookings::record_event(&mut tx, "expired", booking.id, serde_json::Value::Null)
            .await?;
        changes.expired();
    }
    tx.commit().await?;
    metrics.count(changes);
    for booking in &expired {
        give_back(
            holds,
            feed,
            (booking.user_id, booking.id),
            booking.showtime_id,
            &booking.seat_ids,
        )
        .await;
        feed.booking_settled(booking.id).await;
    }
    Ok(expired.len() as u64)
}
