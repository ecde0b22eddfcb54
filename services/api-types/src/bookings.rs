//! Bookings as the booking service answers them (`GET /bookings/{id}`, `POST /bookings`, …)
//! and as its events carry them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub id: Uuid,
    pub user_id: Uuid,
    /// What people read out at the box office (8 characters, no 0/O or 1/I).
    pub booking_code: String,
    pub showtime_id: Uuid,
    pub total_seats: i32,
    /// Whole currency units, as a decimal string like the original's.
    pub total_price: String,
    /// The same amount as an integer of whole currency units (VND has no minor unit).
    #[serde(default)]
    pub total_price_whole: i64,
    /// `pending`, `confirmed`, `cancelled` or `expired`.
    pub status: String,
    /// `unpaid`, `paid` or `refunded`.
    pub payment_status: String,
    /// When an unpaid booking lapses.
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub contact_email: Option<String>,
    /// The seats the booking has (all of them, for a booking that ended whole).
    pub seats: Vec<BookedSeat>,
    /// Seats given back one by one (and refunded at their price) while the rest were kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cancelled_seats: Vec<BookedSeat>,
    /// How many times the e-ticket was reissued (each seat cancellation reissues it); only a
    /// ticket of the current generation is valid.
    #[serde(default)]
    pub ticket_generation: i32,
    /// `online`, or `box_office` for a sale at the counter.
    #[serde(default = "online")]
    pub sales_channel: String,
    /// The staff member who sold it at the counter.
    #[serde(default)]
    pub sold_by: Option<Uuid>,
    /// A walk-in customer's name, as given at the counter.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// When the ticket was let in at the door (once only).
    #[serde(default)]
    pub admitted_at: Option<DateTime<Utc>>,
    /// The language the booking was made in (`vi`, `en`), which its emails and notices speak.
    #[serde(default)]
    pub language: Option<String>,
}

fn online() -> String {
    SALES_ONLINE.to_owned()
}

pub const SALES_ONLINE: &str = "online";
pub const SALES_BOX_OFFICE: &str = "box_office";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookedSeat {
    pub seat_id: Uuid,
    pub label: String,
    pub seat_type: String,
    /// Whole currency units, as a decimal string.
    pub price: String,
    /// The same amount as an integer of whole currency units.
    #[serde(default)]
    pub price_whole: i64,
}

/// `POST /bookings/{id}/cancel`: without a body (or with no seats) the whole booking; with
/// `seat_ids` (ids or labels), only those seats of a confirmed booking, the rest kept on a
/// reissued ticket.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRequest {
    #[serde(default, alias = "seats")]
    pub seat_ids: Vec<String>,
}

impl Booking {
    pub fn seat_ids(&self) -> Vec<Uuid> {
        self.seats.iter().map(|seat| seat.seat_id).collect()
    }
}
