//! The language a page is in, and the `t!` macro that gives a message in it.
//!
//! On the server, the language is decided per request: the person's choice (the `lang` cookie
//! the header's switch sets, and that signing in restores from the profile), else the browser's
//! `Accept-Language`, else the site's `DEFAULT_LANGUAGE`. The page is rendered in it with
//! `<html lang>` saying which; the browser reads that back before hydrating, so the hydrated page
//! speaks the same language with no flash of another. Changing language reloads the page.

use std::sync::OnceLock;

pub use marquee_i18n::{DateStyle, FluentValue, Language, tr};

/// The cookie that remembers the person's choice.
pub const COOKIE: &str = "marquee_lang";

/// The site's default language (server: `DEFAULT_LANGUAGE`), or the page's (browser: its
/// `<html lang>`). Set once at start.
static LANGUAGE: OnceLock<Language> = OnceLock::new();

/// Vietnamese: the demo cinemas are in Vietnam.
pub const DEFAULT_LANGUAGE: &str = "vi";

pub fn set_language(language: Language) {
    let _ = LANGUAGE.set(language);
}

fn fallback() -> Language {
    LANGUAGE
        .get()
        .copied()
        .unwrap_or_else(|| Language::from_code(DEFAULT_LANGUAGE).unwrap_or_else(Language::english))
}

/// The language of the page or server function being served.
pub fn language() -> Language {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        if let Some(language) = use_context::<Language>() {
            return language;
        }
        if let Some(parts) = use_context::<http::request::Parts>() {
            return of_request(&parts.headers);
        }
    }
    fallback()
}

/// A request's language: its `marquee_lang` cookie, else its `Accept-Language`, else the
/// site's default.
#[cfg(feature = "ssr")]
pub fn of_request(headers: &http::HeaderMap) -> Language {
    crate::api::session::cookies::get(headers, COOKIE)
        .and_then(|code| Language::from_code(&code))
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Language::negotiate)
        })
        .unwrap_or_else(fallback)
}

/// The message `key` in the page's language, with optional arguments:
/// `t!("seat-count", count = 3)`.
#[macro_export]
macro_rules! t {
    ($key:expr $(,)?) => {
        $crate::i18n::tr!($crate::i18n::language(), $key)
    };
    ($key:expr, $($rest:tt)+) => {
        $crate::i18n::tr!($crate::i18n::language(), $key, $($rest)+)
    };
}
