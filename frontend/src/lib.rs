#![recursion_limit = "512"]
//! Hydrates the server-rendered page in the browser.

use marquee_app::i18n::Language;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    // Prices must read as the server rendered them.
    if let Some(code) = document
        .query_selector("meta[name=marquee-currency]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
    {
        marquee_app::format::set_currency(&code);
    }
    // The page's language, as the server rendered it: hydration must say the same words.
    let language = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Language::from_code(&code))
        .unwrap_or_else(marquee_app::i18n::language);
    marquee_app::i18n::set_language(language);
    let messages = document
        .get_element_by_id("marquee-messages")
        .and_then(|link| link.get_attribute("href"));
    wasm_bindgen_futures::spawn_local(async move {
        // The bundle carries no language's messages (see `marquee_i18n`'s `catalog`): the page
        // names its own, which the browser has been fetching beside the WASM. Without them the
        // page stays as the server rendered it, its links and forms working as plain HTML,
        // rather than coming alive with message keys for words.
        let loaded = match messages {
            Some(href) => fetch_messages(&href)
                .await
                .and_then(|text| language.load_messages(&text)),
            None => Err("the page names no messages file".to_owned()),
        };
        match loaded {
            // Lazy: each group of pages is fetched when first shown (see `marquee_app::routes`).
            Ok(()) => leptos::mount::hydrate_lazy(marquee_app::App),
            Err(problem) => leptos::logging::error!("not hydrating, no messages: {problem}"),
        }
    });
}

/// The messages at `href`, tried three times over about two seconds: a phone that loses its
/// signal for a moment should not be left with a page that does nothing.
async fn fetch_messages(href: &str) -> Result<String, String> {
    let mut problem = String::new();
    for wait_ms in [0, 500, 1_500] {
        if wait_ms > 0 {
            sleep(wait_ms).await;
        }
        match fetch_text(href).await {
            Ok(text) => return Ok(text),
            Err(error) => problem = described(&error),
        }
    }
    Err(problem)
}

/// What went wrong, in words: the release bundle formats no `Debug` (scripts/wasm-release-env.sh).
fn described(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| (error.dyn_ref::<js_sys::Error>()).map(|error| error.message().into()))
        .unwrap_or_else(|| "the request failed".to_owned())
}

async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(wait).await;
}

/// The text at `href`, fetched as the page's preload link asked for it (CORS mode, same-origin
/// credentials), so the browser answers from that download.
async fn fetch_text(href: &str) -> Result<String, JsValue> {
    let window = leptos::prelude::window();
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(href))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from_str(&format!(
            "{href} answered {}",
            response.status()
        )));
    }
    JsFuture::from(response.text()?)
        .await?
        .as_string()
        .ok_or_else(|| JsValue::from_str("the messages are not text"))
}
