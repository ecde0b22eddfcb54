//! What the staff side reads: a cinema's programme of the day, in its own time zone (the lobby
//! board, the box office and the door share it), and the cinema a counter or door device is
//! set to, remembered in a cookie of that device.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The cookie naming the cinema a device (a box-office terminal, a door scanner) works for.
pub const DEVICE_CINEMA_COOKIE: &str = "marquee_device_cinema";

/// Below this many seats left, a showtime shows "Few seats".
pub const FEW_SEATS: i64 = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CinemaRef {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub city: String,
    pub time_zone: String,
}

/// One showtime on the day's programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Showing {
    pub id: String,
    pub movie_id: String,
    /// `19:30`, on the cinema's clock.
    pub time: String,
    pub starts_at: String,
    pub ends_at: String,
    pub hall_name: String,
    pub format: String,
    pub audio_language: String,
    pub subtitle_language: Option<String>,
    /// Seats for sale in the hall, taken or not, and those still free when read.
    pub open_seats: i64,
    pub available_seats: i64,
    pub price: i64,
}

impl Showing {
    /// Seats left after `booked` and `held` of the hall's open seats.
    pub fn left_after(&self, booked: i64, held: i64) -> i64 {
        (self.open_seats - booked - held).max(0)
    }
}

/// A film and its showtimes of the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilmShowings {
    pub movie_id: String,
    pub title: String,
    pub age_rating: String,
    pub duration_minutes: i32,
    pub poster_url: Option<String>,
    pub showings: Vec<Showing>,
}

/// A cinema's programme for the rest of its day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub cinema: CinemaRef,
    /// The cinema's day, `2026-12-01`, and its clock when read, `19:42`.
    pub local_date: String,
    pub clock: String,
    /// Films in the order of their next showtime.
    pub films: Vec<FilmShowings>,
}

impl Programme {
    pub fn showing_ids(&self) -> Vec<String> {
        self.films
            .iter()
            .flat_map(|film| film.showings.iter().map(|showing| showing.id.clone()))
            .collect()
    }

    pub fn showing(&self, id: &str) -> Option<(&FilmShowings, &Showing)> {
        self.films.iter().find_map(|film| {
            film.showings
                .iter()
                .find(|showing| showing.id == id)
                .map(|showing| (film, showing))
        })
    }
}

/// What a staff device's page starts from: every cinema (to choose or switch), and the day's
/// programme of the one the device is set to, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub cinemas: Vec<CinemaRef>,
    pub programme: Option<Programme>,
}

/// Which of a day's showtimes a page wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Remaining {
    /// Not yet started: what can still be sold.
    NotStarted,
    /// Not yet ended: what the door still admits to.
    NotEnded,
}

#[cfg(feature = "ssr")]
mod server {
    use std::collections::HashMap;

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::api::{MovieCard, backend::Backend, catalog::unavailable};

    #[derive(Deserialize)]
    struct ShowtimeRecord {
        id: String,
        movie_id: String,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        show_time: String,
        hall_name: String,
        format: String,
        audio_language: String,
        subtitle_language: Option<String>,
        open_seats: i64,
        available_seats: i64,
        price: i64,
    }

    pub async fn cinemas(backend: &Backend) -> Result<Vec<CinemaRef>, ServerFnError> {
        backend.movie_get("/theaters").await.map_err(unavailable)
    }

    /// The cinema a slug or an id names.
    pub async fn cinema(backend: &Backend, key: &str) -> Result<Option<CinemaRef>, ServerFnError> {
        let key = key.trim().to_lowercase();
        Ok(cinemas(backend)
            .await?
            .into_iter()
            .find(|cinema| cinema.slug == key || cinema.id == key))
    }

    /// Every cinema, and the programme of the one this device is set to.
    pub async fn device(backend: &Backend, remaining: Remaining) -> Result<Device, ServerFnError> {
        let cinemas = cinemas(backend).await?;
        let chosen = device_cinema()
            .and_then(|key| {
                cinemas
                    .iter()
                    .find(|cinema| cinema.id == key || cinema.slug == key)
            })
            .cloned();
        let programme = match chosen {
            Some(cinema) => Some(programme(backend, cinema, remaining).await?),
            None => None,
        };
        Ok(Device { cinemas, programme })
    }

