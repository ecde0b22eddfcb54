//! Admissions at the door, on `bookings`: the one statement that lets a ticket in (once, however
//! many scanners try at the same moment), and the door's count of a showtime.

use api_types::tickets::AdmissionCounts;
use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

/// Lets the confirmed booking in, if nobody has yet: when, or `None` when it was not confirmed
/// or already admitted (the row lock makes the second of two concurrent scans find it admitted).
pub async fn admit<'e>(
    executor: impl PgExecutor<'e>,
    id: Uuid,
    by: Uuid,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    sqlx::query_scalar(
        "UPDATE bookings SET admitted_at = now(), admitted_by = $2, updated_at = now()
         WHERE id = $1 AND status = 'confirmed' AND admitted_at IS NULL
         RETURNING admitted_at",
    )
    .bind(id)
    .bind(by)
    .fetch_optional(executor)
    .await
}

/// Seats and bookings of the showtime sold (confirmed) and let in.
pub async fn counts<'e>(
    executor: impl PgExecutor<'e>,
    showtime_id: Uuid,
) -> sqlx::Result<AdmissionCounts> {
    let (sold_seats, admitted_seats, sold_bookings, admitted_bookings): (i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT coalesce(sum(total_seats), 0)::int8,
                    coalesce(sum(total_seats) FILTER (WHERE admitted_at IS NOT NULL), 0)::int8,
                    count(*), count(*) FILTER (WHERE admitted_at IS NOT NULL)
             FROM bookings WHERE showtime_id = $1 AND status = 'confirmed'",
        )
        .bind(showtime_id)
        .fetch_one(executor)
        .await?;
    Ok(AdmissionCounts {
        showtime_id,
        sold_seats,
        admitted_seats,
        sold_bookings,
        admitted_bookings,
    })
}
