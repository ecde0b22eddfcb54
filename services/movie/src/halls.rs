//! Halls: a named room of a cinema with its seat layout; the seats are derived from the layout.

use service_kit::{ApiError, ApiResult, FieldError};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::layout;

fn label(seat: &layout::SeatSpec) -> String {
    format!("{}{}", seat.seat_row, seat.seat_number)
}

/// The layout's seats; every seat `blocked` names must be one of them.
fn parse(rows: &[String], blocked: &[String]) -> ApiResult<Vec<layout::SeatSpec>> {
    let seats = layout::parse(rows).map_err(|problems| {
        ApiError::Validation(
            problems
                .into_iter()
                .map(|problem| FieldError::body("layout", problem))
                .collect(),
        )
    })?;
    let unknown: Vec<&str> = blocked
        .iter()
        .map(String::as_str)
        .filter(|name| !seats.iter().any(|seat| label(seat) == *name))
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::Validation(vec![FieldError::body(
            "blocked",
            format!("No such seat in the layout: {}", unknown.join(", ")),
        )]));
    }
    Ok(seats)
}

const NAME_TAKEN: &str = "This cinema already has a hall with that name";

pub async fn seat_count(pool: &PgPool, hall_id: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM seats WHERE hall_id = $1")
        .bind(hall_id)
        .fetch_one(pool)
        .await
}

/// Renames a hall and replaces its layout and seats, unless showtimes are still to come in it.
pub async fn replace_layout(
    pool: &PgPool,
    hall_id: Uuid,
    name: &str,
    rows: &[String],
    blocked: &[String],
) -> ApiResult<()> {
    if name.is_empty() {
        return Err(ApiError::Validation(vec![FieldError::body(
            "name",
            "A name is required",
        )]));
    }
    let seats = parse(rows, blocked)?;
    let mut tx = pool.begin().await?;
    let found: Option<Uuid> = sqlx::query_scalar("SELECT id FROM halls WHERE id = $1 FOR UPDATE")
        .bind(hall_id)
        .fetch_optional(&mut *tx)
        .await?;
    if found.is_none() {
        return Err(ApiError::NotFound("Hall not found".into()));
    }
    let upcoming: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM showtimes
                        WHERE hall_id = $1 AND status = 'scheduled' AND ends_at > now())",
    )
    .bind(hall_id)
    .fetch_one(&mut *tx)
    .await?;
    if upcoming {
        return Err(ApiError::Conflict(
            "Showtimes are scheduled in this hall; cancel them before changing its layout".into(),
        ));
    }
    sqlx::query("UPDATE halls SET name = $2, layout = $3, updated_at = now() WHERE id = $1")
        .bind(hall_id)
        .bind(name)
        .bind(rows)
        .execute(&mut *tx)
        .await
        .map_err(|error| crate::admin::conflict(error, NAME_TAKEN))?;
    sqlx::query("DELETE FROM seats WHERE hall_id = $1")
        .bind(hall_id)
        .execute(&mut *tx)
        .await?;
    insert_seats(&mut tx, hall_id, &seats, blocked).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a hall and its seats in one transaction; `blocked` names seats like "B5".
pub async fn insert(
    pool: &PgPool,
    cinema_id: Uuid,
    name: &str,
    rows: &[String],
    blocked: &[String],
) -> ApiResult<Uuid> {
    let seats = parse(rows, blocked)?;
    let mut tx = pool.begin().await?;
    let hall_id: Uuid = sqlx::query_scalar(
        "INSERT INTO halls (cinema_id, name, layout) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(cinema_id)
    .bind(name)
    .bind(rows)
    .fetch_one(&mut *tx)
    .await
    .map_err(|error| crate::admin::conflict(error, NAME_TAKEN))?;
    insert_seats(&mut tx, hall_id, &seats, blocked).await?;
    tx.commit().await?;
    Ok(hall_id)
}

async fn insert_seats(
    tx: &mut Transaction<'_, Postgres>,
    hall_id: Uuid,
    seats: &[layout::SeatSpec],
    blocked: &[String],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO seats (hall_id, seat_row, seat_number, grid_row, grid_column, seat_type,
                            pair_with, is_blocked)
         SELECT $1, * FROM unnest($2::text[], $3::int4[], $4::int4[], $5::int4[], $6::text[],
                                  $7::int4[], $8::bool[])",
    )
    .bind(hall_id)
    .bind(
        seats
            .iter()
            .map(|seat| seat.seat_row.clone())
            .collect::<Vec<_>>(),
    )
    .bind(
        seats
            .iter()
            .map(|seat| seat.seat_number)
            .collect::<Vec<_>>(),
    )
    .bind(seats.iter().map(|seat| seat.grid_row).collect::<Vec<_>>())
    .bind(
        seats
            .iter()
            .map(|seat| seat.grid_column)
            .collect::<Vec<_>>(),
    )
    .bind(
        seats
            .iter()
            .map(|seat| seat.seat_type.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(seats.iter().map(|seat| seat.pair_with).collect::<Vec<_>>())
    .bind(
        seats
            .iter()
            .map(|seat| blocked.contains(&label(seat)))
            .collect::<Vec<_>>(),
    )
    .execute(&mut **tx)
    .await
    .map(drop)
}

/// A hall as its editor needs it: the layout as it was drawn and the seats taken out of sale.
#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct HallDetail {
    pub id: Uuid,
    pub cinema_id: Uuid,
    pub cinema_name: String,
    pub name: String,
    pub layout: Vec<String>,
    pub blocked: Vec<String>,
    pub total_seats: i64,
    /// Scheduled showtimes still to end in the hall: while there are any, the layout is fixed.
    pub upcoming_showtimes: i64,
}

/// `GET /halls/{id}`.
pub async fn get_one(
    axum::extract::State(pool): axum::extract::State<PgPool>,
    service_kit::Path(id): service_kit::Path<Uuid>,
) -> ApiResult<service_kit::Json<HallDetail>> {
    sqlx::query_as::<_, HallDetail>(
        "SELECT h.id, h.cinema_id, c.name AS cinema_name, h.name, h.layout,
                coalesce(array_agg(s.seat_row || s.seat_number ORDER BY s.grid_row, s.grid_column)
                         FILTER (WHERE s.is_blocked), '{}') AS blocked,
                count(s.id) AS total_seats,
                (SELECT count(*) FROM showtimes st
                 WHERE st.hall_id = h.id AND st.status = 'scheduled' AND st.ends_at > now())
                    AS upcoming_showtimes
         FROM halls h JOIN cinemas c ON c.id = h.cinema_id
         LEFT JOIN seats s ON s.hall_id = h.id
         WHERE h.id = $1
         GROUP BY h.id, c.name",
    )
    .bind(id)
    .fetch_optional(&pool)
    .await?
    .map(service_kit::Json)
    .ok_or_else(|| ApiError::NotFound("Hall not found".into()))
}
