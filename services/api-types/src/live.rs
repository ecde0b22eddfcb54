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

/// The Redis hash of a showtime's taken seats, so a seat map is one Redis read: seat id ->
/// [`TakenStatus::field_value`], and [`STATUSES_VERSION_FIELD`] -> the feed's version it is at.
/// The booking service builds it from its own records and then keeps it, in the same script
/// that numbers and publishes each change; it lapses by itself after a while and is missing
/// after Redis lost its data, and then the booking service is asked (and builds it again).
pub fn seat_statuses_key(showtime_id: Uuid) -> String {
    format!("seats:statuses:{showtime_id}")
}

/// The field of [`seat_statuses_key`] holding the version of the last change applied.
pub const STATUSES_VERSION_FIELD: &str = "version";

/// A taken seat as [`seat_statuses_key`] keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakenStatus {
    /// Held, by this user.
    Held(Uuid),
    /// In this pending or confirmed booking.
    Booked(Uuid),
}

impl TakenStatus {
    /// The hash's value for the seat: `held:{user}` or `booked:{booking}`. Whose it is lets a
    /// late freeing (a lapse announced after someone else took the seat) leave it alone.
    pub fn field_value(self) -> String {
        match self {
            Self::Held(holder) => format!("held:{holder}"),
            Self::Booked(booking) => format!("booked:{booking}"),
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value.split_once(':')? {
            ("held", holder) => holder.parse().ok().map(Self::Held),
            ("booked", booking) => booking.parse().ok().map(Self::Booked),
            _ => None,
        }
    }

    pub fn status(self) -> SeatStatus {
        match self {
            Self::Held(_) => SeatStatus::Held,
            Self::Booked(_) => SeatStatus::Booked,
        }
    }
}

/// A showtime's taken seats read from [`seat_statuses_key`], at `version`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TakenSeats {
    pub version: i64,
    pub seats: Vec<(Uuid, TakenStatus)>,
}

impl TakenSeats {
    /// The hash's fields, or `None` when it is missing (an empty hash is not kept by Redis, so
    /// a built one always has its version field).
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<Self> {
        let mut version = None;
        let mut seats = Vec::new();
        for (field, value) in fields {
            if field == STATUSES_VERSION_FIELD {
                version = value.parse().ok();
            } else if let (Ok(seat), Some(status)) = (field.parse(), TakenStatus::parse(value)) {
                seats.push((seat, status));
            }
        }
        Some(Self {
            version: version?,
            seats,
        })
    }
}

/// The Redis pub/sub channel told when a booking is settled (confirmed, cancelled or expired),
/// so a box office waiting on a payment hears it at once.
pub fn booking_channel(booking_id: Uuid) -> String {
    format!("{BOOKING_CHANNEL_PREFIX}{booking_id}")
}

const BOOKING_CHANNEL_PREFIX: &str = "booking:";

/// The pattern matching every booking's [`booking_channel`], for one subscription to them all.
pub const BOOKING_CHANNELS: &str = "booking:*";

/// The booking a [`booking_channel`] is about.
pub fn booking_of_channel(channel: &str) -> Option<Uuid> {
    channel.strip_prefix(BOOKING_CHANNEL_PREFIX)?.parse().ok()
}

/// The Redis key holding the catalog's current version (`{instance}:{version}`), written by the
/// movie service whenever the catalog changes, so copies of catalog data can be checked cheaply.
pub const CATALOG_VERSION_KEY: &str = "catalog:version";

/// What the booking service publishes on [`seat_channel`]: these seats are now `status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveSeat {
    pub id: Uuid,
    pub status: SeatStatus,
    #[serde(default)]
    pub mine: Option<bool>,
}

/// What a browser watching a showtime receives over its WebSocket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    fn taken_seats_read_back_as_the_booking_service_wrote_them() {
        let (seat, holder) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let held = TakenStatus::Held(holder).field_value();
        let booked = TakenStatus::Booked(Uuid::from_u128(4)).field_value();
        let other = Uuid::from_u128(3).to_string();
        let fields = [
            ("version", "7"),
            (&*seat.to_string(), &*held),
            (&*other, &*booked),
            ("junk", "held:not-a-uuid"),
        ];
        let taken = TakenSeats::from_fields(fields.iter().map(|(f, v)| (*f, *v))).unwrap();
        assert_eq!(taken.version, 7);
        assert_eq!(
            taken.seats,
            vec![
                (seat, TakenStatus::Held(holder)),
                (Uuid::from_u128(3), TakenStatus::Booked(Uuid::from_u128(4)))
            ]
        );
        assert_eq!(
            TakenSeats::from_fields([]),
            None,
            "a missing hash is not an empty one"
        );
    }

    #[test]
    fn names_are_per_showtime() {
        let id = Uuid::nil();
        assert_eq!(seat_channel(id), format!("seats:{id}"));
        assert_eq!(booking_of_channel(&booking_channel(id)), Some(id));
        assert_eq!(booking_of_channel(&seat_channel(id)), None);
        assert_eq!(
            BOOKING_CHANNELS.strip_suffix('*'),
            Some(BOOKING_CHANNEL_PREFIX),
            "the pattern matches every booking's channel"
        );
        assert_eq!(seat_version_key(id), format!("seats:version:{id}"));
    }
}
