//! The admin pages' forms, forwarded to the movie service with the admin's own token: the movie
//! service checks the role, the BFF only carries the request.

use axum::{
    Form,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use marquee_app::api::session::{ACCESS_COOKIE, FormState, cookies};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    forms::{back_to, failure},
    session::{Sessions, redirect},
};

const PAGE: &str = "/admin";

/// One change asked of the movie service, and where its outcome is shown.
struct Change {
    method: Method,
    path: String,
    body: Option<Value>,
    /// The form's name: its field errors are keyed `form.field`, since the admin page holds
    /// several forms with fields of the same names.
    form: &'static str,
    /// What was typed, to be shown again if the change is refused.
    typed: Vec<(&'static str, String)>,
    success: String,
    /// The page the form is on, to go back to.
    page: String,
    /// Where to go once it is done, when not back to the form (a deleted film's page is gone).
    done_page: Option<String>,
}

/// Sends the change to the movie service and goes back to the page with the outcome.
async fn forward(sessions: &Sessions, headers: &HeaderMap, change: Change) -> Response {
    let Some(token) = cookies::get(headers, ACCESS_COOKIE) else {
        return redirect(&format!("/login?next={}", change.page));
    };
    let outcome = sessions
        .backend
        .movie_write(change.method, &change.path, &token, change.body.as_ref())
        .await;
    let state = match outcome {
        Ok(()) => {
            let state = FormState {
                message: Some(change.success),
                success: true,
                ..FormState::default()
            };
            let page = change.done_page.unwrap_or(change.page);
            return back_to(sessions, "admin", &page, state);
        }
        Err(error) => {
            let mut state = failure(&error);
            if state.message.is_none() && !state.errors.is_empty() {
                state.message = Some("Please correct the fields marked below.".into());
            }
            state.errors = std::mem::take(&mut state.errors)
                .into_iter()
                .map(|(field, message)| (format!("{}.{field}", change.form), message))
                .collect();
            state.values = change
                .typed
                .into_iter()
                .map(|(key, value)| (key.to_owned(), value))
                .collect();
            state
        }
    };
    back_to(sessions, "admin", &change.page, state)
}

use marquee_app::api::admin::uuid_only as id;

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
}

impl MovieForm {
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
        });
        if let Some(age_rating) = optional(&self.age_rating) {
            body["age_rating"] = json!(age_rating);
        }
        body
    }

    /// What the BFF can tell is wrong before asking: a rating that is not a number (sent on,
    /// it would quietly become "no rating").
    fn refused(&self, page: &str, sessions: &Sessions) -> Option<Response> {
        let rating = self.rating.trim().replace(',', ".");
        let valid = rating.is_empty()
            || rating
                .parse::<f64>()
                .is_ok_and(|rating| (0.0..=10.0).contains(&rating));
        if valid {
            return None;
        }
        let mut state = FormState {
            message: Some("Please correct the fields marked below.".into()),
            ..FormState::default()
        };
        state.errors.insert(
            "movie.rating".into(),
            "Use a number from 0 to 10, like 7.5".into(),
        );
        state.values = self
            .clone()
            .typed()
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect();
        Some(back_to(sessions, "admin", page, state))
    }

    fn typed(self) -> Vec<(&'static str, String)> {
        vec![
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
        ]
    }
}

