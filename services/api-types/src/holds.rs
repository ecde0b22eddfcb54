//! Seat holds: a few minutes in which seats are the holder's while they pay.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A hold as the booking service answers it (`POST /holds`, `GET /holds`, `…/extend`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Best available only: whether the group had to be split over adjacent rows...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<bool>,
    /// ...and the groups it sits in (labels, a row each); one group when not split.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Vec<String>>,
}

/// `POST /holds` and `POST /bookings`: the seats by id or label (`seats` is accepted for
/// `seat_ids`, as the original's clients send), and the caller's hold of them, if any; or, for
/// `POST /holds`, `best_available` instead of seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatRequest {
    pub showtime_id: Uuid,
    #[serde(alias = "seats", default)]
    pub seat_ids: Vec<String>,
    /// The customer confirms that a wheelchair space among the seats is needed (a wheelchair
    /// space is sold only so, until the cinema releases it for anyone).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_wheelchair_space: bool,
    /// Let the service choose the best seats for a group (`POST /holds` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_available: Option<BestAvailable>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_id: Option<Uuid>,
    /// A sale at the box office to a walk-in customer (staff only, `POST /bookings`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_sale: Option<CounterSale>,
}

/// `best_available` of `POST /holds`: how many seats (1 to 10), side by side, and of which kind
/// (`standard`, `vip` or `couple`; any but wheelchair and companion spaces when absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BestAvailable {
    pub count: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat_type: Option<String>,
}

/// Who a box-office sale is for: walk-in customers have no account, so at most a name and an
/// email (the ticket is emailed there).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterSale {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
}
