//! Movies: what the catalog shows, in the original API's shape plus richer fields.

pub mod handlers;
pub mod repository;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum MovieStatus {
    NowShowing,
    ComingSoon,
    Archived,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Movie {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub duration_minutes: i32,
    pub genres: Vec<String>,
    pub language: String,
    pub age_rating: String,
    pub rating: Option<f64>,
    pub release_date: NaiveDate,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    pub director: String,
    pub cast: Vec<String>,
    pub status: MovieStatus,
}

/// The wire form: every field of the original API plus Marquee's own.
#[derive(Debug, Serialize)]
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

/// Filters of `GET /movies`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovieFilter {
    pub status: Option<MovieStatus>,
    pub q: Option<String>,
    pub genre: Option<String>,
    /// Only movies with showtimes still to come in this city...
    pub city: Option<String>,
    /// ...or on this day (in the cinema's time zone).
    pub date: Option<chrono::NaiveDate>,
    #[serde(default = "default_limit")]
    pub limit: i64,
    #[serde(default)]
    pub offset: i64,
}

fn default_limit() -> i64 {
    50
}

pub const MAX_PAGE: i64 = 100;
