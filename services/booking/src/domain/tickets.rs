//! E-tickets: a confirmed booking's ticket is a short token, `MQT1.<code>.<booking id>.<sig>`,
//! signed with Ed25519, that fits in a QR code. Staff devices check it offline with the public
//! key (`GET /tickets/public-key`), or online with `POST /tickets/verify`.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{
    domain::bookings::{Viewer, visible},
    error::{BookingError, BookingResult},
    repo,
    signer::TicketSigner,
};

const PREFIX: &str = "MQT1";

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

/// A confirmed booking's ticket.
#[derive(Debug, serde::Serialize)]
pub struct Ticket {
    pub booking_id: Uuid,
    pub booking_code: String,
    pub token: String,
}

/// The ticket of a confirmed booking, for its owner or staff.
pub async fn ticket(
    pool: &PgPool,
    signer: &TicketSigner,
    viewer: &Viewer,
    id: Uuid,
) -> BookingResult<Ticket> {
    let booking = visible(pool, viewer, id).await?;
    if booking.status != "confirmed" {
        return Err(BookingError::TicketNotIssued(booking.status));
    }
    let key = signer.key().await?;
    Ok(Ticket {
        booking_id: booking.id,
        token: issue(key, &booking.booking_code, booking.id),
        booking_code: booking.booking_code,
    })
}

/// What a check of a scanned ticket found.
pub enum Verdict {
    Valid(api_types::bookings::Booking),
    /// Genuine, but its booking is not confirmed (any more).
    NotValid(api_types::bookings::Booking),
    /// Genuine, but for no booking here.
    Unknown,
    Forged,
}

/// Whether a scanned ticket is genuine and its booking still confirmed (staff only).
pub async fn verify(
    pool: &PgPool,
    signer: &TicketSigner,
    viewer: &Viewer,
    token: &str,
) -> BookingResult<Verdict> {
    if !viewer.is_staff {
        return Err(BookingError::StaffOnly("check tickets"));
    }
    let key = signer.key().await?;
    let Some((code, id)) = check(&key.verifying_key(), token) else {
        return Ok(Verdict::Forged);
    };
    Ok(match repo::bookings::find(pool, id).await? {
        Some(booking) if booking.booking_code == code && booking.status == "confirmed" => {
            Verdict::Valid(booking)
        }
        Some(booking) => Verdict::NotValid(booking),
        None => Verdict::Unknown,
    })
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
