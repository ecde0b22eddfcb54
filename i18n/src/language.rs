//! The languages there are messages for, and choosing one for a person.

use fluent_bundle::FluentArgs;

use crate::{
    FluentValue,
    catalog::{CATALOG, languages},
};

/// One of the languages Marquee speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language(pub(crate) usize);

impl Language {
    /// Every language there is a file for.
    pub fn all() -> impl Iterator<Item = Language> {
        (0..languages().len()).map(Language)
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
        fn primary(code: &str) -> &str {
            code.split(['-', '_']).next().unwrap_or_default()
        }
        let exact = languages()
            .iter()
            .position(|known| known.code.eq_ignore_ascii_case(code));
        exact
            .or_else(|| {
                languages()
                    .iter()
                    .position(|known| primary(known.code).eq_ignore_ascii_case(primary(code)))
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
        languages()[self.0].code
    }

    /// The language's name in itself (`Tiếng Việt`), for the switch.
    pub fn own_name(self) -> String {
        languages()[self.0].own_name.to_owned()
    }

    /// Gives this language its messages (a `.ftl` file's text): what the browser does with the
    /// page's language before hydrating, as its bundle carries none (see `catalog`). Native
    /// binaries have every language's compiled in and keep them: there it only checks `source`.
    pub fn load_messages(self, source: &str) -> Result<(), String> {
        CATALOG.load(self, source)
    }

    /// The text of a message without arguments.
    pub fn text(&self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The text of a message with arguments (see [`crate::tr!`]).
    pub fn format(&self, key: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.lookup(key, Some(&fluent_args))
    }

    /// The text of a message with arguments named at run time (the values an API error names).
    pub fn format_named(
        &self,
        key: &str,
        args: impl IntoIterator<Item = (String, FluentValue<'static>)>,
    ) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(name, value);
        }
        self.lookup(key, Some(&fluent_args))
    }

    /// The message in this language, else in English (the browser has only its page's language),
    /// else the key itself: visibly wrong, never blank.
    fn lookup(&self, key: &str, args: Option<&FluentArgs>) -> String {
        CATALOG
            .format(*self, key, args)
            .or_else(|| {
                (*self != Language::english())
                    .then(|| CATALOG.format(Language::english(), key, args))
                    .flatten()
            })
            .unwrap_or_else(|| key.to_owned())
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
