//! The catalog as the movie service answers it: films (`GET /movies/{id}`) and a hall as its
//! editor needs it (`GET /halls/{id}`).

use std::{collections::BTreeMap, fmt, str::FromStr};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a film is in its run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MovieStatus {
    NowShowing,
    #[default]
    ComingSoon,
    /// No longer offered (kept for the showtimes it had).
    Archived,
}

impl MovieStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NowShowing => "now_showing",
            Self::ComingSoon => "coming_soon",
            Self::Archived => "archived",
        }
    }
}

/// A word that is no [`MovieStatus`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownMovieStatus(pub String);

impl fmt::Display for UnknownMovieStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown movie status {:?}", self.0)
    }
}

impl std::error::Error for UnknownMovieStatus {}

impl FromStr for MovieStatus {
    type Err = UnknownMovieStatus;

    fn from_str(word: &str) -> Result<Self, Self::Err> {
        match word {
            "now_showing" => Ok(Self::NowShowing),
            "coming_soon" => Ok(Self::ComingSoon),
            "archived" => Ok(Self::Archived),
            other => Err(UnknownMovieStatus(other.to_owned())),
        }
    }
}

impl TryFrom<String> for MovieStatus {
    type Error = UnknownMovieStatus;

    fn try_from(word: String) -> Result<Self, Self::Error> {
        word.parse()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Movie {
    pub id: Uuid,
    /// The film's name in URLs.
    pub slug: String,
    pub title: String,
    pub description: String,
    pub duration_minutes: i32,
    pub genres: Vec<String>,
    pub language: String,
    /// Vietnam's age classes: P, K, T13, T16, T18.
    pub age_rating: String,
    /// 0–10, one decimal.
    pub rating: Option<f64>,
    pub release_date: NaiveDate,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    pub director: String,
    pub cast: Vec<String>,
    pub status: MovieStatus,
    /// The title and description in other languages than English, by language code (`vi`);
    /// `title` and `description` are the English ones.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, MovieText>,
}

/// The language of a film's own `title` and `description`; `translations` hold the others.
pub const CATALOG_LANGUAGE: &str = "en";

/// A film's title and description in one language; either may be empty (then the English
/// one is shown).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovieText {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// A film as `GET /movies…` answers it: every field of the original API plus Marquee's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovieResponse {
    #[serde(flatten)]
    pub movie: Movie,
    /// The original's single genre string, e.g. "Action, Sci-Fi".
    pub genre: String,
    pub is_active: bool,
}

impl From<Movie> for MovieResponse {
    fn from(movie: Movie) -> Self {
        Self {
            genre: movie.genres.join(", "),
            is_active: movie.status != MovieStatus::Archived,
            movie,
        }
    }
}

/// A hall as its editor needs it: the layout as it was drawn and the seats taken out of sale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HallDetail {
    pub id: Uuid,
    pub cinema_id: Uuid,
    pub cinema_name: String,
    pub name: String,
    /// One string a row, one character a cell (see the movie service's layout codes).
    pub layout: Vec<String>,
    /// Labels of the seats not for sale, e.g. `B5`.
    pub blocked: Vec<String>,
    pub total_seats: i64,
    /// Scheduled showtimes still to end in the hall: while there are any, the layout is fixed.
    pub upcoming_showtimes: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_movie_status_reads_back_the_word_it_is_stored_as() {
        for status in [
            MovieStatus::NowShowing,
            MovieStatus::ComingSoon,
            MovieStatus::Archived,
        ] {
            assert_eq!(status.as_str().parse::<MovieStatus>(), Ok(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert!("showing".parse::<MovieStatus>().is_err());
    }
}
