use sqlx::PgPool;
use uuid::Uuid;

use chrono::NaiveDate;

use std::collections::BTreeMap;

use super::model::{Movie, MovieFilter, MovieInput, MovieStatus, MovieText};
use crate::error::{CatalogError, CatalogResult};

/// `SELECT <every movie column> FROM movies <rest>`, as a static string.
macro_rules! select_movies {
    ($rest:literal) => {
        concat!(
            r#"SELECT id, slug, title, description, duration_minutes, genres, language,
                      age_rating, rating::float8 AS rating, release_date, poster_url,
                      trailer_url, director, "cast", status, translations
               FROM movies "#,
            $rest
        )
    };
}

/// A film as stored: the status is a word, read into a [`MovieStatus`].
#[derive(sqlx::FromRow)]
struct MovieRow {
    id: Uuid,
    slug: String,
    title: String,
    description: String,
    duration_minutes: i32,
    genres: Vec<String>,
    language: String,
    age_rating: String,
    rating: Option<f64>,
    release_date: NaiveDate,
    poster_url: Option<String>,
    trailer_url: Option<String>,
    director: String,
    cast: Vec<String>,
    #[sqlx(try_from = "String")]
    status: MovieStatus,
    #[sqlx(json)]
    translations: BTreeMap<String, MovieText>,
}

impl From<MovieRow> for Movie {
    fn from(row: MovieRow) -> Self {
        Self {
            id: row.id,
            slug: row.slug,
            title: row.title,
            description: row.description,
            duration_minutes: row.duration_minutes,
            genres: row.genres,
            language: row.language,
            age_rating: row.age_rating,
            rating: row.rating,
            release_date: row.release_date,
            poster_url: row.poster_url,
            trailer_url: row.trailer_url,
            director: row.director,
            cast: row.cast,
            status: row.status,
            translations: row.translations,
        }
    }
}

pub async fn list(pool: &PgPool, filter: &MovieFilter) -> sqlx::Result<Vec<Movie>> {
    let search = filter
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| format!("%{}%", escape_like(q)));
    let rows = sqlx::query_as::<_, MovieRow>(select_movies!(
        "WHERE ($1::text IS NULL AND status <> 'archived' OR status = $1)
           AND ($2::text IS NULL OR title ILIKE $2 OR director ILIKE $2
                OR EXISTS (SELECT 1 FROM jsonb_each(translations) AS t
                           WHERE t.value ->> 'title' ILIKE $2))
           AND ($3::text IS NULL OR EXISTS (
                SELECT 1 FROM unnest(genres) AS g WHERE lower(g) = lower($3)))
           AND ($6::text IS NULL AND $7::date IS NULL OR EXISTS (
                SELECT 1 FROM showtimes s
                JOIN halls h ON h.id = s.hall_id JOIN cinemas c ON c.id = h.cinema_id
                WHERE s.movie_id = movies.id AND s.status = 'scheduled'
                  AND ($6::text IS NULL OR lower(c.city) = lower($6))
                  AND CASE WHEN $7::date IS NULL THEN s.starts_at > now()
                           ELSE (s.starts_at AT TIME ZONE c.time_zone)::date = $7 END))
         ORDER BY status, release_date DESC, title
         LIMIT $4 OFFSET $5"
    ))
    .bind(filter.status.map(MovieStatus::as_str))
    .bind(search)
    .bind(filter.genre.as_deref())
    .bind(filter.limit)
    .bind(filter.offset)
    .bind(crate::given(&filter.city))
    .bind(filter.date)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Movie::from).collect())
}

pub async fn find(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<Movie>> {
    let row = sqlx::query_as::<_, MovieRow>(select_movies!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(Movie::from))
}

/// Inserts (`id` none) or updates a film; a new length moves the end of its showtimes still to
/// come, which must still fit in their halls.
pub async fn save(
    pool: &PgPool,
    id: Option<Uuid>,
    input: &MovieInput,
    cleaning_buffer_minutes: i32,
) -> CatalogResult<Uuid> {
    let mut tx = pool.begin().await?;
    let query = match id {
        None => sqlx::query_scalar::<_, Uuid>(
            r#"INSERT INTO movies (slug, title, description, duration_minutes, genres, language,
                   age_rating, rating, release_date, poster_url, trailer_url, director, "cast", status,
                   translations)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8::float8::numeric(3, 1), $9, $10, $11, $12, $13, $14,
                   $16)
               RETURNING id"#,
        ),
        Some(_) => sqlx::query_scalar::<_, Uuid>(
            r#"UPDATE movies SET slug = $1, title = $2, description = $3, duration_minutes = $4,
                   genres = $5, language = $6, age_rating = $7, rating = $8::float8::numeric(3, 1),
                   release_date = $9, poster_url = $10, trailer_url = $11, director = $12,
                   "cast" = $13, status = $14, translations = $16, updated_at = now()
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
        .bind(input.status.as_str())
        .bind(id)
        .bind(sqlx::types::Json(input.translations()))
        .fetch_optional(&mut *tx)
        .await
        .map_err(CatalogError::on_conflict(
            "A movie with this slug already exists",
        ))?
        .ok_or(CatalogError::NotFound("Movie"))?;
    if id.is_some() {
        // The film's showtimes still to come keep the hall busy for its new length (plus cleaning),
        // under the same no-overlap rule as when they were scheduled.
        sqlx::query(
            "UPDATE showtimes SET ends_at = starts_at + make_interval(mins => $2 + $3)
             WHERE movie_id = $1 AND status = 'scheduled' AND starts_at > now()",
        )
        .bind(saved)
        .bind(input.duration_minutes)
        .bind(cleaning_buffer_minutes)
        .execute(&mut *tx)
        .await
        .map_err(CatalogError::on_constraint(
            "showtimes_no_overlap",
            "At this length a showtime of the film would overlap the next one in its hall; \
             move or cancel that showtime first",
        ))?;
    }
    tx.commit().await?;
    Ok(saved)
}

/// Deletes a film; false when there was none (a film with showtimes is a foreign-key error).
pub async fn delete(pool: &PgPool, id: Uuid) -> sqlx::Result<bool> {
    let deleted = sqlx::query("DELETE FROM movies WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(deleted.rows_affected() > 0)
}

/// The genres of the films on offer (not archived), sorted.
pub async fn genres(pool: &PgPool) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT DISTINCT genre FROM movies, unnest(genres) AS genre
         WHERE status <> 'archived' ORDER BY genre",
    )
    .fetch_all(pool)
    .await
}

/// Makes `%`, `_` and `\` in a user's search match themselves.
fn escape_like(raw: &str) -> String {
    raw.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_in_a_search_are_literal() {
        assert_eq!(super::escape_like("100%_a\\b"), "100\\%\\_a\\\\b");
    }
}
