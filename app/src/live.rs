//! The browser's end of a live seat map: a WebSocket to the BFF's `/ws/showtimes/{id}`. It
//! gets a snapshot with a version, then changes each with the next version. A gap in the
//! versions (a missed change) or a `resync` from the server means reconnecting for a fresh
//! snapshot; a dropped connection is retried with exponential backoff and jitter.

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

/// Milliseconds to wait before reconnect attempt `attempt` (0-based): doubling from half a
/// second to at most fifteen, with `jitter` in [0, 1) taking off up to half, so that many
/// browsers cut off together do not all come back at once.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u32 {
    let ceiling = 500u32.saturating_mul(1 << attempt.min(5)).min(15_000);
    ceiling - (f64::from(ceiling) * 0.5 * jitter.clamp(0.0, 1.0)) as u32
}

#[cfg(feature = "hydrate")]
pub use browser::watch;

#[cfg(feature = "hydrate")]
mod browser {
    use std::{cell::RefCell, rc::Rc, time::Duration};

    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    use super::{LiveMessage, Step, backoff_ms, next_step};

    struct Connection {
        url: String,
        socket: Option<WebSocket>,
        version: Option<i64>,
        attempts: u32,
        stopped: bool,
        on_message: Box<dyn Fn(LiveMessage)>,
        set_live: WriteSignal<bool>,
    }

    type Shared = Rc<RefCell<Connection>>;

    /// Watches the showtime's seats until the calling component is cleaned up. `on_message`
    /// gets every snapshot and every change in order; `set_live` says whether changes are
    /// arriving right now.
    pub fn watch(
        showtime_id: &str,
        on_message: impl Fn(LiveMessage) + 'static,
        set_live: WriteSignal<bool>,
    ) {
        let location = window().location();
        let scheme = if location.protocol().as_deref() == Ok("https:") {
            "wss"
        } else {
            "ws"
        };
        let host = location.host().unwrap_or_default();
        let connection: Shared = Rc::new(RefCell::new(Connection {
            url: format!("{scheme}://{host}/ws/showtimes/{showtime_id}"),
            socket: None,
            version: None,
            attempts: 0,
            stopped: false,
            on_message: Box::new(on_message),
            set_live,
        }));
        open(&connection);
        let on_leave = SendWrapper::new(connection);
        on_cleanup(move || {
            let connection = on_leave.take();
            let mut state = connection.borrow_mut();
            state.stopped = true;
            if let Some(socket) = state.socket.take() {
                let _ = socket.close();
            }
        });
    }

    fn open(connection: &Shared) {
        let url = connection.borrow().url.clone();
        let Ok(socket) = WebSocket::new(&url) else {
            retry_later(connection);
            return;
        };
        let on_message = {
            let connection = Rc::downgrade(connection);
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let (Some(connection), Some(text)) =
                    (connection.upgrade(), event.data().as_string())
                else {
                    return;
                };
                let Ok(message) = serde_json::from_str::<LiveMessage>(&text) else {
                    return;
                };
                receive(&connection, message);
            })
        };
        let on_close = {
            let connection = Rc::downgrade(connection);
            let this_socket = socket.clone();
            Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
                let Some(connection) = connection.upgrade() else {
                    return;
                };
                let current = connection.borrow().socket.as_ref() == Some(&this_socket);
                if current {
                    connection.borrow_mut().socket = None;
                    connection.borrow().set_live.set(false);
                    retry_later(&connection);
                }
            })
        };
        socket.set_onmessage(Some(on_message.into_js_value().unchecked_ref()));
        socket.set_onclose(Some(on_close.into_js_value().unchecked_ref()));
        connection.borrow_mut().socket = Some(socket);
    }

    fn receive(connection: &Shared, message: LiveMessage) {
        let step = next_step(connection.borrow().version, &message);
        match step {
            Step::Apply(version) => {
                {
                    let mut state = connection.borrow_mut();
                    state.version = Some(version);
                    state.attempts = 0;
                    state.set_live.set(true);
                }
                (connection.borrow().on_message)(message);
            }
            Step::Ignore => {}
            Step::Reconnect => reconnect_now(connection),
        }
    }

    /// Drops the socket and opens a new one at once, for a fresh snapshot.
    fn reconnect_now(connection: &Shared) {
        let socket = {
            let mut state = connection.borrow_mut();
            state.version = None;
            state.socket.take()
        };
        if let Some(socket) = socket {
            let _ = socket.close();
        }
        connection.borrow().set_live.set(false);
        open(connection);
    }

    fn retry_later(connection: &Shared) {
        let delay = {
            let mut state = connection.borrow_mut();
            if state.stopped {
                return;
            }
            state.version = None;
            state.attempts += 1;
            backoff_ms(state.attempts - 1, js_sys::Math::random())
        };
        let connection = Rc::downgrade(connection);
        set_timeout(
            move || {
                if let Some(connection) = connection.upgrade()
                    && !connection.borrow().stopped
                {
                    open(&connection);
                }
            },
            Duration::from_millis(u64::from(delay)),
        );
    }
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

    #[test]
    fn reconnects_back_off_with_jitter_up_to_fifteen_seconds() {
        assert_eq!(backoff_ms(0, 0.0), 500);
        assert_eq!(backoff_ms(1, 0.0), 1_000);
        assert_eq!(backoff_ms(3, 0.0), 4_000);
        assert_eq!(backoff_ms(30, 0.0), 15_000);
        assert!((250..=251).contains(&backoff_ms(0, 0.999)));
        assert!((7_500..=15_000).contains(&backoff_ms(10, 0.5)));
    }
}
