//! Letting tickets in at the door (staff only). A ticket is let in once: it must be genuine
//! (signature) or name a real booking (code), the booking confirmed (not pending, cancelled or
//! refunded), for this door's cinema when the door says which, and the showtime within its
//! window (from `ADMIT_FROM_MINUTES` before the start until its end). The admission is one
//! conditional update, so two scanners at the same moment let it in once; every refusal says
//! why, with a stable reason word, and is counted.

use api_types::{
    bookings::Booking,
    tickets::{Admission, AdmissionCounts, AdmitRequest, refusal},
};
use chrono::{DateTime, Utc};
use service_kit::FieldError;
use uuid::Uuid;

use crate::{
    domain::{bookings::Viewer, given, tickets},
    error::{BookingError, BookingResult},
    repo,
    state::AppState,
};

fn refused(reason: &'static str, detail: impl Into<String>) -> BookingError {
    refused_with(reason, detail, Vec::new())
}

/// A refusal naming values (a time, a cinema, a status) that screens say in their language.
fn refused_with(
    reason: &'static str,
    detail: impl Into<String>,
    values: Vec<(&'static str, String)>,
) -> BookingError {
    BookingError::NotAdmitted {
        reason,
        detail: detail.into(),
        admitted_at: None,
        values,
    }
}

/// Lets the ticket in, or says why not; either way it is counted.
pub async fn admit(
    state: &AppState,
    door: &Viewer,
    request: &AdmitRequest,
) -> BookingResult<Admission> {
    if !door.is_staff {
        return Err(BookingError::StaffOnly("admit tickets"));
    }
    let outcome = try_admit(state, door.user_id, request).await;
    match &outcome {
        Ok(_) => state.metrics.admitted(),
        Err(BookingError::NotAdmitted { reason, .. }) => state.metrics.refused(reason),
        Err(_) => {}
    }
    outcome
}

fn already_admitted(at: chrono::DateTime<Utc>, time: String) -> BookingError {
    BookingError::NotAdmitted {
        reason: refusal::ALREADY_ADMITTED,
        detail: format!("Already admitted at {time}"),
        admitted_at: Some(at),
        values: vec![("time", time)],
    }
}

async fn try_admit(
    state: &AppState,
    staff_id: Uuid,
    request: &AdmitRequest,
) -> BookingResult<Admission> {
    let booking = scanned_booking(state, request).await?;
    let seating = state.catalog.seating(booking.showtime_id).await?;
    let clock = async |at| repo::showtimes::clock_time(&state.pool, at, &seating.time_zone).await;
    if let Some(at) = booking.admitted_at {
        return Err(already_admitted(at, clock(at).await?));
    }
    if booking.status != "confirmed" {
        let status = booking.status.as_str();
        let refunded = booking.payment_status == "refunded";
        let detail = match status {
            "pending" => "Not paid: the booking is still pending".to_owned(),
            status if refunded => format!("The booking is {status} and refunded"),
            status => format!("The booking is {status}"),
        };
        let values = vec![
            ("status", status.to_owned()),
            ("refunded", if refunded { "yes" } else { "no" }.to_owned()),
        ];
        return Err(refused_with(refusal::NOT_CONFIRMED, detail, values));
    }
    if request
        .cinema_id
        .is_some_and(|cinema| cinema != seating.cinema_id)
    {
        return Err(refused_with(
            refusal::WRONG_CINEMA,
            format!("This ticket is for {}", seating.cinema_name),
            vec![("cinema", seating.cinema_name.clone())],
        ));
    }
    let opens = seating.starts_at - state.config.admit_from;
    match door_window(Utc::now(), opens, seating.ends_at) {
        Some(refusal::TOO_EARLY) => {
            let time = clock(opens).await?;
            let detail = format!("Too early: doors open at {time}");
            return Err(refused_with(
                refusal::TOO_EARLY,
                detail,
                vec![("time", time)],
            ));
        }
        Some(reason) => {
            let time = clock(seating.ends_at).await?;
            let detail = format!("This showtime ended at {time}");
            return Err(refused_with(reason, detail, vec![("time", time)]));
        }
        None => {}
    }
    let Some(admitted_at) = repo::admissions::admit(&state.pool, booking.id, staff_id).await?
    else {
        // Another scanner got there first, or the booking ended a moment ago.
        let now = repo::bookings::find(&state.pool, booking.id)
            .await?
            .ok_or(BookingError::BookingNotFound)?;
        return Err(match now.admitted_at {
            Some(at) => already_admitted(at, clock(at).await?),
            None => refused_with(
                refusal::NOT_CONFIRMED,
                format!("The booking is {}", now.status),
                vec![("status", now.status.clone())],
            ),
        });
    };
    tracing::info!(booking = %booking.id, staff = %staff_id, "ticket admitted");
    let seats: Vec<String> = booking
        .seats
        .iter()
        .map(|seat| seat.label.clone())
        .collect();
    Ok(Admission {
        admitted: true,
        booking_id: booking.id,
        booking_code: booking.booking_code,
        showtime_id: booking.showtime_id,
        starts_at: seating.starts_at,
        count: seats.len(),
        seats,
        admitted_at,
        admitted_by: staff_id,
    })
}

/// Whether the door is open at `now` for a showtime admitting from `opens` until `ends`: `None`
/// when it is, else the refusal's reason.
fn door_window(
    now: DateTime<Utc>,
    opens: DateTime<Utc>,
    ends: DateTime<Utc>,
) -> Option<&'static str> {
    if now < opens {
        Some(refusal::TOO_EARLY)
    } else if now > ends {
        Some(refusal::TOO_LATE)
    } else {
        None
    }
}

