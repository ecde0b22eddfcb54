//! Seat holds: a few minutes in which seats are the holder's while they pay.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A hold as the booking service answers it (`POST /holds`, `GET /holds`, `…/extend`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hold {
    pub id: Uuid,
    pub user_id: Uuid,
    pub showtime_id: Uuid,
    pub seat_ids: Vec<Uuid>,
    /// The seats' labels, in the order of `seat_ids`.
    pub seats: Vec<String>,
    pub expires_at: DateTime<Utc>,
    /// A hold is extended once at most.
    pub extended: bool,
}

/// `POST /holds` and `POST /bookings`: the seats by id or label (`seats` is accepted for
/// `seat_ids`, as the original's clients send), and the caller's hold of them, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatRequest {
    pub showtime_id: Uuid,
    #[serde(alias = "seats")]
    pub seat_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_id: Option<Uuid>,
    /// A sale at the box office to a walk-in customer (staff only, `POST /bookings`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_sale: Option<CounterSale>,
}

/// Who a box-office sale is for: walk-in customers have no account, so at most a name and an
/// email (the ticket is emailed there).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CounterSale {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
}
