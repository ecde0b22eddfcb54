//! `GET /bookings/{id}/ticket`, `GET /tickets/public-key`, `POST /tickets/verify`,
//! `POST /tickets/admit`.

use api_types::bookings::Booking;
use axum::extract::State;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use service_kit::{ApiResult, Json, Path, auth::AuthUser};
use uuid::Uuid;

use api_types::tickets::{Admission, AdmitRequest};

use super::bookings::viewer;
use crate::{
    domain::{
        admissions,
        tickets::{self, Ticket, Verdict},
    },
    state::AppState,
};

/// The ticket of a confirmed booking (owner or staff).
#[utoipa::path(get, path = "/bookings/{id}/ticket", tag = "tickets",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The booking")),
    responses(
        (status = 200, description = "The ticket's token, for its QR code", body = Ticket),
        (status = 404, description = "No such booking the caller may see (`booking_not_found`)", body = service_kit::openapi::ErrorBody),
        (status = 409, description = "The booking is not paid (`ticket_not_issued`)", body = service_kit::openapi::ErrorBody)))]
pub async fn get_ticket(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Ticket>> {
    let ticket = tickets::ticket(&state.pool, &state.tickets, &viewer(&caller), id).await?;
    Ok(Json(ticket))
}

/// `GET /tickets/public-key`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TicketKey {
    /// `Ed25519`.
    pub algorithm: &'static str,
    /// The key tickets are signed with, base64url without padding.
    pub public_key: String,
    /// What a ticket's token is made of.
    pub format: &'static str,
    /// What tokens issued before tickets had generations are made of.
    pub first_format: &'static str,
}

/// What staff devices check tickets with, offline.
#[utoipa::path(get, path = "/tickets/public-key", tag = "tickets",
    responses((status = 200, description = "The public key and the tokens' format", body = TicketKey)))]
pub async fn public_key(State(state): State<AppState>) -> ApiResult<Json<TicketKey>> {
    let key = state.tickets.key().await?;
    Ok(Json(TicketKey {
        algorithm: "Ed25519",
        public_key: URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes()),
        format: "MQT2.<booking code>.<booking id, 32 hex>.<ticket generation>.<base64url signature of what precedes it>",
        // Offline checks prove a ticket genuine; only the online check knows it was reissued.
        first_format: "MQT1.<booking code>.<booking id, 32 hex>.<base64url signature of what precedes it> (generation 0)",
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VerifyRequest {
    /// The scanned ticket token.
    pub token: String,
}

/// `POST /tickets/verify`: valid, with the booking's seats; or not, with why.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TicketCheck {
    pub valid: bool,
    /// Why not valid, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A valid ticket's booking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<Uuid>,
    /// The booking's code, when the ticket names a booking here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub showtime_id: Option<Uuid>,
    /// A valid ticket's seats (labels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats: Option<Vec<String>>,
    /// When the ticket was let in at the door (null if not yet), when it names a booking here.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub admitted_at: Option<Option<DateTime<Utc>>>,
}

impl TicketCheck {
    fn invalid(reason: impl Into<String>, booking: Option<Booking>) -> Self {
        let (booking_code, admitted_at) = match booking {
            Some(booking) => (Some(booking.booking_code), Some(booking.admitted_at)),
            None => (None, None),
        };
        Self {
            valid: false,
            reason: Some(reason.into()),
            booking_id: None,
            booking_code,
            showtime_id: None,
            seats: None,
            admitted_at,
        }
    }
}

/// Staff: whether a scanned ticket is genuine and still good (read-only).
#[utoipa::path(post, path = "/tickets/verify", tag = "tickets",
    security(("bearer" = [])),
    request_body = VerifyRequest,
    responses(
        (status = 200, description = "Whether the ticket is good (`valid`), and if not why", body = TicketCheck),
        (status = 403, description = "Not staff (`staff_only`)", body = service_kit::openapi::ErrorBody)))]
pub async fn verify_ticket(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<VerifyRequest>,
) -> ApiResult<Json<TicketCheck>> {
    let verdict = tickets::verify(
        &state.pool,
        &state.tickets,
        &viewer(&caller),
        &request.token,
    )
    .await?;
    Ok(Json(match verdict {
        Verdict::Valid(booking) => TicketCheck {
            valid: true,
            reason: None,
            booking_id: Some(booking.id),
            seats: Some(
                booking
                    .seats
                    .iter()
                    .map(|seat| seat.label.clone())
                    .collect(),
            ),
            booking_code: Some(booking.booking_code),
            showtime_id: Some(booking.showtime_id),
            admitted_at: Some(booking.admitted_at),
        },
        Verdict::NotValid(booking) => {
            TicketCheck::invalid(format!("The booking is {}", booking.status), Some(booking))
        }
        Verdict::Replaced(booking) => TicketCheck::invalid(
            "This ticket was replaced when seats were cancelled: show the newest ticket",
            Some(booking),
        ),
        Verdict::Unknown => TicketCheck::invalid("No such booking", None),
        Verdict::Forged => TicketCheck::invalid("Not a genuine Marquee ticket", None),
    }))
}

/// A ticket not let in (409): the error, with the refusal's stable word.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Only described: `BookingError::NotAdmitted` is answered as it.
pub struct AdmitRefusal {
    #[serde(flatten)]
    pub error: service_kit::openapi::ErrorBody,
    /// Always false.
    pub admitted: bool,
    /// The same as `code`: `already_admitted`, `not_confirmed`, `wrong_cinema`, `too_early`,
    /// `too_late` or `replaced` (`forged` is a 400, `unknown_booking` a 404).
    pub reason: String,
    /// When the ticket was let in (`already_admitted` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admitted_at: Option<DateTime<Utc>>,
}

/// Staff at the door: lets the ticket in once (200), or says why not (400 forged, 404 unknown,
/// 409 with a `reason`: already admitted, not confirmed, another cinema, outside the window).
#[utoipa::path(post, path = "/tickets/admit", tag = "tickets",
    security(("bearer" = [])),
    request_body(content = AdmitRequest, description = "The scanned token or the booking code, and the door's cinema"),
    responses(
        (status = 200, description = "Let in", body = Admission),
        (status = 400, description = "Not a genuine ticket (`forged`; with `admitted: false` and `reason`), or a body that is not well-formed JSON", body = service_kit::openapi::ErrorBody),
        (status = 403, description = "Not staff (`staff_only`)", body = service_kit::openapi::ErrorBody),
        (status = 404, description = "No such booking (`unknown_booking`; with `admitted: false` and `reason`), or its showtime no longer in the catalog (`showtime_not_found`)", body = service_kit::openapi::ErrorBody),
        (status = 409, description = "Not let in: already admitted, not paid, another cinema's, too early or too late, or a replaced ticket", body = AdmitRefusal)))]
pub async fn admit_ticket(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<AdmitRequest>,
) -> ApiResult<Json<Admission>> {
    Ok(Json(
        admissions::admit(&state, &viewer(&caller), &request).await?,
    ))
}
