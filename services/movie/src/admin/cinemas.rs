use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use service_kit::{ApiError, ApiResult, Json, Path, Validator, auth::AdminUser};
use uuid::Uuid;

use super::conflict;
use crate::{
    AppState,
    cinemas::{self, Cinema},
    halls,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CinemaInput {
    pub slug: String,
    pub name: String,
    pub address: String,
    pub city: String,
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
}

fn default_time_zone() -> String {
    "Asia/Ho_Chi_Minh".into()
}

impl CinemaInput {
    async fn validate(&self, state: &AppState) -> ApiResult<()> {
        // PostgreSQL knows the time zone names; ask it rather than keep a list.
        let known_zone: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)")
                .bind(&self.time_zone)
                .fetch_one(&state.pool)
                .await?;
        Validator::default()
            .check(
                !self.slug.is_empty()
                    && self
                        .slug
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "slug",
                "Use lower-case letters, digits and '-'",
            )
            .check(!self.name.trim().is_empty(), "name", "A name is required")
            .check(
                !self.address.trim().is_empty(),
                "address",
                "An address is required",
            )
            .check(!self.city.trim().is_empty(), "city", "A city is required")
            .check(
                known_zone,
                "time_zone",
                "Use an IANA time zone such as Asia/Ho_Chi_Minh",
            )
            .finish()
    }
}

async fn respond(state: &AppState, id: Uuid) -> ApiResult<Json<Cinema>> {
    cinemas::get_one(State(state.pool.clone()), Path(id)).await
}

pub async fn create(
    State(state): State<AppState>,
    _admin: AdminUser,
    Json(input): Json<CinemaInput>,
) -> ApiResult<(StatusCode, Json<Cinema>)> {
    input.validate(&state).await?;
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO cinemas (slug, name, address, city, time_zone) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(&input.slug)
    .bind(input.name.trim())
    .bind(input.address.trim())
    .bind(input.city.trim())
    .bind(&input.time_zone)
    .fetch_one(&state.pool)
    .await
    .map_err(|error| conflict(error, "A cinema with this slug already exists"))?;
    state.cache.invalidate().await?;
    Ok((StatusCode::CREATED, respond(&state, id).await?))
}

pub async fn update(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
    Json(input): Json<CinemaInput>,
) -> ApiResult<Json<Cinema>> {
    input.validate(&state).await?;
    let updated = sqlx::query(
        "UPDATE cinemas SET slug = $2, name = $3, address = $4, city = $5, time_zone = $6,
                updated_at = now() WHERE id = $1",
    )
    .bind(id)
    .bind(&input.slug)
    .bind(input.name.trim())
    .bind(input.address.trim())
    .bind(input.city.trim())
    .bind(&input.time_zone)
    .execute(&state.pool)
    .await
    .map_err(|error| conflict(error, "A cinema with this slug already exists"))?;
    if updated.rows_affected() == 0 {
        return Err(ApiError::NotFound("Theater not found".into()));
    }
    state.cache.invalidate().await?;
    respond(&state, id).await
}

pub async fn remove(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete_row(
        &state,
        "DELETE FROM cinemas WHERE id = $1",
        id,
        "Theater not found",
        "This cinema has showtimes and cannot be deleted",
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HallInput {
    pub name: String,
    /// One string a row; see the `halls` migration for the cell codes.
    pub layout: Vec<String>,
    /// Seats that cannot be sold, e.g. `["B5"]`.
    #[serde(default)]
    pub blocked: Vec<String>,
}

#[derive(Debug, serde::Serialize)]
pub struct HallCreated {
    pub id: Uuid,
    pub name: String,
    pub total_seats: i64,
}

pub async fn create_hall(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(cinema_id): Path<Uuid>,
    Json(input): Json<HallInput>,
) -> ApiResult<(StatusCode, Json<HallCreated>)> {
    if input.name.trim().is_empty() {
        return Err(super::invalid("name", "A name is required"));
    }
    cinemas::get_one(State(state.pool.clone()), Path(cinema_id)).await?;
    let id = halls::insert(
        &state.pool,
        cinema_id,
        input.name.trim(),
        &input.layout,
        &input.blocked,
    )
    .await?;
    state.cache.invalidate().await?;
    let total_seats = halls::seat_count(&state.pool, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(HallCreated {
            id,
            name: input.name.trim().to_owned(),
            total_seats,
        }),
    ))
}

/// Replaces a hall's layout; refused while showtimes are scheduled in it, since their seats
/// (and any bookings of them) would change under them.
pub async fn update_hall(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
    Json(input): Json<HallInput>,
) -> ApiResult<Json<HallCreated>> {
    halls::replace_layout(
        &state.pool,
        id,
        input.name.trim(),
        &input.layout,
        &input.blocked,
    )
    .await?;
    state.cache.invalidate().await?;
    Ok(Json(HallCreated {
        id,
        name: input.name.trim().to_owned(),
        total_seats: halls::seat_count(&state.pool, id).await?,
    }))
}

pub async fn remove_hall(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::delete_row(
        &state,
        "DELETE FROM halls WHERE id = $1",
        id,
        "Hall not found",
        "This hall has showtimes and cannot be deleted",
    )
    .await
}
