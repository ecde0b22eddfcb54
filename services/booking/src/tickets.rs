//! E-tickets: a confirmed booking's ticket is a short token, `MQT1.<code>.<booking id>.<sig>`,
//! signed with Ed25519, that fits in a QR code. Staff devices check it offline with the public
//! key (`GET /tickets/public-key`), or online with `POST /tickets/verify`.

use axum::extract::State;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use service_kit::{ApiError, ApiResult, Json, Path, auth::AuthUser};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{AppState, bookings};

const PREFIX: &str = "MQT1";

/// Signs and checks tickets with the service's key, loaded once and then kept.
#[derive(Clone)]
pub struct TicketSigner {
    pool: PgPool,
    key: std::sync::Arc<tokio::sync::OnceCell<SigningKey>>,
}

impl TicketSigner {
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            key: Default::default(),
        }
    }

    pub async fn key(&self) -> anyhow::Result<&SigningKey> {
        self.key.get_or_try_init(|| load_key(&self.pool)).await
    }
}

/// The signing key: `TICKET_SIGNING_KEY` (base64url seed), else the one kept in the database,
/// made on first use (the first instance to store one wins).
async fn load_key(pool: &PgPool) -> anyhow::Result<SigningKey> {
    if let Ok(seed) = std::env::var("TICKET_SIGNING_KEY")
        && !seed.trim().is_empty()
    {
        let bytes: [u8; 32] = URL_SAFE_NO_PAD
            .decode(seed.trim())?
            .try_into()
            .map_err(|_| anyhow::anyhow!("TICKET_SIGNING_KEY must be 32 bytes"))?;
        return Ok(SigningKey::from_bytes(&bytes));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|error| anyhow::anyhow!("randomness: {error}"))?;
    sqlx::query(
        "INSERT INTO ticket_keys (seed) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM ticket_keys)",
    )
    .bind(seed.as_slice())
    .execute(pool)
    .await?;
    let stored: Vec<u8> = sqlx::query_scalar("SELECT seed FROM ticket_keys ORDER BY id LIMIT 1")
        .fetch_one(pool)
        .await?;
    let bytes: [u8; 32] = stored
        .try_into()
        .map_err(|_| anyhow::anyhow!("stored ticket key is not 32 bytes"))?;
    Ok(SigningKey::from_bytes(&bytes))
}

fn signed_part(code: &str, booking_id: Uuid) -> String {
    format!("{PREFIX}.{code}.{}", booking_id.simple())
}

pub fn issue(key: &SigningKey, code: &str, booking_id: Uuid) -> String {
    let message = signed_part(code, booking_id);
    let signature = key.sign(message.as_bytes());
    format!("{message}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// The booking code and id a genuine token names.
pub fn check(key: &VerifyingKey, token: &str) -> Option<(String, Uuid)> {
    let (message, signature) = token.trim().rsplit_once('.')?;
    let mut parts = message.split('.');
    let (prefix, code, id) = (parts.next()?, parts.next()?, parts.next()?);
    if prefix != PREFIX || parts.next().is_some() {
        return None;
    }
    let signature: [u8; 64] = URL_SAFE_NO_PAD.decode(signature).ok()?.try_into().ok()?;
    key.verify(message.as_bytes(), &Signature::from_bytes(&signature))
        .ok()?;
    Some((code.to_owned(), id.parse().ok()?))
}

#[derive(Debug, Serialize)]
pub struct Ticket {
    pub booking_id: Uuid,
    pub booking_code: String,
    pub token: String,
}

/// `GET /bookings/{id}/ticket`: the ticket of a confirmed booking (owner or staff).
pub async fn ticket(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Ticket>> {
    let booking = bookings::find(&state.pool, id)
        .await?
        .filter(|booking| booking.user_id == caller.id || caller.is_staff())
        .ok_or_else(|| ApiError::NotFound("Booking not found".into()))?;
    if booking.status != "confirmed" {
        return Err(ApiError::Conflict(format!(
            "A ticket is issued once the booking is paid (it is {})",
            booking.status
        )));
    }
    let key = state.tickets.key().await?;
    Ok(Json(Ticket {
        booking_id: booking.id,
        token: issue(key, &booking.booking_code, booking.id),
        booking_code: booking.booking_code,
    }))
}

/// `GET /tickets/public-key`: what staff devices check tickets with, offline.
pub async fn public_key(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let key = state.tickets.key().await?;
    Ok(Json(json!({
        "algorithm": "Ed25519",
        "public_key": URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes()),
        "format": "MQT1.<booking code>.<booking id, 32 hex>.<base64url signature of what precedes it>",
    })))
}

#[derive(Debug, Deserialize)]
pub struct VerifyRequest {
    pub token: String,
}

/// `POST /tickets/verify` (staff): whether a scanned ticket is genuine and still good.
pub async fn verify(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<VerifyRequest>,
) -> ApiResult<Json<Value>> {
    if !caller.is_staff() {
        return Err(ApiError::Forbidden("Only staff check tickets".into()));
    }
    let key = state.tickets.key().await?;
    let Some((code, id)) = check(&key.verifying_key(), &request.token) else {
        return Ok(Json(
            json!({ "valid": false, "reason": "Not a genuine Marquee ticket" }),
        ));
    };
    let booking = bookings::find(&state.pool, id).await?;
    Ok(Json(match booking {
        Some(booking) if booking.booking_code == code && booking.status == "confirmed" => json!({
            "valid": true,
            "booking_id": booking.id,
            "booking_code": booking.booking_code,
            "showtime_id": booking.showtime_id,
            "seats": booking.seats.iter().map(|seat| seat.label.clone()).collect::<Vec<_>>(),
        }),
        Some(booking) => json!({
            "valid": false,
            "reason": format!("The booking is {}", booking.status),
            "booking_code": booking.booking_code,
        }),
        None => json!({ "valid": false, "reason": "No such booking" }),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_verify_only_as_issued() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let id = Uuid::new_v4();
        let token = issue(&key, "ABCD2345", id);
        assert!(token.starts_with("MQT1.ABCD2345."));
        assert_eq!(
            check(&key.verifying_key(), &token),
            Some(("ABCD2345".into(), id))
        );
        let forged = token.replace("ABCD2345", "ABCD2346");
        assert_eq!(check(&key.verifying_key(), &forged), None);
        let other = SigningKey::from_bytes(&[8; 32]);
        assert_eq!(check(&other.verifying_key(), &token), None);
        assert_eq!(check(&key.verifying_key(), "MQT1.x"), None);
    }
}
