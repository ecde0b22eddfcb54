use axum::{extract::State, http::StatusCode};
use chrono::NaiveDate;
use serde::Deserialize;
use service_kit::{ApiError, ApiResult, Json, Path, Validator, auth::AdminUser};
use uuid::Uuid;

use super::conflict;
use crate::{
    AppState,
    movies::{MovieResponse, MovieStatus, repository},
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovieInput {
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
}

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

impl MovieInput {
    fn validate(&self) -> ApiResult<()> {
        Validator::default()
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
            .finish()
    }
}

async fn save(state: &AppState, id: Option<Uuid>, input: MovieInput) -> ApiResult<Uuid> {
    input.validate()?;
    let mut tx = state.pool.begin().await?;
    let query = match id {
        None => sqlx::query_scalar::<_, Uuid>(
            r#"INSERT INTO movies (slug, title, description, duration_minutes, genres, language,
                   age_rating, rating, release_date, poster_url, trailer_url, director, "cast", status)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8::float8::numeric(3, 1), $9, $10, $11, $12, $13, $14)
               RETURNING id"#,
        ),
        Some(_) => sqlx::query_scalar::<_, Uuid>(
            r#"UPDATE movies SET slug = $1, title = $2, description = $3, duration_minutes = $4,
                   genres = $5, language = $6, age_rating = $7, rating = $8::float8::numeric(3, 1),
                   release_date = $9, poster_url = $10, trailer_url = $11, director = $12,
                   "cast" = $13, status = $14, updated_at = now()
               WHERE id = $15 RETURNING id"#,
        ),
    };
    let saved = query
        .bind(input.slug.trim())
        .bind(input.title.trim())
        .bind(&input.description)
        .bind(input.duration_minutes)
        .bind(&input.genres)
        .bind(input.language.trim())
        .bind(&input.age_rating)
        .bind(input.rating)
        .bind(input.release_date)
        .bind(&input.poster_url)
        .bind(&input.trailer_url)
        .bind(&input.director)
        .bind(&input.cast)
        .bind(input.status)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|error| conflict(error, "A movie with this slug already exists"))?
        .ok_or_else(|| ApiError::NotFound("Movie not found".into()))?;
    if id.is_some() {
        // The film's showtimes still to come keep the hall busy for its new length (plus cleaning),
        // under the same no-overlap rule as when they were scheduled.
        sqlx::query(
            "UPDATE showtimes SET ends_at = starts_at + make_interval(mins => $2 + $3)
             WHERE movie_id = $1 AND status = 'scheduled' AND starts_at > now()",
        )
        .bind(saved)
        .bind(input.duration_minutes)
        .bind(state.cleaning_buffer_minutes)
        .execute(&mut *tx)
        .await
        .map_err(|error| {
            match error.as_database_error().and_then(|db| db.constraint()) {
            Some("showtimes_no_overlap") => ApiError::Conflict(
                "At this length a showtime of the film would overlap the next one in its hall; \
                 move or cancel that showtime first"
                    .into(),
            ),
            _ => error.into(),
        }
        })?;
    }
    tx.commit().await?;
    state.cache.invalidate().await?;
    Ok(saved)
}

async fn respond(state: &AppState, id: Uuid) -> ApiResult<Json<MovieResponse>> {
    repository::find(&state.pool, id)
        .await?
        .map(|movie| Json(movie.into()))
        .ok_or_else(|| ApiError::NotFound("Movie not found".into()))
}

pub async fn create(
    State(state): State<AppState>,
    _admin: AdminUser,
    Json(input): Json<MovieInput>,
) -> ApiResult<(StatusCode, Json<MovieResponse>)> {
    let id = save(&state, None, input).await?;
    Ok((StatusCode::CREATED, respond(&state, id).await?))
}

pub async fn update(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
    Json(input): Json<MovieInput>,
) -> ApiResult<Json<MovieResponse>> {
    save(&state, Some(id), input).await?;
    respond(&state, id).await
}

/// Deletes a movie no showtime refers to; one that has been shown should be archived instead.
pub async fn remove(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete_row(
        &state,
        "DELETE FROM movies WHERE id = $1",
        id,
        "Movie not found",
        "This movie has showtimes; archive it instead",
    )
    .await
}
