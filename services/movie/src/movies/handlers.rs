//! `GET /movies`, `GET /movies/{id}`, `GET /genres`; admin: `POST /movies`,
//! `PUT /movies/{id}`, `DELETE /movies/{id}`.

use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, Query, auth::AdminUser, openapi::ErrorBody};
use sqlx::PgPool;
use uuid::Uuid;

use super::{MAX_PAGE, MovieFilter, MovieInput, MovieResponse, repository};
use crate::{error::CatalogError, state::AppState};

/// The films matching the filters: those not archived unless `status` says otherwise, by status,
/// newest release first; every match, or a page with `limit`.
#[utoipa::path(get, path = "/movies", tag = "movies",
    params(
        MovieFilter,
        ("skip" = Option<i64>, Query, minimum = 0,
            description = "The original's name for `offset`")),
    responses(
        (status = 200, description = "The films", body = [MovieResponse]),
        (status = 400, description = "A query parameter holds a NUL character", body = ErrorBody),
        (status = 422, description = "A parameter is not valid, `limit` is outside 1-100 or `offset` is below 0", body = ErrorBody)))]
pub async fn list_movies(
    State(pool): State<PgPool>,
    Query(filter): Query<MovieFilter>,
) -> ApiResult<Json<Vec<MovieResponse>>> {
    let limit_allowed = (filter.limit).is_none_or(|limit| (1..=MAX_PAGE).contains(&limit));
    if !limit_allowed || filter.offset < 0 {
        return Err(CatalogError::BadPage(format!(
            "limit must be 1-{MAX_PAGE} and offset at least 0"
        ))
        .into());
    }
    let movies = repository::list(&pool, &filter).await?;
    Ok(Json(movies.into_iter().map(MovieResponse::from).collect()))
}

/// One film.
#[utoipa::path(get, path = "/movies/{id}", tag = "movies",
    params(
        ("id" = Uuid, Path, description = "The film")),
    responses(
        (status = 200, description = "The film", body = MovieResponse),
        (status = 404, description = "No such film", body = ErrorBody)))]
pub async fn get_movie(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<MovieResponse>> {
    Ok(Json(super::response(&state, id).await?))
}

/// The genres of the films on offer (not archived), for search filters.
#[utoipa::path(get, path = "/genres", tag = "movies",
    responses(
        (status = 200, description = "The genres, sorted", body = [String])))]
pub async fn list_genres(State(pool): State<PgPool>) -> ApiResult<Json<Vec<String>>> {
    Ok(Json(repository::genres(&pool).await?))
}

/// Adds a film (admin).
#[utoipa::path(post, path = "/movies", tag = "movies",
    security(("bearer" = [])),
    request_body = MovieInput,
    responses(
        (status = 201, description = "The film as added", body = MovieResponse),
        (status = 409, description = "A film with this slug already exists", body = ErrorBody)))]
pub async fn create_movie(
    State(state): State<AppState>,
    _admin: AdminUser,
    Json(input): Json<MovieInput>,
) -> ApiResult<(StatusCode, Json<MovieResponse>)> {
    let id = super::save(&state, None, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(super::response(&state, id).await?),
    ))
}

/// Saves a film (admin); a new length moves the end of its showtimes still to come.
#[utoipa::path(put, path = "/movies/{id}", tag = "movies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The film")),
    request_body = MovieInput,
    responses(
        (status = 200, description = "The film as saved", body = MovieResponse),
        (status = 404, description = "No such film", body = ErrorBody),
        (status = 409, description = "Another film has this slug, or at the new length a showtime of the film would overlap the next one in its hall", body = ErrorBody)))]
pub async fn update_movie(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
    Json(input): Json<MovieInput>,
) -> ApiResult<Json<MovieResponse>> {
    super::save(&state, Some(id), &input).await?;
    Ok(Json(super::response(&state, id).await?))
}

/// Deletes a movie no showtime refers to; one that has been shown should be archived instead.
#[utoipa::path(delete, path = "/movies/{id}", tag = "movies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The film")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such film", body = ErrorBody),
        (status = 409, description = "The film has showtimes: archive it instead", body = ErrorBody)))]
pub async fn delete_movie(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
