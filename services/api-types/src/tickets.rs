//! Tickets at the door: `POST /tickets/admit` (staff) lets a ticket in once, and
//! `GET /showtimes/{id}/admissions` counts who is in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What every ticket token begins with: `MQT2.` now, `MQT1.` for tickets issued before tickets
/// had generations (see the booking service's `domain::tickets`).
pub const TOKEN_PREFIXES: [&str; 2] = ["MQT2.", "MQT1."];

/// Whether scanned or typed text is a ticket's token (anything else is read as a booking code).
pub fn is_token(text: &str) -> bool {
    TOKEN_PREFIXES.iter().any(|prefix| text.starts_with(prefix))
}

/// `POST /tickets/admit`: the scanned ticket token, or the booking code read out or typed; with
/// the cinema the door belongs to, a ticket for another cinema is refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdmitRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cinema_id: Option<Uuid>,
}

/// A ticket let in: what the door shows in green.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Admission {
    pub admitted: bool,
    pub booking_id: Uuid,
    pub booking_code: String,
    pub showtime_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub seats: Vec<String>,
    pub count: usize,
    pub admitted_at: DateTime<Utc>,
    pub admitted_by: Uuid,
}

/// Why a ticket is not let in, as the `reason` of an admit refusal: a stable word for screens
/// and metrics beside the English `detail`.
pub mod refusal {
    pub const FORGED: &str = "forged";
    pub const UNKNOWN: &str = "unknown_booking";
    pub const NOT_CONFIRMED: &str = "not_confirmed";
    pub const ALREADY_ADMITTED: &str = "already_admitted";
    pub const WRONG_CINEMA: &str = "wrong_cinema";
    pub const TOO_EARLY: &str = "too_early";
    pub const TOO_LATE: &str = "too_late";
    /// A ticket reissued since (some of its seats were cancelled): only the newest admits.
    pub const REPLACED: &str = "replaced";
    /// Every reason, for metrics that start each at zero.
    pub const ALL: [&str; 8] = [
        FORGED,
        UNKNOWN,
        NOT_CONFIRMED,
        ALREADY_ADMITTED,
        WRONG_CINEMA,
        TOO_EARLY,
        TOO_LATE,
        REPLACED,
    ];
}

/// `GET /showtimes/{id}/admissions`: seats sold (confirmed bookings) and seats let in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdmissionCounts {
    pub showtime_id: Uuid,
    pub sold_seats: i64,
    pub admitted_seats: i64,
    pub sold_bookings: i64,
    pub admitted_bookings: i64,
}
