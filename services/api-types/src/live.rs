//! The live seat feed: the booking service announces each seat change on a Redis channel per
//! showtime, with a version from a counter per showtime; the BFF fans the changes out to
//! browsers over WebSockets, after a snapshot. Both ends name the same keys from here.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::seats::SeatStatus;

/// The Redis pub/sub channel of a showtime's seat changes.
pub fn seat_channel(showtime_id: Uuid) -> String {
    format!("seats:{showtime_id}")
}

/// The Redis counter a showtime's seat changes are numbered by.
pub fn seat_version_key(showtime_id: Uuid) -> String {
    format!("seats:version:{showtime_id}")
}

/// The Redis pub/sub channel told when a booking is settled (confirmed, cancelled or expired),
/// so a box office waiting on a payment hears it at once.
pub fn booking_channel(booking_id: Uuid) -> String {
    format!("booking:{booking_id}")
}

/// The Redis key holding the catalog's current version (`{instance}:{version}`), written by the
/// movie service whenever the catalog changes, so copies of catalog data can be checked cheaply.
pub const CATALOG_VERSION_KEY: &str = "catalog:version";

/// What the booking service publishes on [`seat_channel`]: these seats are now `status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatChange {
    pub showtime_id: Uuid,
    pub status: SeatStatus,
    pub seat_ids: Vec<Uuid>,
    /// Set by the publishing script, one more than the last change of the showtime.
    #[serde(default)]
    pub version: i64,
}

/// A seat in a snapshot sent to a browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveSeat {
    pub id: Uuid,
    pub status: SeatStatus,
    #[serde(default)]
    pub mine: Option<bool>,
}

/// What a browser watching a showtime receives over its WebSocket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LiveMessage {
    /// Every seat's status, at `version`.
    Snapshot { version: i64, seats: Vec<LiveSeat> },
    /// The next change after the last one sent.
    Change {
        version: i64,
        status: SeatStatus,
        seat_ids: Vec<Uuid>,
    },
    /// Changes were missed: connect again for a fresh snapshot.
    Resync,
}

impl From<SeatChange> for LiveMessage {
    fn from(change: SeatChange) -> Self {
        Self::Change {
            version: change.version,
            status: change.status,
            seat_ids: change.seat_ids,
        }
    }
}

/// What a lobby board receives over its one WebSocket (`/ws/board?showtimes=…`): how many
/// seats of its showtimes are booked and held, first for all of them, then for each one whose
/// seats changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardUpdate {
    pub showtimes: Vec<crate::seats::Occupancy>,
}

/// Showtimes one board may watch.
pub const MAX_BOARD_SHOWTIMES: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_change_reaches_the_browser_tagged_as_a_change() {
        let seat = Uuid::nil();
        let change: SeatChange = serde_json::from_str(&format!(
            r#"{{"showtime_id":"{seat}","status":"held","seat_ids":["{seat}"],"version":4}}"#
        ))
        .unwrap();
        let message = serde_json::to_value(LiveMessage::from(change)).unwrap();
        assert_eq!(message["type"], "change");
        assert_eq!(message["version"], 4);
        assert_eq!(message["status"], "held");
    }

    #[test]
    fn names_are_per_showtime() {
        let id = Uuid::nil();
        assert_eq!(seat_channel(id), format!("seats:{id}"));
        assert_eq!(seat_version_key(id), format!("seats:version:{id}"));
    }
}
