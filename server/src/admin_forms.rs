//! The admin page's forms, forwarded to the movie service with the admin's own token: the movie
//! service checks the role, the BFF only carries the request.

use axum::{Form, extract::State, http::HeaderMap, response::Response};
use marquee_app::api::session::{ACCESS_COOKIE, FormState, cookies};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    forms::{back_to, failure},
    session::{Sessions, redirect},
};

const PAGE: &str = "/admin";

/// Posts `body` to the movie service and goes back to the admin page with the outcome.
async fn forward(
    sessions: &Sessions,
    headers: &HeaderMap,
    path: &str,
    body: Value,
    typed: Vec<(&str, String)>,
    success: String,
) -> Response {
    let Some(token) = cookies::get(headers, ACCESS_COOKIE) else {
        return redirect("/login?next=/admin");
    };
    let state = match sessions
        .backend
        .movie_post::<Value>(path, &token, &body)
        .await
    {
        Ok(_) => FormState {
            message: Some(success),
            success: true,
            ..FormState::default()
        },
        Err(error) => {
            let mut state = failure(&error);
            if state.message.is_none() && !state.errors.is_empty() {
                state.message = Some("Please correct the fields marked below.".into());
            }
            state.values = typed
                .into_iter()
                .map(|(key, value)| (key.to_owned(), value))
                .collect();
            state
        }
    };
    back_to(sessions, "admin", PAGE, state)
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, Deserialize)]
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
}

pub async fn create_movie(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<MovieForm>,
) -> Response {
    let body = json!({
        "title": form.title,
        "slug": form.slug,
        "duration_minutes": form.duration_minutes.trim().parse::<i32>().unwrap_or(0),
        "release_date": form.release_date,
        "language": form.language,
        "genres": list(&form.genres),
        "director": form.director,
        "description": form.description,
        "status": form.status,
    });
    let success = format!("Added the movie {}.", form.title.trim());
    let typed = vec![
        ("title", form.title),
        ("slug", form.slug),
        ("duration_minutes", form.duration_minutes),
        ("release_date", form.release_date),
        ("language", form.language),
        ("genres", form.genres),
        ("director", form.director),
        ("description", form.description),
    ];
    forward(&sessions, &headers, "/movies", body, typed, success).await
}

#[derive(Debug, Deserialize)]
pub struct HallForm {
    cinema_id: String,
    name: String,
    layout: String,
    #[serde(default)]
    blocked: String,
}

pub async fn create_hall(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<HallForm>,
) -> Response {
    let rows: Vec<&str> = form
        .layout
        .lines()
        .map(str::trim)
        .filter(|row| !row.is_empty())
        .collect();
    let body = json!({ "name": form.name, "layout": rows, "blocked": list(&form.blocked) });
    let path = format!("/theaters/{}/halls", form.cinema_id.trim());
    let success = format!("Added {} with {} rows.", form.name.trim(), rows.len());
    let typed = vec![
        ("name", form.name),
        ("layout", form.layout),
        ("blocked", form.blocked),
    ];
    forward(&sessions, &headers, &path, body, typed, success).await
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

pub async fn create_showtime(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    Form(form): Form<ShowtimeForm>,
) -> Response {
    let mut prices = serde_json::Map::new();
    for (kind, raw) in [
        ("standard", &form.price_standard),
        ("vip", &form.price_vip),
        ("couple", &form.price_couple),
    ] {
        if let Ok(price) = raw.trim().parse::<i64>() {
            prices.insert(kind.into(), json!(price));
        }
    }
    let subtitles = Some(form.subtitle_language.trim()).filter(|s| !s.is_empty());
    // Browsers send `HH:MM`; the movie service takes seconds too.
    let time = form.time.trim();
    let time = if time.len() == 5 {
        format!("{time}:00")
    } else {
        time.to_owned()
    };
    let body = json!({
        "movie_id": form.movie_id,
        "hall_id": form.hall_id,
        "local_start": format!("{}T{time}", form.date.trim()),
        "format": form.format,
        "audio_language": form.audio_language,
        "subtitle_language": subtitles,
        "prices": prices,
    });
    let success = format!("Scheduled for {} at {}.", form.date, form.time);
    let typed = vec![
        ("date", form.date),
        ("time", form.time),
        ("audio_language", form.audio_language),
        ("subtitle_language", form.subtitle_language),
        ("price_standard", form.price_standard),
        ("price_vip", form.price_vip),
        ("price_couple", form.price_couple),
    ];
    forward(&sessions, &headers, "/showtimes", body, typed, success).await
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
    let time_zone = Some(form.time_zone.trim())
        .filter(|zone| !zone.is_empty())
        .unwrap_or("Asia/Ho_Chi_Minh");
    let body = json!({
        "name": form.cinema_name,
        "slug": form.cinema_slug,
        "address": form.address,
        "city": form.city,
        "time_zone": time_zone,
    });
    let success = format!("Added the cinema {}.", form.cinema_name.trim());
    let typed = vec![
        ("cinema_name", form.cinema_name),
        ("cinema_slug", form.cinema_slug),
        ("address", form.address),
        ("city", form.city),
        ("time_zone", form.time_zone),
    ];
    forward(&sessions, &headers, "/theaters", body, typed, success).await
}
