//! A WebSocket to the BFF that stays connected: a dropped connection is opened again after an
//! exponential backoff with jitter, and the page is told whether messages are arriving. The
//! seat map's feed and the lobby board's counts both ride on it.

/// What the receiver made of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Applied: the connection is live.
    Applied,
    /// Already seen or not for us.
    Ignored,
    /// Something was missed: connect again at once, for a fresh start.
    Reconnect,
}

/// Milliseconds to wait before reconnect attempt `attempt` (0-based): doubling from half a
/// second to at most fifteen, with `jitter` in [0, 1) taking off up to half, so that many
/// browsers cut off together do not all come back at once.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u32 {
    let ceiling = 500u32.saturating_mul(1 << attempt.min(5)).min(15_000);
    ceiling - (f64::from(ceiling) * 0.5 * jitter.clamp(0.0, 1.0)) as u32
}

/// `ws://host/path` or `wss://…`, as the page was served.
#[cfg(feature = "hydrate")]
pub fn url(path: &str) -> String {
    let location = leptos::prelude::window().location();
    let scheme = if location.protocol().as_deref() == Ok("https:") {
        "wss"
    } else {
        "ws"
    };
    format!("{scheme}://{}{path}", location.host().unwrap_or_default())
}

#[cfg(feature = "hydrate")]
pub use browser::keep_open;

#[cfg(feature = "hydrate")]
mod browser {
    use std::{cell::RefCell, rc::Rc, time::Duration};

    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    use super::{Received, backoff_ms};

    struct Connection {
        url: String,
        socket: Option<WebSocket>,
        attempts: u32,
        stopped: bool,
        on_open: Box<dyn Fn()>,
        on_text: Box<dyn Fn(&str) -> Received>,
        set_live: WriteSignal<bool>,
    }

    type Shared = Rc<RefCell<Connection>>;

    /// Keeps a socket to `url` open until the calling component (or effect) is cleaned up:
    /// `on_open` runs before each connection, `on_text` gets each message; `set_live` says
    /// whether messages are being applied right now.
    pub fn keep_open(
        url: String,
        on_open: impl Fn() + 'static,
        on_text: impl Fn(&str) -> Received + 'static,
        set_live: WriteSignal<bool>,
    ) {
        let connection: Shared = Rc::new(RefCell::new(Connection {
            url,
            socket: None,
            attempts: 0,
            stopped: false,
            on_open: Box::new(on_open),
            on_text: Box::new(on_text),
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
        (connection.borrow().on_open)();
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
                let received = (connection.borrow().on_text)(&text);
                match received {
                    Received::Applied => {
                        let mut state = connection.borrow_mut();
                        state.attempts = 0;
                        state.set_live.set(true);
                    }
                    Received::Ignored => {}
                    Received::Reconnect => reconnect_now(&connection),
                }
            })
        };
        let on_close = {
            let connection = Rc::downgrade(connection);
            let this_socket = socket.clone();
            Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
                let Some(connection) = connection.upgrade() else {
                    return;
                };
                if connection.borrow().socket.as_ref() == Some(&this_socket) {
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

    /// Drops the socket and opens a new one at once.
    fn reconnect_now(connection: &Shared) {
        let socket = connection.borrow_mut().socket.take();
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