pub async fn create_movie(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<MovieForm>,
) -> Response {
    if let Some(refused) = form.refused(PAGE, &sessions) {
        return refused;
    }
    let change = Change {
        method: Method::POST,
        path: "/movies".into(),
        body: Some(form.body()),
        form: "movie",
        success: format!("Added the movie {}.", form.title.trim()),
        typed: form.typed(),
        page: PAGE.into(),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

pub async fn update_movie(
    State(sessions): State<Sessions>,
    Path(movie_id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<MovieForm>,
) -> Response {
    let movie_id = id(&movie_id);
    if let Some(refused) = form.refused(&format!("/admin/movies/{movie_id}"), &sessions) {
        return refused;
    }
    let change = Change {
        method: Method::PUT,
        path: format!("/movies/{movie_id}"),
        body: Some(form.body()),
        form: "movie",
        success: format!("Saved {}.", form.title.trim()),
        typed: form.typed(),
        page: format!("/admin/movies/{movie_id}"),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

/// Deleting is for films never scheduled; the movie service refuses the others (archive them).
pub async fn delete_movie(
    State(sessions): State<Sessions>,
    Path(movie_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let movie_id = id(&movie_id);
    let change = Change {
        method: Method::DELETE,
        path: format!("/movies/{movie_id}"),
        body: None,
        form: "movie",
        success: "The movie is deleted.".into(),
        typed: Vec::new(),
        page: format!("/admin/movies/{movie_id}"),
        done_page: Some(PAGE.into()),
    };
    forward(&sessions, &headers, change).await
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

    fn body(&self) -> Value {
        json!({ "name": self.name, "layout": self.rows(), "blocked": list(&self.blocked) })
    }

    fn typed(self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name),
            ("layout", self.layout),
            ("blocked", self.blocked),
        ]
    }
}

pub async fn create_hall(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<HallForm>,
) -> Response {
    let change = Change {
        method: Method::POST,
        path: format!("/theaters/{}/halls", id(&form.cinema_id)),
        body: Some(form.body()),
        form: "hall",
        success: format!(
            "Added {} with {} rows.",
            form.name.trim(),
            form.rows().len()
        ),
        typed: form.typed(),
        page: PAGE.into(),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

pub async fn update_hall(
    State(sessions): State<Sessions>,
    Path(hall_id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HallForm>,
) -> Response {
    let hall_id = id(&hall_id);
    let change = Change {
        method: Method::PUT,
        path: format!("/halls/{hall_id}"),
        body: Some(form.body()),
        form: "hall",
        success: format!(
            "Saved {} with {} rows.",
            form.name.trim(),
            form.rows().len()
        ),
        typed: form.typed(),
        page: format!("/admin/halls/{hall_id}"),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
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
}

impl ShowtimeForm {
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
        })
    }

    fn typed(self) -> Vec<(&'static str, String)> {
        vec![
            ("date", self.date),
            ("time", self.time),
            ("format", self.format),
            ("audio_language", self.audio_language),
            ("subtitle_language", self.subtitle_language),
            ("price_standard", self.price_standard),
            ("price_vip", self.price_vip),
            ("price_couple", self.price_couple),
        ]
    }
}

pub async fn create_showtime(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<ShowtimeForm>,
) -> Response {
    let change = Change {
        method: Method::POST,
        path: "/showtimes".into(),
        body: Some(form.body()),
        form: "showtime",
        success: format!("Scheduled for {} at {}.", form.date, form.time),
        typed: form.typed(),
        page: PAGE.into(),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

/// Moves or re-prices a showtime; the movie service refuses a move once tickets are sold.
pub async fn update_showtime(
    State(sessions): State<Sessions>,
    Path(showtime_id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ShowtimeForm>,
) -> Response {
    let showtime_id = id(&showtime_id);
    let change = Change {
        method: Method::PUT,
        path: format!("/showtimes/{showtime_id}"),
        body: Some(form.body()),
        form: "showtime",
        success: format!("Saved: {} at {}.", form.date, form.time),
        typed: form.typed(),
        page: format!("/admin/showtimes/{showtime_id}"),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

#[derive(Debug, Deserialize)]
pub struct CancelShowtimeForm {
    /// The admin page's day, to go back to.
    #[serde(default)]
    date: String,
    #[serde(default)]
    label: String,
}

/// Cancels a showtime; its bookings are cancelled and refunded by the services' events.
pub async fn cancel_showtime(
    State(sessions): State<Sessions>,
    Path(showtime_id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CancelShowtimeForm>,
) -> Response {
    let date: String = form
        .date
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let change = Change {
        method: Method::DELETE,
        path: format!("/showtimes/{}", id(&showtime_id)),
        body: None,
        form: "cancel",
        success: format!(
            "Cancelled {}. Its bookings are being cancelled and refunded, and their holders told.",
            form.label.trim()
        ),
        typed: Vec::new(),
        page: format!("{PAGE}?date={date}"),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

#[derive(Debug, Deserialize)]
pub struct CinemaForm {
    cinema_name: String,
    cinema_slug: String,
    address: String,
    city: String,
    #[serde(default)]
    time_zone: String,
}

pub async fn create_cinema(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<CinemaForm>,
) -> Response {
    let change = Change {
        method: Method::POST,
        path: "/theaters".into(),
        body: Some(form.body()),
        form: "cinema",
        success: format!("Added the cinema {}.", form.cinema_name.trim()),
        typed: form.typed(),
        page: PAGE.into(),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}

impl CinemaForm {
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
        })
    }

    fn typed(self) -> Vec<(&'static str, String)> {
        vec![
            ("cinema_name", self.cinema_name),
            ("cinema_slug", self.cinema_slug),
            ("address", self.address),
            ("city", self.city),
            ("time_zone", self.time_zone),
        ]
    }
}

pub async fn update_cinema(
    State(sessions): State<Sessions>,
    Path(cinema_id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CinemaForm>,
) -> Response {
    let cinema_id = id(&cinema_id);
    let change = Change {
        method: Method::PUT,
        path: format!("/theaters/{cinema_id}"),
        body: Some(form.body()),
        form: "cinema",
        success: format!("Saved {}.", form.cinema_name.trim()),
        typed: form.typed(),
        page: format!("/admin/cinemas/{cinema_id}"),
        done_page: None,
    };
    forward(&sessions, &headers, change).await
}