    pub async fn programme(
        backend: &Backend,
        cinema: CinemaRef,
        remaining: Remaining,
    ) -> Result<Programme, ServerFnError> {
        let zone: chrono_tz::Tz = cinema.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let now = Utc::now();
        let local = now.with_timezone(&zone);
        let local_date = local.format("%Y-%m-%d").to_string();
        // The door also admits to a late show of the day before that is still running.
        let mut days = vec![local.date_naive()];
        if remaining == Remaining::NotEnded
            && let Some(yesterday) = local.date_naive().pred_opt()
        {
            days.insert(0, yesterday);
        }
        let mut showtimes: Vec<ShowtimeRecord> = Vec::new();
        for day in days {
            let path = format!(
                "/showtimes?limit=500&theater_id={}&date={day}",
                crate::api::uuid_only(&cinema.id)
            );
            let of_day: Vec<ShowtimeRecord> =
                backend.movie_get(&path).await.map_err(unavailable)?;
            showtimes.extend(of_day);
        }
        let mut films: Vec<FilmShowings> = Vec::new();
        let mut movies: HashMap<String, Option<MovieCard>> = HashMap::new();
        for showtime in showtimes.into_iter().filter(|showtime| match remaining {
            Remaining::NotStarted => showtime.starts_at > now,
            Remaining::NotEnded => showtime.ends_at > now,
        }) {
            if !movies.contains_key(&showtime.movie_id) {
                let path = format!("/movies/{}", crate::api::uuid_only(&showtime.movie_id));
                movies.insert(
                    showtime.movie_id.clone(),
                    backend.movie_get(&path).await.ok(),
                );
            }
            let showing = Showing {
                id: showtime.id,
                time: showtime.show_time.chars().take(5).collect(),
                starts_at: showtime.starts_at.to_rfc3339(),
                ends_at: showtime.ends_at.to_rfc3339(),
                hall_name: showtime.hall_name,
                format: showtime.format,
                audio_language: showtime.audio_language,
                subtitle_language: showtime.subtitle_language,
                open_seats: showtime.open_seats,
                available_seats: showtime.available_seats,
                price: showtime.price,
                movie_id: showtime.movie_id.clone(),
            };
            match films
                .iter_mut()
                .find(|film| film.movie_id == showtime.movie_id)
            {
                Some(film) => film.showings.push(showing),
                None => {
                    let movie = movies[&showtime.movie_id].clone();
                    films.push(FilmShowings {
                        movie_id: showtime.movie_id,
                        title: movie
                            .as_ref()
                            .map_or_else(|| "—".into(), |m| m.title.clone()),
                        age_rating: movie
                            .as_ref()
                            .map(|m| m.age_rating.clone())
                            .unwrap_or_default(),
                        duration_minutes: movie.as_ref().map_or(0, |m| m.duration_minutes),
                        poster_url: movie.and_then(|m| m.poster_url),
                        showings: vec![showing],
                    });
                }
            }
        }
        Ok(Programme {
            cinema,
            local_date,
            clock: local.format("%H:%M").to_string(),
            films,
        })
    }

    /// The cinema this device is set to, from its cookie.
    pub fn device_cinema() -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        crate::api::session::cookies::get(&parts.headers, DEVICE_CINEMA_COOKIE)
    }
}

#[cfg(feature = "ssr")]
pub use server::{cinema, device, device_cinema, programme};

/// The rest of the day at a cinema (by slug or id); `None` when there is no such cinema.
#[server]
pub async fn load_programme(
    cinema: String,
    remaining: Remaining,
) -> Result<Option<Programme>, ServerFnError> {
    let backend = expect_context::<crate::api::backend::Backend>();
    let Some(found) = server::cinema(&backend, &cinema).await? else {
        return Ok(None);
    };
    Ok(Some(server::programme(&backend, found, remaining).await?))
}

/// Every cinema, for choosing one (the lobby boards, a device's cinema).
#[server]
pub async fn load_staff_cinemas() -> Result<Vec<CinemaRef>, ServerFnError> {
    server::cinemas(&expect_context::<crate::api::backend::Backend>()).await
}

/// Every cinema, and the day's programme of the one this device is set to.
#[server]
pub async fn load_device(remaining: Remaining) -> Result<Device, ServerFnError> {
    server::device(&expect_context::<crate::api::backend::Backend>(), remaining).await
}

/// Sets this device's cinema (a cookie kept for a year; it names a cinema, nothing secret).
pub fn choose_device_cinema(cinema_id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let id: String = cinema_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = document.set_cookie(&format!(
                "{DEVICE_CINEMA_COOKIE}={id}; path=/; max-age=31536000; SameSite=Lax"
            ));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = cinema_id;
}
