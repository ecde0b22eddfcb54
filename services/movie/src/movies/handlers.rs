use axum::extract::State;
use service_kit::{ApiError, ApiResult, Json, Path, Query};
use sqlx::PgPool;
use uuid::Uuid;

use super::{MAX_PAGE, MovieFilter, MovieResponse, repository};

pub async fn list(
    State(pool): State<PgPool>,
    Query(filter): Query<MovieFilter>,
) -> ApiResult<Json<Vec<MovieResponse>>> {
    if !(1..=MAX_PAGE).contains(&filter.limit) || filter.offset < 0 {
        return Err(ApiError::Rejected {
            status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            detail: format!("limit must be 1-{MAX_PAGE} and offset at least 0"),
        });
    }
    let movies = repository::list(&pool, &filter).await?;
    Ok(Json(movies.into_iter().map(MovieResponse::from).collect()))
}

pub async fn get_one(
    State(pool): State<PgPool>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<MovieResponse>> {
    repository::find(&pool, id)
        .await?
        .map(|movie| Json(movie.into()))
        .ok_or_else(|| ApiError::NotFound("Movie not found".into()))
}

/// `GET /genres`: the genres of the films on offer (not archived), for search filters.
pub async fn genres(State(pool): State<PgPool>) -> ApiResult<Json<Vec<String>>> {
    let genres = sqlx::query_scalar(
        "SELECT DISTINCT genre FROM movies, unnest(genres) AS genre
         WHERE status <> 'archived' ORDER BY genre",
    )
    .fetch_all(&pool)
    .await?;
    Ok(Json(genres))
}
