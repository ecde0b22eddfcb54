//! The languages there are messages for, and choosing one for a person.

use std::{borrow::Cow, collections::HashMap, sync::LazyLock};

use fluent_templates::{LanguageIdentifier, Loader};

use crate::{FluentValue, LOCALES};

/// The languages found in `locales/`, English first (the fallback), the rest by code.
static LANGUAGES: LazyLock<Vec<(LanguageIdentifier, String)>> = LazyLock::new(|| {
    let mut found: Vec<(LanguageIdentifier, String)> = LOCALES
        .locales()
        .map(|id| (id.clone(), id.to_string()))
        .collect();
    found.sort_by(|(_, a), (_, b)| (a != "en", a).cmp(&(b != "en", b)));
    found
});

/// One of the languages Marquee speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language(usize);

impl Language {
    /// Every language there is a file for.
    pub fn all() -> impl Iterator<Item = Language> {
        (0..LANGUAGES.len()).map(Language)
    }

    /// English: the language of the API's words and the fallback for a missing message.
    pub fn english() -> Language {
        Language(0)
    }

    /// The language a code names (`vi`, `vi-VN`, `EN`), if Marquee speaks it. A regional code
    /// takes the language's own file when there is no file for the region.
    pub fn from_code(code: &str) -> Option<Language> {
        let code = code.trim();
        if code.is_empty() || code.len() > 35 {
            return None;
        }
        let exact = LANGUAGES
            .iter()
            .position(|(_, known)| known.eq_ignore_ascii_case(code));
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        exact
            .or_else(|| {
                LANGUAGES
                    .iter()
                    .position(|(id, _)| id.language.as_str().eq_ignore_ascii_case(primary))
            })
            .map(Language)
    }

    /// The first language of an `Accept-Language` header (by its weights) that Marquee
    /// speaks: `vi-VN,vi;q=0.9,en;q=0.8` -> Vietnamese.
    pub fn negotiate(accept_language: &str) -> Option<Language> {
        let mut wanted: Vec<(f32, usize, &str)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let code = parts.next()?.trim();
                let weight = parts
                    .find_map(|part| part.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (weight > 0.0 && code != "*").then_some((weight, position, code))
            })
            .collect();
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        wanted
            .into_iter()
            .find_map(|(_, _, code)| Self::from_code(code))
    }

    /// `vi`, `en`: for `<html lang>`, cookies and profiles.
    pub fn code(self) -> &'static str {
        &LANGUAGES[self.0].1
    }

    /// The language's name in itself (`Tiếng Việt`), for the switch.
    pub fn own_name(self) -> String {
        self.text("language-own-name")
    }

    /// The text of a message without arguments.
    pub fn text(&self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The text of a message with arguments (see [`crate::tr!`]).
    pub fn format(&self, key: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.clone().into_owned()))
            .collect();
        self.lookup(key, Some(&args))
    }

    /// The text of a message with arguments named at run time (the values an API error names).
    pub fn format_named(
        &self,
        key: &str,
        args: impl IntoIterator<Item = (String, FluentValue<'static>)>,
    ) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .into_iter()
            .map(|(name, value)| (Cow::Owned(name), value))
            .collect();
        self.lookup(key, Some(&args))
    }

    fn lookup(
        &self,
        key: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'static>>>,
    ) -> String {
        let id = &LANGUAGES[self.0].0;
        LOCALES
            .try_lookup_complete(id, key, args)
            // A key no file has shows as itself: visibly wrong, never blank.
            .unwrap_or_else(|| key.to_owned())
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
