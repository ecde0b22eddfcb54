//! `GET /bookings/{id}/ticket`, `GET /tickets/public-key`, `POST /tickets/verify`,
//! `POST /tickets/admit`.

use axum::extract::State;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::Deserialize;
use serde_json::{Value, json};
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
pub async fn get_ticket(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Ticket>> {
    let ticket = tickets::ticket(&state.pool, &state.tickets, &viewer(&caller), id).await?;
    Ok(Json(ticket))
}

/// What staff devices check tickets with, offline.
pub async fn public_key(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let key = state.tickets.key().await?;
    Ok(Json(json!({
        "algorithm": "Ed25519",
        "public_key": URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes()),
        "format": "MQT2.<booking code>.<booking id, 32 hex>.<ticket generation>.<base64url signature of what precedes it>",
        // Offline checks prove a ticket genuine; only the online check knows it was reissued.
        "first_format": "MQT1.<booking code>.<booking id, 32 hex>.<base64url signature of what precedes it> (generation 0)",
    })))
}

#[derive(Debug, Deserialize)]
pub struct VerifyRequest {
    pub token: String,
}

/// Staff: whether a scanned ticket is genuine and still good (read-only).
pub async fn verify_ticket(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<VerifyRequest>,
) -> ApiResult<Json<Value>> {
    let verdict = tickets::verify(
        &state.pool,
        &state.tickets,
        &viewer(&caller),
        &request.token,
    )
    .await?;
    Ok(Json(match verdict {
        Verdict::Valid(booking) => json!({
            "valid": true,
            "booking_id": booking.id,
            "booking_code": booking.booking_code,
            "showtime_id": booking.showtime_id,
            "seats": booking.seats.iter().map(|seat| seat.label.clone()).collect::<Vec<_>>(),
            "admitted_at": booking.admitted_at,
        }),
        Verdict::NotValid(booking) => json!({
            "valid": false,
            "reason": format!("The booking is {}", booking.status),
            "booking_code": booking.booking_code,
            "admitted_at": booking.admitted_at,
        }),
        Verdict::Replaced(booking) => json!({
            "valid": false,
            "reason": "This ticket was replaced when seats were cancelled: show the newest ticket",
            "booking_code": booking.booking_code,
            "admitted_at": booking.admitted_at,
        }),
        Verdict::Unknown => json!({ "valid": false, "reason": "No such booking" }),
        Verdict::Forged => json!({ "valid": false, "reason": "Not a genuine Marquee ticket" }),
    }))
}

/// Staff at the door: lets the ticket in once (200), or says why not (400 forged, 404 unknown,
/// 409 with a `reason`: already admitted, not confirmed, another cinema, outside the window).
pub async fn admit_ticket(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<AdmitRequest>,
) -> ApiResult<Json<Admission>> {
    Ok(Json(
        admissions::admit(&state, &viewer(&caller), &request).await?,
    ))
}
