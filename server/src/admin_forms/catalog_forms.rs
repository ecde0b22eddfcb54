//! The admin pages' catalog forms (films, cinemas, halls, showtimes): how each is read, what it
//! sends to the movie service, and what it says when done.

use axum::response::Response;
use marquee_app::{
    api::{session::FormState, uuid_only as id},
    i18n::{Language, tr},
};
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::CatalogForm;
use crate::{forms::back_to, session::Sessions};

/// Fields as typed, by name.
fn named(fields: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    fields
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, Clone, Deserialize)]
pub struct MovieForm {
    title: String,
    slug: String,
    duration_minutes: String,
    release_date: String,
    language: String,
    #[serde(default)]
    genres: String,
    #[serde(default)]
    director: String,
    #[serde(default)]
    description: String,
    status: String,
    // The edit page's further fields; the add form leaves them to their defaults.
    #[serde(default)]
    age_rating: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    poster_url: String,
    #[serde(default)]
    trailer_url: String,
    #[serde(default)]
    cast: String,
    /// `title_<language>` and `description_<language>` for each language but English.
    #[serde(flatten)]
    other_languages: BTreeMap<String, String>,
}

impl MovieForm {
    /// `{"vi": {"title": ..., "description": ...}}` from the fields of other languages.
    fn translations(&self) -> Value {
        let mut translations = serde_json::Map::new();
        for (field, text) in &self.other_languages {
            let Some((part, language)) = field.split_once('_') else {
                continue;
            };
            if !matches!(part, "title" | "description") {
                continue;
            }
            let entry = translations
                .entry(language.to_owned())
                .or_insert_with(|| json!({ "title": "", "description": "" }));
            entry[part] = json!(text.trim());
        }
        Value::Object(translations)
    }
}

impl CatalogForm for MovieForm {
    const FORM: &str = "movie";
    const ADMIN_PAGES: &str = "movies";
    const SERVICE_PATH: &str = "movies";

    fn body(&self) -> Value {
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        let mut body = json!({
            "title": self.title,
            "slug": self.slug,
            "duration_minutes": self.duration_minutes.trim().parse::<i32>().unwrap_or(0),
            "release_date": self.release_date,
            "language": self.language,
            "genres": list(&self.genres),
            "director": self.director,
            "description": self.description,
            "status": self.status,
            "cast": list(&self.cast),
            "poster_url": optional(&self.poster_url),
            "trailer_url": optional(&self.trailer_url),
            "rating": optional(&self.rating).and_then(|rating| rating.replace(',', ".").parse::<f64>().ok()),
            "translations": self.translations(),
        });
        if let Some(age_rating) = optional(&self.age_rating) {
            body["age_rating"] = json!(age_rating);
        }
        body
    }

    /// What the BFF can tell is wrong before asking: a rating that is not a number (sent on,
    /// it would quietly become "no rating").
    fn refused(&self, page: &str, sessions: &Sessions, language: Language) -> Option<Response> {
        let rating = self.rating.trim().replace(',', ".");
        let valid = rating.is_empty()
            || rating
                .parse::<f64>()
                .is_ok_and(|rating| (0.0..=10.0).contains(&rating));
        if valid {
            return None;
        }
        let mut state = FormState {
            message: Some(tr!(language, "admin-fix-fields")),
            ..FormState::default()
        };
        state
            .errors
            .insert("movie.rating".into(), tr!(language, "admin-rating-invalid"));
        state.values = self.clone().typed().into_iter().collect();
        Some(back_to(sessions, "admin", page, state))
    }

    fn typed(self) -> Vec<(String, String)> {
        named(vec![
            ("title", self.title),
            ("slug", self.slug),
            ("duration_minutes", self.duration_minutes),
            ("release_date", self.release_date),
            ("language", self.language),
            ("genres", self.genres),
            ("director", self.director),
            ("description", self.description),
            ("status", self.status),
            ("age_rating", self.age_rating),
            ("rating", self.rating),
            ("poster_url", self.poster_url),
            ("trailer_url", self.trailer_url),
            ("cast", self.cast),
        ])
        .into_iter()
        .chain(self.other_languages)
        .collect()
    }

    fn added(&self, language: Language) -> String {
        tr!(language, "admin-movie-added", title = self.title.trim())
    }

    fn saved(&self, language: Language) -> String {
        tr!(language, "admin-saved", name = self.title.trim())
    }
}

#[derive(Debug, Deserialize)]
pub struct CinemaForm {
    cinema_name: String,
    cinema_slug: String,
    address: String,
    city: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    counter_seats_per_showtime: String,
    #[serde(default)]
    counter_release_minutes: String,
    #[serde(default)]
    accessible_release: String,
    #[serde(default)]
    accessible_release_minutes: String,
}

/// A whole number typed in a form, or its default when left empty; anything else is passed on
/// as typed, for the service to name what is wrong with it.
fn number_or(text: &str, default: i64) -> Value {
    match text.trim() {
        "" => json!(default),
        typed => typed
            .parse::<i64>()
            .map_or_else(|_| json!(typed), |n| json!(n)),
    }
}

impl CatalogForm for CinemaForm {
    const FORM: &str = "cinema";
    const ADMIN_PAGES: &str = "cinemas";
    const SERVICE_PATH: &str = "theaters";

