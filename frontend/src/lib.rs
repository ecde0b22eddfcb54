#![recursion_limit = "512"]
//! Hydrates the server-rendered page in the browser.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Prices must read as the server rendered them.
    if let Some(code) = leptos::prelude::document()
        .query_selector("meta[name=marquee-currency]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
    {
        marquee_app::format::set_currency(&code);
    }
    // The page's language, as the server rendered it: hydration must say the same words.
    if let Some(language) = leptos::prelude::document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| marquee_app::i18n::Language::from_code(&code))
    {
        marquee_app::i18n::set_language(language);
    }
    // Lazy: each group of pages is fetched when first shown (see `marquee_app::routes`).
    leptos::mount::hydrate_lazy(marquee_app::App);
}
