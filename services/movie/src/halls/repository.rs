//! Every SQL statement on `halls` and `seats`.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::model::{HallDetail, label};
use crate::layout;

pub async fn seat_count(pool: &PgPool, hall_id: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM seats WHERE hall_id = $1")
        .bind(hall_id)
        .fetch_one(pool)
        .await
}

/// Whether the hall exists, locking it until the transaction ends.
pub async fn lock(connection: &mut PgConnection, hall_id: Uuid) -> sqlx::Result<bool> {
    let found: Option<Uuid> = sqlx::query_scalar("SELECT id FROM halls WHERE id = $1 FOR UPDATE")
        .bind(hall_id)
        .fetch_optional(connection)
        .await?;
    Ok(found.is_some())
}

/// Whether scheduled showtimes are still to end in the hall.
pub async fn has_upcoming_showtimes(
    connection: &mut PgConnection,
    hall_id: Uuid,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM showtimes
                        WHERE hall_id = $1 AND status = 'scheduled' AND ends_at > now())",
    )
    .bind(hall_id)
    .fetch_one(connection)
    .await
}

/// Renames the hall and replaces its layout and seats.
pub async fn replace(
    connection: &mut PgConnection,
    hall_id: Uuid,
    name: &str,
    rows: &[String],
    seats: &[layout::SeatSpec],
    blocked: &[String],
) -> sqlx::Result<()> {
    sqlx::query("UPDATE halls SET name = $2, layout = $3, updated_at = now() WHERE id = $1")
        .bind(hall_id)
        .bind(name)
        .bind(rows)
        .execute(&mut *connection)
        .await?;
    sqlx::query("DELETE FROM seats WHERE hall_id = $1")
        .bind(hall_id)
        .execute(&mut *connection)
        .await?;
    insert_seats(connection, hall_id, seats, blocked).await
}

/// Creates a hall and its seats; `blocked` names seats like "B5".
pub async fn insert(
    connection: &mut PgConnection,
    cinema_id: Uuid,
    name: &str,
    rows: &[String],
    seats: &[layout::SeatSpec],
    blocked: &[String],
) -> sqlx::Result<Uuid> {
    let hall_id: Uuid = sqlx::query_scalar(
        "INSERT INTO halls (cinema_id, name, layout) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(cinema_id)
    .bind(name)
    .bind(rows)
    .fetch_one(&mut *connection)
    .await?;
    insert_seats(connection, hall_id, seats, blocked).await?;
    Ok(hall_id)
}

async fn insert_seats(
    connection: &mut PgConnection,
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
    .execute(connection)
    .await
    .map(drop)
}

/// The hall as its editor needs it.
pub async fn detail(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<HallDetail>> {
    type Row = (
        Uuid,
        Uuid,
        String,
        String,
        Vec<String>,
        Vec<String>,
        i64,
        i64,
    );
    let row = sqlx::query_as::<_, Row>(
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
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(id, cinema_id, cinema_name, name, layout, blocked, total_seats, upcoming_showtimes)| {
            HallDetail {
                id,
                cinema_id,
                cinema_name,
                name,
                layout,
                blocked,
                total_seats,
                upcoming_showtimes,
            }
        },
    ))
}

/// False when there is no such hall (one with showtimes is a foreign-key error).
pub async fn delete(pool: &PgPool, id: Uuid) -> sqlx::Result<bool> {
    let deleted = sqlx::query("DELETE FROM halls WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(deleted.rows_affected() > 0)
}