/// The booking a scanned token or a typed code names.
async fn scanned_booking(state: &AppState, request: &AdmitRequest) -> BookingResult<Booking> {
    let unknown = || refused(refusal::UNKNOWN, "No such booking");
    if let Some(token) = given(&request.token) {
        if token.len() > 512 {
            return Err(refused(refusal::FORGED, "Not a genuine Marquee ticket"));
        }
        let key = state.tickets.key().await?;
        let Some(claim) = tickets::check(&key.verifying_key(), &token) else {
            return Err(refused(refusal::FORGED, "Not a genuine Marquee ticket"));
        };
        let booking = repo::bookings::find(&state.pool, claim.booking_id)
            .await?
            .filter(|booking| booking.booking_code == claim.booking_code)
            .ok_or_else(unknown)?;
        if booking.admitted_at.is_none()
            && booking.status == "confirmed"
            && !claim.is_current_for(&booking)
        {
            return Err(refused(
                refusal::REPLACED,
                "This ticket was replaced when seats were cancelled: show the newest ticket",
            ));
        }
        return Ok(booking);
    }
    if let Some(code) = given(&request.booking_code) {
        if code.len() > 32 {
            return Err(unknown());
        }
        return repo::bookings::find_by_code(&state.pool, &code.to_uppercase())
            .await?
            .ok_or_else(unknown);
    }
    Err(BookingError::Invalid(vec![FieldError::body(
        "token",
        "Give the ticket's token or its booking code",
    )]))
}

/// The door's count of a showtime (staff only).
pub async fn counts(
    state: &AppState,
    viewer: &Viewer,
    showtime_id: Uuid,
) -> BookingResult<AdmissionCounts> {
    if !viewer.is_staff {
        return Err(BookingError::StaffOnly("see admissions"));
    }
    Ok(repo::admissions::counts(&state.pool, showtime_id).await?)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn the_door_opens_before_the_start_and_closes_at_the_end() {
        let starts = Utc::now();
        let (opens, ends) = (
            starts - Duration::minutes(60),
            starts + Duration::minutes(130),
        );
        let at = |minutes| starts + Duration::minutes(minutes);
        assert_eq!(door_window(at(-61), opens, ends), Some(refusal::TOO_EARLY));
        assert_eq!(door_window(at(-60), opens, ends), None);
        assert_eq!(door_window(at(45), opens, ends), None);
        assert_eq!(door_window(at(130), opens, ends), None);
        assert_eq!(door_window(at(131), opens, ends), Some(refusal::TOO_LATE));
    }
}
