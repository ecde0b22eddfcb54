use sqlx::PgPool;
use uuid::Uuid;

use super::{Movie, MovieFilter};

/// `SELECT <every movie column> FROM movies <rest>`, as a static string.
macro_rules! select_movies {
    ($rest:literal) => {
        concat!(
            r#"SELECT id, slug, title, description, duration_minutes, genres, language,
                      age_rating, rating::float8 AS rating, release_date, poster_url,
                      trailer_url, director, "cast", status
               FROM movies "#,
            $rest
        )
    };
}

pub async fn list(pool: &PgPool, filter: &MovieFilter) -> sqlx::Result<Vec<Movie>> {
    let search = filter
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| format!("%{}%", escape_like(q)));
    sqlx::query_as::<_, Movie>(select_movies!(
        "WHERE ($1::text IS NULL AND status <> 'archived' OR status = $1)
           AND ($2::text IS NULL OR title ILIKE $2 OR director ILIKE $2)
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
    .bind(filter.status)
    .bind(search)
    .bind(filter.genre.as_deref())
    .bind(filter.limit)
    .bind(filter.offset)
    .bind(crate::given(&filter.city))
    .bind(filter.date)
    .fetch_all(pool)
    .await
}

pub async fn find(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<Movie>> {
    sqlx::query_as::<_, Movie>(select_movies!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
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
