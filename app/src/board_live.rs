//! The browser's end of a lobby board's live counts: one WebSocket to the BFF's
//! `/ws/board?showtimes=…` for every showtime on the board. It gets the counts of all of them,
//! then of each one whose seats change; a dropped connection is retried ([`crate::socket`]), and
//! the board shows itself "reconnecting" meanwhile.

pub use api_types::live::BoardUpdate;

/// The clock of a cinema's time zone, `19:42`, as the browser tells it (Intl).
#[cfg(feature = "hydrate")]
pub fn clock_in(time_zone: &str) -> Option<String> {
    use wasm_bindgen::JsValue;
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", time_zone),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    js_sys::Reflect::set(&options, &"hour12".into(), &JsValue::FALSE).ok()?;
    let text: String = js_sys::Date::new_0()
        .to_locale_time_string_with_options("en-GB", &options)
        .into();
    Some(text)
}

/// Watches the showtimes' counts until the calling component (or effect) is cleaned up.
#[cfg(feature = "hydrate")]
pub fn watch(
    showtime_ids: &[String],
    on_update: impl Fn(BoardUpdate) + 'static,
    set_live: leptos::prelude::WriteSignal<bool>,
) {
    use crate::socket::{self, Received};

    let ids: Vec<String> = showtime_ids
        .iter()
        .map(|id| crate::api::uuid_only(id))
        .collect();
    socket::keep_open(
        socket::url(&format!("/ws/board?showtimes={}", ids.join(","))),
        || {},
        move |text| match serde_json::from_str::<BoardUpdate>(text) {
            Ok(update) => {
                on_update(update);
                Received::Applied
            }
            Err(_) => Received::Ignored,
        },
        set_live,
    );
}
