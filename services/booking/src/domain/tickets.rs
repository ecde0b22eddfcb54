//! E-tickets: a confirmed booking's ticket is a short token,
//! `MQT2.<code>.<booking id>.<generation>.<sig>`, signed with Ed25519, that fits in a QR code.
//! Staff devices check it offline with the public key (`GET /tickets/public-key`), or online with
//! `POST /tickets/verify`. The generation counts the ticket's reissues (one per seat
//! cancellation): online, only the booking's current generation is valid, so a ticket issued for
//! seats since given back admits no one. Tokens issued before generations existed
//! (`MQT1.<code>.<booking id>.<sig>`) are generation 0.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sqlx::PgPool;
use uuid::Uuid;

use api_types::bookings::Booking;

use crate::{
    domain::bookings::{Viewer, visible},
    error::{BookingError, BookingResult},
    repo,
    signer::TicketSigner,
};

const PREFIX: &str = "MQT2";
/// Tokens issued before tickets had generations.
const FIRST_PREFIX: &str = "MQT1";

/// What a genuine ticket says: the booking, and which issue of its ticket it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub booking_code: String,
    pub booking_id: Uuid,
    pub generation: i32,
}

impl Claim {
    /// Whether the ticket is the booking's current one (not a reissued ticket's predecessor).
    pub fn is_current_for(&self, booking: &Booking) -> bool {
        self.booking_code == booking.booking_code
            && self.booking_id == booking.id
            && self.generation == booking.ticket_generation
    }
}

/// The booking's current ticket token.
pub fn issue_for(key: &SigningKey, booking: &Booking) -> String {
    issue(
        key,
        &booking.booking_code,
        booking.id,
        booking.ticket_generation,
    )
}

pub fn issue(key: &SigningKey, code: &str, booking_id: Uuid, generation: i32) -> String {
    let message = format!("{PREFIX}.{code}.{}.{generation}", booking_id.simple());
    let signature = key.sign(message.as_bytes());
    format!("{message}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// What a genuine token claims; `None` for anything not signed with `key`.
pub fn check(key: &VerifyingKey, token: &str) -> Option<Claim> {
    let (message, signature) = token.trim().rsplit_once('.')?;
    let parts: Vec<&str> = message.split('.').collect();
    let (code, id, generation) = match parts.as_slice() {
        [PREFIX, code, id, generation] => (code, id, generation.parse().ok()?),
        [FIRST_PREFIX, code, id] => (code, id, 0),
        _ => return None,
    };
    let signature: [u8; 64] = URL_SAFE_NO_PAD.decode(signature).ok()?.try_into().ok()?;
    key.verify(message.as_bytes(), &Signature::from_bytes(&signature))
        .ok()?;
    Some(Claim {
        booking_code: (*code).to_owned(),
        booking_id: id.parse().ok()?,
        generation,
    })
}

/// A confirmed booking's ticket.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
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
        token: issue_for(key, &booking),
        booking_code: booking.booking_code,
    })
}

/// What a check of a scanned ticket found.
pub enum Verdict {
    Valid(Booking),
    /// Genuine, but its booking is not confirmed (any more).
    NotValid(Booking),
    /// Genuine, but reissued since (some of its seats were cancelled): the newer ticket counts.
    Replaced(Booking),
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
    let Some(claim) = check(&key.verifying_key(), token) else {
        return Ok(Verdict::Forged);
    };
    Ok(match repo::bookings::find(pool, claim.booking_id).await? {
        Some(booking) if booking.booking_code != claim.booking_code => Verdict::Unknown,
        Some(booking) if booking.status != "confirmed" => Verdict::NotValid(booking),
        Some(booking) if !claim.is_current_for(&booking) => Verdict::Replaced(booking),
        Some(booking) => Verdict::Valid(booking),
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
        let token = issue(&key, "ABCD2345", id, 2);
        assert!(token.starts_with(&format!("MQT2.ABCD2345.{}.2.", id.simple())));
        assert!(api_types::tickets::is_token(&token));
        let claim = Claim {
            booking_code: "ABCD2345".into(),
            booking_id: id,
            generation: 2,
        };
        assert_eq!(check(&key.verifying_key(), &token), Some(claim));
        let forged = token.replace("ABCD2345", "ABCD2346");
        assert_eq!(check(&key.verifying_key(), &forged), None);
        let older = token.replacen(".2.", ".1.", 1);
        assert_eq!(check(&key.verifying_key(), &older), None);
        let other = SigningKey::from_bytes(&[8; 32]);
        assert_eq!(check(&other.verifying_key(), &token), None);
        assert_eq!(check(&key.verifying_key(), "MQT1.x"), None);
    }

    #[test]
    fn tickets_issued_before_generations_are_the_first_generation() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let id = Uuid::new_v4();
        let message = format!("MQT1.ABCD2345.{}", id.simple());
        let signature = URL_SAFE_NO_PAD.encode(key.sign(message.as_bytes()).to_bytes());
        let first = format!("{message}.{signature}");
        assert!(api_types::tickets::is_token(&first));
        let claim = check(&key.verifying_key(), &first).unwrap();
        assert_eq!((claim.booking_id, claim.generation), (id, 0));
    }
}
