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

/// The language of the page, server function or BFF handler being served.
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
        if let Ok(language) = REQUEST_LANGUAGE.try_with(|language| *language) {
            return language;
        }
    }
    fallback()
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The language of the request a BFF handler serves, outside any Leptos context (forms,
    /// the calendar file): set around each request by [`speaking`].
    static REQUEST_LANGUAGE: Language;
}

/// Runs `serve` (a request's handling) speaking `language`.
#[cfg(feature = "ssr")]
pub async fn speaking<F: std::future::Future>(language: Language, serve: F) -> F::Output {
    REQUEST_LANGUAGE.scope(language, serve).await
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

/// A message's text before and after one of its arguments (`part`, as the message wrote it):
/// the argument can then be marked up where the language put it, `("", " seats left")` around
/// `32`. A number is found only whole, not inside a longer one. When the message does not show
/// it, all of the text is before.
pub fn around(text: &str, part: &str) -> (String, String) {
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let found = text.match_indices(part).map(|(at, _)| at).find(|&at| {
        !digit(text[..at].chars().next_back()) && !digit(text[at + part.len()..].chars().next())
    });
    match found {
        Some(at) => (text[..at].to_owned(), text[at + part.len()..].to_owned()),
        None => (text.to_owned(), String::new()),
    }
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

#[cfg(test)]
mod tests {
    use super::around;

    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn a_handler_outside_leptos_speaks_its_requests_language() {
        for each in super::Language::all() {
            assert_eq!(
                super::speaking(each, async { super::language() }).await,
                each
            );
        }
    }

    #[test]
    fn a_message_is_split_around_its_argument_where_the_language_put_it() {
        assert_eq!(
            around("32 seats left", "32"),
            (String::new(), " seats left".to_owned())
        );
        assert_eq!(
            around("Còn 2/12 ghế", "12"),
            ("Còn 2/".to_owned(), " ghế".to_owned())
        );
        assert_eq!(around("12 of 2", "2"), ("12 of ".to_owned(), String::new()));
        assert_eq!(
            around("Sold out", "7"),
            ("Sold out".to_owned(), String::new())
        );
    }
}
