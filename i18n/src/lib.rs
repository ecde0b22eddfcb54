//! Marquee's words in every language it speaks.
//!
//! Messages are Fluent (<https://projectfluent.org>), one file a language in
//! `locales/<language>/marquee.ftl`, compiled into each native binary; the browser fetches its
//! page's language's file (see `catalog`). Adding a language is adding its file: the list of
//! languages, the header's switch and the negotiation with `Accept-Language` all come from the
//! files found. Everything a
//! language writes its own way — dates, durations, money — is a message too, so a new language
//! brings its formats with its words.
//!
//! Code asks for text through [`tr!`]: `tr!(lang, "seat-count", count = 3)`.

mod catalog;
mod formats;
mod language;
mod notices;

pub use fluent_bundle::FluentValue;
pub use formats::DateStyle;
pub use language::Language;
pub use notices::{NoticeParams, NoticeText};

/// The text of `key` in `language`, with `args`: `tr!(lang, "key")`, or
/// `tr!(lang, "key", count = 3, title = movie.title.clone())`.
#[macro_export]
macro_rules! tr {
    ($language:expr, $key:expr $(,)?) => {
        $crate::Language::text(&$language, $key)
    };
    ($language:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::Language::format(
            &$language,
            $key,
            &[$((stringify!($name), $crate::FluentValue::from($value))),+],
        )
    };
}

#[cfg(test)]
mod tests;
