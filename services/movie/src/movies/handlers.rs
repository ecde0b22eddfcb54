//! `GET /movies`, `GET /movies/{id}`, `GET /genres`; admin: `POST /movies`,
//! `PUT /movies/{id}`, `DELETE /movies/{id}`.

use axum::{extract::State, http::StatusCode};
use service_kit::{ApiResult, Json, Path, Query, auth::AdminUser};
use sqlx::PgPool;
use uuid::Uuid;

use super::{MAX_PAGE, MovieFilter, MovieInput, MovieResponse, repository};
use crate::{error::CatalogError, state::AppState};

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

pub async fn get_movie(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<MovieResponse>> {
    Ok(Json(super::response(&state, id).await?))
}

/// The genres of the films on offer (not archived), for search filters.
pub async fn list_genres(State(pool): State<PgPool>) -> ApiResult<Json<Vec<String>>> {
    Ok(Json(repository::genres(&pool).await?))
}

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
pub async fn delete_movie(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
