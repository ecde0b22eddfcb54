//! What the admin pages read: a film or a hall as its edit form needs it, and a day's
//! showtimes. (Changes go through the BFF's form targets, which work before hydration.)

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::ShowtimeCard;

/// A film and a hall as their edit forms need them: the movie service's own answers.
pub use api_types::catalog::{CATALOG_LANGUAGE, HallDetail, Movie, MovieText};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CinemaEdit {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub address: String,
    pub city: String,
    pub time_zone: String,
    #[serde(default)]
    pub counter_seats_per_showtime: i32,
    #[serde(default)]
    pub counter_release_minutes: i32,
    #[serde(default)]
    pub accessible_release: String,
    #[serde(default)]
    pub accessible_release_minutes: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShowtimeEdit {
    pub id: String,
    pub movie_id: String,
    pub movie_title: String,
    pub hall_id: String,
    pub hall_name: String,
    pub theater_name: String,
    pub show_date: String,
    pub show_time: String,
    pub format: String,
    pub audio_language: String,
    pub subtitle_language: Option<String>,
    pub prices: std::collections::BTreeMap<String, i64>,
    pub available_seats: i64,
    pub total_seats: i64,
    pub status: String,
    /// Seats kept for the box office (labels).
    #[serde(default)]
    pub counter_seats: Vec<String>,
}

/// A day's showtimes across the cinemas, and the day (today when none is asked for).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DayProgramme {
    pub date: String,
    pub showtimes: Vec<ShowtimeCard>,
    /// The ids of those that have begun (by the server's clock): they can no longer be cancelled.
    pub started: Vec<String>,
}

pub use super::uuid_only;

/// `None` when there is no such film.
#[server]
pub async fn load_movie_for_edit(id: String) -> Result<Option<Movie>, ServerFnError> {
    super::catalog::movie_find(&format!("/movies/{}", uuid_only(&id))).await
}

/// `None` when there is no such cinema.
#[server]
pub async fn load_cinema_for_edit(id: String) -> Result<Option<CinemaEdit>, ServerFnError> {
    super::catalog::movie_find(&format!("/theaters/{}", uuid_only(&id))).await
}

/// `None` when there is no such showtime.
#[server]
pub async fn load_showtime_for_edit(id: String) -> Result<Option<ShowtimeEdit>, ServerFnError> {
    super::catalog::movie_find(&format!("/showtimes/{}", uuid_only(&id))).await
}

/// `None` when there is no such hall.
#[server]
pub async fn load_hall_for_edit(id: String) -> Result<Option<HallDetail>, ServerFnError> {
    super::catalog::movie_find(&format!("/halls/{}", uuid_only(&id))).await
}

/// The showtimes of `date` (`YYYY-MM-DD`, each cinema's own day); without one, of the day of
/// the next showtime, which is "today" in the cinemas' time zone whatever the server's is.
#[server]
pub async fn load_day_programme(date: String) -> Result<DayProgramme, ServerFnError> {
    use super::{backend::Backend, catalog::unavailable};

    let backend = expect_context::<Backend>();
    let date = match chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
        Ok(date) => date.to_string(),
        Err(_) => backend
            .movie_get::<Vec<ShowtimeCard>>("/showtimes?limit=1")
            .await
            .map_err(unavailable)?
            .into_iter()
            .next()
            .map_or_else(
                || chrono::Utc::now().date_naive().to_string(),
                |next| next.show_date,
            ),
    };
    let showtimes: Vec<ShowtimeCard> = backend
        .movie_get(&format!("/showtimes?date={date}&limit=500"))
        .await
        .map_err(unavailable)?;
    let now = chrono::Utc::now();
    let started = showtimes
        .iter()
        .filter(|showtime| {
            chrono::DateTime::parse_from_rfc3339(&showtime.starts_at)
                .is_ok_and(|starts| starts <= now)
        })
        .map(|showtime| showtime.id.clone())
        .collect();
    Ok(DayProgramme {
        date,
        showtimes,
        started,
    })
}

/// One release of a showtime's wheelchair spaces and companion seats for general sale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessibleReleaseView {
    /// "Noodle Kings · Marquee Hoan Kiem · Fri 4 Dec 11:30", or the showtime's id if the
    /// catalog no longer has it.
    pub showtime: String,
    /// `timed` or `rest_sold`.
    pub rule: String,
    pub released_at: String,
}

/// The latest releases of accessible seats (admins), newest first, each with its showtime.
#[server]
pub async fn load_accessible_releases() -> Result<Vec<AccessibleReleaseView>, ServerFnError> {
    use super::{backend::Backend, booking::server::token};

    let Some(token) = token() else {
        return Ok(Vec::new());
    };
    let backend = expect_context::<Backend>();
    let releases: Vec<serde_json::Value> = backend
        .booking_get("/accessible-releases", &token)
        .await
        .map_err(|_| ServerFnError::new(crate::t!("admin-releases-unavailable")))?;
    let mut shown = Vec::new();
    for release in releases.into_iter().take(20) {
        let id = release["showtime_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let card: Option<ShowtimeCard> = backend
            .movie_get(&format!("/showtimes/{}", uuid_only(&id)))
            .await
            .ok();
        shown.push(AccessibleReleaseView {
            showtime: card.map_or(id, |card| {
                format!(
                    "{} · {} · {} {}",
                    card.movie_title, card.theater_name, card.show_date, card.show_time
                )
            }),
            rule: release["rule"].as_str().unwrap_or_default().to_owned(),
            released_at: release["released_at"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        });
    }
    Ok(shown)
}
