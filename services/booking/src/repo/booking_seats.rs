//! Every SQL statement that reads which seats bookings have: a showtime's taken seats, and a
//! customer's. (Writes to `booking_seats` go with their booking, in [`super::bookings`].)

use sqlx::PgExecutor;
use uuid::Uuid;

/// A seat that an active (pending or confirmed) booking has.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActiveSeat {
    pub showtime_id: Uuid,
    pub booking_id: Uuid,
    pub seat_id: Uuid,
    pub label: String,
}

/// The seats of `showtime_ids` that active bookings have; with `among`, only those of these
/// seats. Ordered by showtime and label.
pub async fn active_seats<'e>(
    executor: impl PgExecutor<'e>,
    showtime_ids: &[Uuid],
    among: Option<&[Uuid]>,
) -> sqlx::Result<Vec<ActiveSeat>> {
    sqlx::query_as(
        "SELECT showtime_id, booking_id, seat_id, seat_label AS label FROM booking_seats
         WHERE showtime_id = ANY($1) AND active AND ($2::uuid[] IS NULL OR seat_id = ANY($2))
         ORDER BY showtime_id, seat_label",
    )
    .bind(showtime_ids)
    .bind(among)
    .fetch_all(executor)
    .await
}

/// The seats of `user_id`'s active (pending or confirmed) bookings in the showtime.
pub async fn active_seats_of<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
    showtime_id: Uuid,
) -> sqlx::Result<Vec<Uuid>> {
    seats_of(executor, user_id, showtime_id, &["pending", "confirmed"]).await
}

/// The seats of `user_id`'s bookings in the showtime that await payment.
pub async fn pending_seats_of<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
    showtime_id: Uuid,
) -> sqlx::Result<Vec<Uuid>> {
    seats_of(executor, user_id, showtime_id, &["pending"]).await
}

async fn seats_of<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
    showtime_id: Uuid,
    statuses: &[&str],
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar(
        "SELECT s.seat_id FROM booking_seats s JOIN bookings b ON b.id = s.booking_id
         WHERE b.user_id = $1 AND s.showtime_id = $2 AND s.active AND b.status = ANY($3)",
    )
    .bind(user_id)
    .bind(showtime_id)
    .bind(statuses)
    .fetch_all(executor)
    .await
}

/// The labels of those of `seat_ids` that an active booking has.
pub async fn taken_labels<'e>(
    executor: impl PgExecutor<'e>,
    showtime_id: Uuid,
    seat_ids: &[Uuid],
) -> sqlx::Result<Vec<String>> {
    let seats = active_seats(executor, &[showtime_id], Some(seat_ids)).await?;
    Ok(seats.into_iter().map(|seat| seat.label).collect())
}
