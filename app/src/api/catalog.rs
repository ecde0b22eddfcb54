//! Server functions for browsing: search, a movie with its showtimes, cinemas.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::MovieCard;

/// A movie's page: everything the card has and more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MovieDetail {
    #[serde(flatten)]
    pub card: MovieCard,
    pub language: String,
    pub director: String,
    pub cast: Vec<String>,
    pub trailer_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShowtimeCard {
    pub id: String,
    pub movie_id: String,
    pub movie_title: String,
    pub theater_id: String,
    pub theater_name: String,
    pub city: String,
    pub hall_name: String,
    pub show_date: String,
    pub show_time: String,
    pub format: String,
    pub audio_language: String,
    pub subtitle_language: Option<String>,
    pub price: i64,
    pub available_seats: i64,
    pub total_seats: i64,
    /// When it starts (RFC 3339, UTC).
    #[serde(default)]
    pub starts_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CinemaCard {
    pub id: String,
    #[serde(default)]
    pub slug: String,
    pub name: String,
    pub address: String,
    pub city: String,
    pub total_seats: i64,
    #[serde(default)]
    pub halls: Vec<HallCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HallCard {
    pub id: String,
    pub name: String,
    pub total_seats: i64,
}

/// What the search page asks for; every field comes from (and goes back to) the URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub q: String,
    pub genre: String,
    pub city: String,
    pub date: String,
}

#[cfg(feature = "ssr")]
pub fn unavailable(error: super::backend::BackendError) -> ServerFnError {
    tracing::warn!(%error, "movie service call failed");
    ServerFnError::new(crate::t!("movie-catalog-unavailable"))
}

/// One thing from the movie service: `None` when it has no such thing (404).
#[cfg(feature = "ssr")]
pub async fn movie_find<T: serde::de::DeserializeOwned>(
    path: &str,
) -> Result<Option<T>, ServerFnError> {
    match expect_context::<super::backend::Backend>()
        .movie_get(path)
        .await
    {
        Ok(found) => Ok(Some(found)),
        Err(error) if error.status() == Some(404) => Ok(None),
        Err(error) => Err(unavailable(error)),
    }
}

/// Percent-encodes a path segment or query value.
#[cfg(feature = "ssr")]
fn encode(value: &str) -> String {
    value
        .trim()
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(feature = "ssr")]
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[server]
pub async fn search_movies(query: SearchQuery) -> Result<Vec<MovieCard>, ServerFnError> {
    use super::backend::Backend;

    let path = format!(
        "/movies?limit=100&{}",
        query_string(&[
            ("q", &query.q),
            ("genre", &query.genre),
            ("city", &query.city),
            ("date", &query.date),
        ])
    );
    match expect_context::<Backend>().movie_get(&path).await {
        Ok(movies) => Ok(movies),
        // A malformed filter (a bad date typed into the URL) finds nothing.
        Err(error) if error.status() == Some(422) => Ok(Vec::new()),
        Err(error) => Err(unavailable(error)),
    }
}

#[server]
pub async fn load_movie(id: String) -> Result<Option<MovieDetail>, ServerFnError> {
    movie_find(&format!("/movies/{}", encode(&id))).await
}

/// A movie's upcoming showtimes (all cities, every day).
#[server]
pub async fn load_showtimes(movie_id: String) -> Result<Vec<ShowtimeCard>, ServerFnError> {
    use super::backend::Backend;

    let path = format!(
        "/showtimes?limit=500&{}",
        query_string(&[("movie_id", &movie_id)])
    );
    match expect_context::<Backend>().movie_get(&path).await {
        Ok(showtimes) => Ok(showtimes),
        Err(error) if error.status() == Some(422) => Ok(Vec::new()),
        Err(error) => Err(unavailable(error)),
    }
}

/// The genres of the films on offer, for the search filters.
#[server]
pub async fn load_genres() -> Result<Vec<String>, ServerFnError> {
    use super::backend::Backend;

    expect_context::<Backend>()
        .movie_get("/genres")
        .await
        .map_err(unavailable)
}

/// Every movie, archived ones included, for the admin pages.
#[server]
pub async fn load_all_movies() -> Result<Vec<MovieCard>, ServerFnError> {
    use super::backend::Backend;

    let backend = expect_context::<Backend>();
    let mut movies: Vec<MovieCard> = backend
        .movie_get("/movies?limit=100")
        .await
        .map_err(unavailable)?;
    let archived: Vec<MovieCard> = backend
        .movie_get("/movies?limit=100&status=archived")
        .await
        .map_err(unavailable)?;
    movies.extend(archived);
    Ok(movies)
}

#[server]
pub async fn load_cinemas() -> Result<Vec<CinemaCard>, ServerFnError> {
    use super::backend::Backend;

    expect_context::<Backend>()
        .movie_get("/theaters")
        .await
        .map_err(unavailable)
}

/// A cinema and its upcoming showtimes.
#[server]
pub async fn load_cinema(
    id: String,
) -> Result<Option<(CinemaCard, Vec<ShowtimeCard>)>, ServerFnError> {
    use super::backend::Backend;

    let backend = expect_context::<Backend>();
    let id = encode(&id);
    let cinema = match backend
        .movie_get::<CinemaCard>(&format!("/theaters/{id}"))
        .await
    {
        Ok(cinema) => cinema,
        Err(error) if error.status() == Some(404) => return Ok(None),
        Err(error) => return Err(unavailable(error)),
    };
    let showtimes = backend
        .movie_get(&format!("/showtimes?limit=500&theater_id={id}"))
        .await
        .map_err(unavailable)?;
    Ok(Some((cinema, showtimes)))
}
