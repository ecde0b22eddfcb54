//! Halls: a named room of a cinema with its seat layout; the seats are derived from the layout.

use service_kit::{ApiError, ApiResult, FieldError};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::layout;

/// Creates a hall and its seats in one transaction; `blocked` names seats like "B5".
pub async fn insert(
    pool: &PgPool,
    cinema_id: Uuid,
    name: &str,
    rows: &[String],
    blocked: &[String],
) -> ApiResult<Uuid> {
    let seats = layout::parse(rows).map_err(|problems| {
        ApiError::Validation(
            problems
                .into_iter()
                .map(|problem| FieldError::body("layout", problem))
                .collect(),
        )
    })?;
    let mut tx = pool.begin().await?;
    let hall_id: Uuid = sqlx::query_scalar(
        "INSERT INTO halls (cinema_id, name, layout) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(cinema_id)
    .bind(name)
    .bind(rows)
    .fetch_one(&mut *tx)
    .await?;
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
    let label = |seat: &layout::SeatSpec| format!("{}{}", seat.seat_row, seat.seat_number);
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
