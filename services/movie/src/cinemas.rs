//! Cinemas (the original's "theaters") and their halls and seats.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use service_kit::{ApiError, ApiResult, Json, Path, Query};
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HallSummary {
    pub id: Uuid,
    pub name: String,
    pub total_seats: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Cinema {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub address: String,
    /// The original's name for the address.
    pub location: String,
    pub city: String,
    pub time_zone: String,
    pub total_seats: i64,
    #[sqlx(json)]
    pub halls: Vec<HallSummary>,
}

const SELECT_CINEMAS: &str = r#"
    SELECT c.id, c.slug, c.name, c.address, c.address AS location, c.city, c.time_zone,
           coalesce(sum(h.seat_count), 0)::int8 AS total_seats,
           coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'name', h.name, 'total_seats', h.seat_count)
                    ORDER BY h.name) FILTER (WHERE h.id IS NOT NULL), '[]') AS halls
    FROM cinemas c
    LEFT JOIN LATERAL (
        SELECT halls.id, halls.name, (SELECT count(*) FROM seats WHERE seats.hall_id = halls.id) AS seat_count
        FROM halls WHERE halls.cinema_id = c.id
    ) h ON true"#;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CinemaFilter {
    pub city: Option<String>,
}

pub async fn list(
    State(pool): State<PgPool>,
    Query(filter): Query<CinemaFilter>,
) -> ApiResult<Json<Vec<Cinema>>> {
    let cinemas = sqlx::query_as::<_, Cinema>(sqlx::AssertSqlSafe(format!(
        "{SELECT_CINEMAS}
         WHERE $1::text IS NULL OR lower(c.city) = lower($1)
         GROUP BY c.id ORDER BY c.city, c.name"
    )))
    .bind(crate::given(&filter.city))
    .fetch_all(&pool)
    .await?;
    Ok(Json(cinemas))
}

pub async fn get_one(State(pool): State<PgPool>, Path(id): Path<Uuid>) -> ApiResult<Json<Cinema>> {
    sqlx::query_as::<_, Cinema>(sqlx::AssertSqlSafe(format!(
        "{SELECT_CINEMAS} WHERE c.id = $1 GROUP BY c.id"
    )))
    .bind(id)
    .fetch_optional(&pool)
    .await?
    .map(Json)
    .ok_or_else(|| ApiError::NotFound("Theater not found".into()))
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Seat {
    pub id: Uuid,
    pub theater_id: Uuid,
    pub hall_id: Uuid,
    pub seat_row: String,
    pub seat_number: i32,
    pub seat_type: String,
    pub is_blocked: bool,
}

/// `GET /seats/{theater_id}`: every seat of the cinema's halls, as the original listed them.
pub async fn seats(State(pool): State<PgPool>, Path(id): Path<Uuid>) -> ApiResult<Json<Vec<Seat>>> {
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cinemas WHERE id = $1)")
        .bind(id)
        .fetch_one(&pool)
        .await?;
    if !exists {
        return Err(ApiError::NotFound("Theater not found".into()));
    }
    let seats = sqlx::query_as::<_, Seat>(
        "SELECT s.id, h.cinema_id AS theater_id, s.hall_id, s.seat_row, s.seat_number, s.seat_type,
                s.is_blocked
         FROM seats s JOIN halls h ON h.id = s.hall_id
         WHERE h.cinema_id = $1
         ORDER BY h.name, s.grid_row, s.seat_number",
    )
    .bind(id)
    .fetch_all(&pool)
    .await?;
    Ok(Json(seats))
}
