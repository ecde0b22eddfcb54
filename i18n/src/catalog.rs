//! Each language's messages, as Fluent bundles.
//!
//! Native binaries (the BFF, the services, the tests) carry every language's files, compiled
//! in. The browser's bundle carries none: the page names its language's file, which the browser
//! fetches beside the WASM and hands over before hydrating ([`Language::load_messages`]). Its
//! visitor reads one language; docs/PERFORMANCE.md gives what carrying both cost.

use std::sync::{LazyLock, OnceLock};

use fluent_bundle::{FluentArgs, FluentResource, concurrent::FluentBundle};

use crate::Language;

/// One language found in `locales/` by the build script.
pub(crate) struct LanguageFiles {
    pub(crate) code: &'static str,
    /// Its `language-own-name`, known without its messages: the switch names every language.
    pub(crate) own_name: &'static str,
    /// Its files, one after the other.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) source: &'static str,
    /// `vi.<hash>.ftl`: the name the browser fetches `source` by, hashed by the build script so
    /// a browser may keep it for a year and a new text is a new name.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) file_name: &'static str,
}

// `LANGUAGES`: English first, then by code.
include!(concat!(env!("OUT_DIR"), "/languages.rs"));

pub(crate) fn languages() -> &'static [LanguageFiles] {
    LANGUAGES
}

#[cfg(not(target_arch = "wasm32"))]
impl Language {
    /// The name of this language's messages file (`vi.<hash>.ftl`) and its text.
    pub fn messages_file(self) -> (&'static str, &'static str) {
        let language = &LANGUAGES[self.0];
        (language.file_name, language.source)
    }

    /// The language whose messages file is `name`, and whether `name` is its current one
    /// (`vi.<hash>.ftl`, a hash of this build's text) rather than another build's.
    pub fn of_messages_file(name: &str) -> Option<(Language, bool)> {
        let (code, hash) = name.strip_suffix(".ftl")?.split_once('.')?;
        let valid_hash = hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        let index = LANGUAGES
            .iter()
            .position(|language| language.code == code)?;
        valid_hash.then_some((Language(index), LANGUAGES[index].file_name == name))
    }
}

type Bundle = FluentBundle<FluentResource>;

/// A bundle for each language that has been given its messages.
pub(crate) struct Catalog {
    bundles: Vec<OnceLock<Bundle>>,
}

/// The messages every lookup reads.
pub(crate) static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let catalog = Catalog::empty();
    #[cfg(not(target_arch = "wasm32"))]
    for (index, language) in LANGUAGES.iter().enumerate() {
        if let Err(problem) = catalog.load(Language(index), language.source) {
            // Tests parse every file: a broken one never gets this far.
            panic!("locales/{}: {problem}", language.code);
        }
    }
    catalog
});

impl Catalog {
    pub(crate) fn empty() -> Self {
        Self {
            bundles: LANGUAGES.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Gives `language` its messages, once; a file that does not parse is refused whole.
    pub(crate) fn load(&self, language: Language, source: &str) -> Result<(), String> {
        let resource = FluentResource::try_new(source.to_owned())
            .map_err(|(_, errors)| format!("the messages do not parse: {errors:?}"))?;
        let id = LANGUAGES[language.0]
            .code
            .parse()
            .map_err(|_| format!("{} is not a language code", LANGUAGES[language.0].code))?;
        let mut bundle = Bundle::new_concurrent(vec![id]);
        // No Unicode isolation marks around arguments: pages, emails and `.ics` files show
        // plain text, and tests compare it.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| format!("the messages clash: {errors:?}"))?;
        // Given twice (a second hydration), the first stays: both are the same file.
        let _ = self.bundles[language.0].set(bundle);
        Ok(())
    }

    /// `key` (a message, or `message.attribute`) in `language` with `args`, if the language has
    /// its messages, the message exists and every argument it names was given.
    pub(crate) fn format(
        &self,
        language: Language,
        key: &str,
        args: Option<&FluentArgs>,
    ) -> Option<String> {
        let bundle = self.bundles[language.0].get()?;
        let pattern = match key.split_once('.') {
            Some((message, attribute)) => bundle
                .get_message(message)?
                .get_attribute(attribute)?
                .value(),
            None => bundle.get_message(key)?.value()?,
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vietnamese() -> Language {
        Language::from_code("vi").expect("Vietnamese")
    }

    #[test]
    fn a_language_speaks_only_once_given_its_messages() {
        let catalog = Catalog::empty();
        assert_eq!(catalog.format(vietnamese(), "nav-sign-in", None), None);
        catalog
            .load(vietnamese(), LANGUAGES[vietnamese().0].source)
            .expect("Vietnamese parses");
        assert_eq!(
            catalog.format(vietnamese(), "nav-sign-in", None).as_deref(),
            Some("Đăng nhập")
        );
        assert_eq!(
            catalog.format(Language::english(), "nav-sign-in", None),
            None
        );
    }

    #[test]
    fn messages_that_do_not_parse_are_refused() {
        let catalog = Catalog::empty();
        let problem = catalog
            .load(vietnamese(), "nav-sign-in = {")
            .expect_err("a broken file");
        assert!(problem.contains("do not parse"), "{problem}");
        assert_eq!(catalog.format(vietnamese(), "nav-sign-in", None), None);
    }

    #[test]
    fn a_messages_file_is_named_by_its_language_and_text() {
        for language in Language::all() {
            let (name, text) = language.messages_file();
            assert!(name.starts_with(&format!("{}.", language.code())), "{name}");
            assert!(name.ends_with(".ftl") && text.contains("language-own-name"));
            assert_eq!(Language::of_messages_file(name), Some((language, true)));
        }
        let vietnamese = Some((vietnamese(), false));
        assert_eq!(
            Language::of_messages_file("vi.00000000000000ff.ftl"),
            vietnamese
        );
        for not_a_messages_file in [
            "de.00000000000000ff.ftl",
            "vi.ftl",
            "vi.xyz.ftl",
            "../Cargo.toml",
        ] {
            assert_eq!(Language::of_messages_file(not_a_messages_file), None);
        }
    }

    #[test]
    fn each_languages_own_name_is_its_message() {
        for language in Language::all() {
            assert_eq!(language.own_name(), language.text("language-own-name"));
        }
    }
}
