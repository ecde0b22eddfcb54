//! A film as the catalog keeps it and answers it, what a listing can filter by, and the rules
//! an added or edited film must keep.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use service_kit::Validator;

use crate::error::CatalogResult;

pub use api_types::catalog::{Movie, MovieResponse, MovieStatus, MovieText};

/// Filters of `GET /movies`; parameters it does not know are ignored, as the original did.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MovieFilter {
    /// Only films of this status (by default those not archived).
    #[param(inline)]
    pub status: Option<MovieStatus>,
    /// Words in the title (in any language) or the director's name.
    pub q: Option<String>,
    /// Only films of this genre (any case).
    pub genre: Option<String>,
    /// Only movies with showtimes still to come in this city...
    pub city: Option<String>,
    /// ...or on this day (in the cinema's time zone).
    pub date: Option<chrono::NaiveDate>,
    /// At most this many (1 to 100); every match when absent, as the original answered.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// Matches to pass over first; the original called it `skip`.
    #[serde(default, alias = "skip")]
    #[param(minimum = 0)]
    pub offset: i64,
}

pub const MAX_PAGE: i64 = 100;

/// A film as an admin adds or saves it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovieInput {
    /// The film's name in URLs: lower-case letters, digits and `-`.
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub duration_minutes: i32,
    #[serde(default)]
    pub genres: Vec<String>,
    pub language: String,
    #[serde(default = "default_age_rating")]
    pub age_rating: String,
    pub rating: Option<f64>,
    pub release_date: NaiveDate,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    #[serde(default)]
    pub director: String,
    #[serde(default)]
    pub cast: Vec<String>,
    #[serde(default = "default_status")]
    pub status: MovieStatus,
    /// The title and description in other languages (`{"vi": {"title": ...}}`).
    #[serde(default)]
    pub translations: BTreeMap<String, MovieText>,
}

/// At most this many languages besides English.
const MAX_TRANSLATIONS: usize = 20;

fn default_age_rating() -> String {
    "P".into()
}

fn default_status() -> MovieStatus {
    MovieStatus::ComingSoon
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn valid_url(url: &Option<String>) -> bool {
    url.as_deref().is_none_or(|url| {
        url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://")
    })
}

/// Keys are language codes as the web app looks them up, starting lower case (`vi`, `en-GB`).
fn valid_language_tag(tag: &str) -> bool {
    service_kit::preferred_language::is_language_tag(tag)
        && tag.starts_with(|c: char| c.is_ascii_lowercase())
}

impl MovieInput {
    /// The translations with whitespace trimmed and empty ones left out.
    pub fn translations(&self) -> BTreeMap<String, MovieText> {
        self.translations
            .iter()
            .map(|(language, text)| {
                let text = MovieText {
                    title: text.title.trim().to_owned(),
                    description: text.description.trim().to_owned(),
                };
                (language.clone(), text)
            })
            .filter(|(_, text)| !(text.title.is_empty() && text.description.is_empty()))
            .collect()
    }

    /// The fields that are wrong, each named.
    pub fn validate(&self) -> CatalogResult<()> {
        Validator::default()
            .check(
                self.translations.len() <= MAX_TRANSLATIONS
                    && self.translations.keys().all(|tag| valid_language_tag(tag)),
                "translations",
                "Translations are keyed by language code, such as vi",
            )
            .at_most(
                200,
                "translations",
                self.translations.values().map(|text| text.title.as_str()),
            )
            .at_most(
                5000,
                "translations",
                self.translations
                    .values()
                    .map(|text| text.description.as_str()),
            )
            .check(
                valid_slug(&self.slug),
                "slug",
                "Use lower-case letters, digits and '-'",
            )
            .check(
                !self.title.trim().is_empty(),
                "title",
                "A title is required",
            )
            .check(
                (1..=600).contains(&self.duration_minutes),
                "duration_minutes",
                "Duration must be 1-600 minutes",
            )
            .check(
                !self.language.trim().is_empty(),
                "language",
                "A language is required",
            )
            .check(
                self.rating
                    .is_none_or(|rating| (0.0..=10.0).contains(&rating)),
                "rating",
                "Rating must be 0-10",
            )
            .check(
                valid_url(&self.poster_url),
                "poster_url",
                "Use a path or an http(s) URL",
            )
            .check(
                valid_url(&self.trailer_url),
                "trailer_url",
                "Use a path or an http(s) URL",
            )
            .at_most(200, "title", [self.title.as_str()])
            .at_most(5000, "description", [self.description.as_str()])
            .at_most(50, "language", [self.language.as_str()])
            .at_most(10, "age_rating", [self.age_rating.as_str()])
            .at_most(500, "poster_url", self.poster_url.as_deref())
            .at_most(500, "trailer_url", self.trailer_url.as_deref())
            .at_most(200, "director", [self.director.as_str()])
            .at_most(50, "genres", self.genres.iter().map(String::as_str))
            .at_most(100, "cast", self.cast.iter().map(String::as_str))
            .check(self.genres.len() <= 20, "genres", "At most 20 genres")
            .check(self.cast.len() <= 50, "cast", "At most 50 names")
            .verdict()?;
        Ok(())
    }
}
