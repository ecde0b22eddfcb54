//! The browser's end of a live seat map: a WebSocket to the BFF's `/ws/showtimes/{id}`. It
//! gets a snapshot with a version, then changes each with the next version. A gap in the
//! versions (a missed change) or a `resync` from the server means reconnecting for a fresh
//! snapshot; a dropped connection is retried with backoff ([`crate::socket`]).

pub use api_types::live::{LiveMessage, LiveSeat};

/// What to do with a message, given the last version applied.
#[derive(Debug, PartialEq)]
pub enum Step {
    Apply(i64),
    /// Already seen (a duplicate or older than the snapshot).
    Ignore,
    Reconnect,
}

pub fn next_step(last_version: Option<i64>, message: &LiveMessage) -> Step {
    match (message, last_version) {
        (LiveMessage::Snapshot { version, .. }, _) => Step::Apply(*version),
        (LiveMessage::Resync, _) | (LiveMessage::Change { .. }, None) => Step::Reconnect,
        (LiveMessage::Change { version, .. }, Some(last)) if *version <= last => Step::Ignore,
        (LiveMessage::Change { version, .. }, Some(last)) if *version == last + 1 => {
            Step::Apply(*version)
        }
        (LiveMessage::Change { .. }, Some(_)) => Step::Reconnect,
    }
}

/// Watches the showtime's seats until the calling component is cleaned up. `on_message` gets
/// every snapshot and every change in order; `set_live` says whether changes are arriving now.
#[cfg(feature = "hydrate")]
pub fn watch(
    showtime_id: &str,
    on_message: impl Fn(LiveMessage) + 'static,
    set_live: leptos::prelude::WriteSignal<bool>,
) {
    use std::{cell::Cell, rc::Rc};

    use crate::socket::{self, Received};

    let version = Rc::new(Cell::new(None));
    let fresh = version.clone();
    socket::keep_open(
        socket::url(&format!("/ws/showtimes/{showtime_id}")),
        move || fresh.set(None),
        move |text| {
            let Ok(message) = serde_json::from_str::<LiveMessage>(text) else {
                return Received::Ignored;
            };
            match next_step(version.get(), &message) {
                Step::Apply(at) => {
                    version.set(Some(at));
                    on_message(message);
                    Received::Applied
                }
                Step::Ignore => Received::Ignored,
                Step::Reconnect => Received::Reconnect,
            }
        },
        set_live,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(version: i64) -> LiveMessage {
        LiveMessage::Change {
            version,
            status: api_types::seats::SeatStatus::Held,
            seat_ids: vec![uuid::Uuid::nil()],
        }
    }

    #[test]
    fn changes_apply_in_order_and_a_gap_means_a_fresh_snapshot() {
        assert_eq!(next_step(Some(4), &change(5)), Step::Apply(5));
        assert_eq!(next_step(Some(4), &change(4)), Step::Ignore);
        assert_eq!(next_step(Some(4), &change(3)), Step::Ignore);
        assert_eq!(next_step(Some(4), &change(7)), Step::Reconnect);
        assert_eq!(next_step(None, &change(1)), Step::Reconnect);
        assert_eq!(next_step(Some(9), &LiveMessage::Resync), Step::Reconnect);
        let snapshot = LiveMessage::Snapshot {
            version: 2,
            seats: vec![],
        };
        assert_eq!(next_step(Some(9), &snapshot), Step::Apply(2));
    }

    #[test]
    fn messages_parse_as_the_bff_sends_them() {
        let snapshot: LiveMessage = serde_json::from_str(
            r#"{"type":"snapshot","version":3,"seats":[{"id":"00000000-0000-0000-0000-00000000000a","status":"held","mine":null}]}"#,
        )
        .unwrap();
        assert!(matches!(snapshot, LiveMessage::Snapshot { version: 3, .. }));
        let change: LiveMessage = serde_json::from_str(
            r#"{"type":"change","version":4,"status":"booked","seat_ids":["00000000-0000-0000-0000-00000000000a"],"showtime_id":"x"}"#,
        )
        .unwrap();
        assert_eq!(next_step(Some(3), &change), Step::Apply(4));
    }
}
