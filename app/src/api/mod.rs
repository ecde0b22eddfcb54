//! Server functions: the browser calls these on the BFF, which fans out to the services.

pub mod admin;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod booking;
pub mod catalog;
pub mod counter;
pub mod desk;
pub mod door;
pub mod notices;
pub mod seats;
pub mod session;
pub mod staff;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Only the characters an id has: ids from URLs and forms never reach another service's path
/// with anything else in them.
pub fn uuid_only(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_hexdigit() || *c == '-')
        .collect()
}

/// A movie as the pages show it (a subset of the movie service's answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MovieCard {
    pub id: String,
    pub title: String,
    pub description: String,
    pub duration_minutes: i32,
    pub genres: Vec<String>,
    pub age_rating: String,
    pub rating: Option<f64>,
    pub release_date: String,
    pub poster_url: Option<String>,
    pub status: String,
}

/// The movies the home page lists: now showing and coming soon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub now_showing: Vec<MovieCard>,
    pub coming_soon: Vec<MovieCard>,
}

#[server]
pub async fn load_catalog() -> Result<Catalog, ServerFnError> {
    use crate::api::backend::Backend;

    let movies: Vec<MovieCard> = expect_context::<Backend>()
        .movie_get("/movies?limit=100")
        .await
        .map_err(catalog::unavailable)?;
    let (now_showing, rest): (Vec<_>, Vec<_>) = movies
        .into_iter()
        .partition(|movie| movie.status == "now_showing");
    Ok(Catalog {
        now_showing,
        coming_soon: rest
            .into_iter()
            .filter(|movie| movie.status == "coming_soon")
            .collect(),
    })
}