    fn body(&self) -> Value {
        let time_zone = Some(self.time_zone.trim())
            .filter(|zone| !zone.is_empty())
            .unwrap_or("Asia/Ho_Chi_Minh");
        json!({
            "name": self.cinema_name,
            "slug": self.cinema_slug,
            "address": self.address,
            "city": self.city,
            "time_zone": time_zone,
            "counter_seats_per_showtime": number_or(&self.counter_seats_per_showtime, 0),
            "counter_release_minutes": number_or(&self.counter_release_minutes, 30),
            "accessible_release": match self.accessible_release.trim() {
                "" => "timed",
                chosen => chosen,
            },
            "accessible_release_minutes": number_or(&self.accessible_release_minutes, 60),
        })
    }

    fn typed(self) -> Vec<(String, String)> {
        named(vec![
            ("cinema_name", self.cinema_name),
            ("cinema_slug", self.cinema_slug),
            ("address", self.address),
            ("city", self.city),
            ("time_zone", self.time_zone),
            (
                "counter_seats_per_showtime",
                self.counter_seats_per_showtime,
            ),
            ("counter_release_minutes", self.counter_release_minutes),
            ("accessible_release", self.accessible_release),
            (
                "accessible_release_minutes",
                self.accessible_release_minutes,
            ),
        ])
    }

    fn added(&self, language: Language) -> String {
        tr!(
            language,
            "admin-cinema-added",
            name = self.cinema_name.trim()
        )
    }

    fn saved(&self, language: Language) -> String {
        tr!(language, "admin-saved", name = self.cinema_name.trim())
    }
}

#[derive(Debug, Deserialize)]
pub struct HallForm {
    /// Only when adding a hall; an edited hall stays in its cinema.
    #[serde(default)]
    cinema_id: String,
    name: String,
    layout: String,
    #[serde(default)]
    blocked: String,
}

impl HallForm {
    fn rows(&self) -> Vec<String> {
        self.layout
            .lines()
            .map(str::trim)
            .filter(|row| !row.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

impl CatalogForm for HallForm {
    const FORM: &str = "hall";
    const ADMIN_PAGES: &str = "halls";
    const SERVICE_PATH: &str = "halls";

    fn body(&self) -> Value {
        json!({ "name": self.name, "layout": self.rows(), "blocked": list(&self.blocked) })
    }

    fn typed(self) -> Vec<(String, String)> {
        named(vec![
            ("name", self.name),
            ("layout", self.layout),
            ("blocked", self.blocked),
        ])
    }

    fn added(&self, language: Language) -> String {
        let (name, rows) = (self.name.trim(), self.rows().len());
        tr!(language, "admin-hall-added", name = name, rows = rows)
    }

    fn saved(&self, language: Language) -> String {
        let (name, rows) = (self.name.trim(), self.rows().len());
        tr!(language, "admin-hall-saved", name = name, rows = rows)
    }

    fn create_path(&self) -> String {
        format!("/theaters/{}/halls", id(&self.cinema_id))
    }
}

#[derive(Debug, Deserialize)]
pub struct ShowtimeForm {
    movie_id: String,
    hall_id: String,
    date: String,
    time: String,
    format: String,
    audio_language: String,
    #[serde(default)]
    subtitle_language: String,
    price_standard: String,
    #[serde(default)]
    price_vip: String,
    #[serde(default)]
    price_couple: String,
    #[serde(default)]
    counter_seats: String,
}

impl CatalogForm for ShowtimeForm {
    const FORM: &str = "showtime";
    const ADMIN_PAGES: &str = "showtimes";
    const SERVICE_PATH: &str = "showtimes";

    fn body(&self) -> Value {
        let mut prices = serde_json::Map::new();
        for (kind, raw) in [
            ("standard", &self.price_standard),
            ("vip", &self.price_vip),
            ("couple", &self.price_couple),
        ] {
            if let Ok(price) = raw.trim().parse::<i64>() {
                prices.insert(kind.into(), json!(price));
            }
        }
        let subtitles = Some(self.subtitle_language.trim()).filter(|s| !s.is_empty());
        // Browsers send `HH:MM`; the movie service takes seconds too.
        let time = self.time.trim();
        let time = if time.len() == 5 {
            format!("{time}:00")
        } else {
            time.to_owned()
        };
        json!({
            "movie_id": self.movie_id,
            "hall_id": self.hall_id,
            "local_start": format!("{}T{time}", self.date.trim()),
            "format": self.format,
            "audio_language": self.audio_language,
            "subtitle_language": subtitles,
            "prices": prices,
            "counter_seats": list(&self.counter_seats),
        })
    }

    fn typed(self) -> Vec<(String, String)> {
        named(vec![
            ("date", self.date),
            ("time", self.time),
            ("format", self.format),
            ("audio_language", self.audio_language),
            ("subtitle_language", self.subtitle_language),
            ("price_standard", self.price_standard),
            ("price_vip", self.price_vip),
            ("price_couple", self.price_couple),
            ("counter_seats", self.counter_seats),
        ])
    }

    fn added(&self, language: Language) -> String {
        tr!(
            language,
            "admin-showtime-added",
            date = language.iso_date(&self.date, marquee_app::i18n::DateStyle::Full),
            time = &self.time
        )
    }

    fn saved(&self, language: Language) -> String {
        tr!(
            language,
            "admin-showtime-saved",
            date = language.iso_date(&self.date, marquee_app::i18n::DateStyle::Full),
            time = &self.time
        )
    }
}
