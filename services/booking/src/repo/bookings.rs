//! Every SQL statement on `bookings` and `booking_seats`, and the outbox events that record
//! their changes in the same transaction. PostgreSQL's unique index over the active seats of a
//! showtime (`booking_seats_one_active_booking`) is what makes a double booking impossible.

use api_types::bookings::{BookedSeat, Booking};
use chrono::{DateTime, Utc};
use service_kit::events::{Event, outbox};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::error::{BookingError, BookingResult};

#[derive(sqlx::FromRow)]
struct BookingRow {
    id: Uuid,
    user_id: Uuid,
    booking_code: String,
    showtime_id: Uuid,
    total_seats: i32,
    total_price: String,
    total_price_whole: i64,
    status: String,
    payment_status: String,
    expires_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    contact_email: Option<String>,
    #[sqlx(json)]
    seats: Vec<BookedSeat>,
    #[sqlx(json)]
    cancelled_seats: Vec<BookedSeat>,
    ticket_generation: i32,
    sales_channel: String,
    sold_by: Option<Uuid>,
    customer_name: Option<String>,
    admitted_at: Option<DateTime<Utc>>,
    language: Option<String>,
}

impl From<BookingRow> for Booking {
    fn from(row: BookingRow) -> Self {
        Self {
            id: row.id,
            user_id: row.user_id,
            booking_code: row.booking_code,
            showtime_id: row.showtime_id,
            total_seats: row.total_seats,
            total_price: row.total_price,
            total_price_whole: row.total_price_whole,
            status: row.status,
            payment_status: row.payment_status,
            expires_at: row.expires_at,
            created_at: row.created_at,
            contact_email: row.contact_email,
            seats: row.seats,
            cancelled_seats: row.cancelled_seats,
            ticket_generation: row.ticket_generation,
            sales_channel: row.sales_channel,
            sold_by: row.sold_by,
            customer_name: row.customer_name,
            admitted_at: row.admitted_at,
            language: row.language,
        }
    }
}

const SELECT: &str = "SELECT b.id, b.user_id, b.booking_code, b.showtime_id, b.total_seats,
        b.total_price::text AS total_price, floor(b.total_price)::int8 AS total_price_whole,
        b.status, b.payment_status, b.expires_at, b.created_at,
        b.contact_email, b.sales_channel, b.sold_by, b.customer_name, b.admitted_at,
        b.ticket_generation, b.language,
        coalesce((SELECT jsonb_agg(jsonb_build_object('seat_id', s.seat_id, 'label', s.seat_label,
                    'seat_type', s.seat_type, 'price', s.price::text,
                    'price_whole', floor(s.price)::int8) ORDER BY s.seat_label)
                  FROM booking_seats s WHERE s.booking_id = b.id AND s.cancelled_at IS NULL),
                 '[]') AS seats,
        coalesce((SELECT jsonb_agg(jsonb_build_object('seat_id', s.seat_id, 'label', s.seat_label,
                    'seat_type', s.seat_type, 'price', s.price::text,
                    'price_whole', floor(s.price)::int8) ORDER BY s.seat_label)
                  FROM booking_seats s WHERE s.booking_id = b.id AND s.cancelled_at IS NOT NULL),
                 '[]') AS cancelled_seats
    FROM bookings b";

pub async fn find<'e>(executor: impl PgExecutor<'e>, id: Uuid) -> sqlx::Result<Option<Booking>> {
    let row =
        sqlx::query_as::<_, BookingRow>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE b.id = $1")))
            .bind(id)
            .fetch_optional(executor)
            .await?;
    Ok(row.map(Booking::from))
}

/// The booking with this code (as read out at the box office or typed at the door).
pub async fn find_by_code<'e>(
    executor: impl PgExecutor<'e>,
    code: &str,
) -> sqlx::Result<Option<Booking>> {
    let row = sqlx::query_as::<_, BookingRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE b.booking_code = $1"
    )))
    .bind(code)
    .fetch_optional(executor)
    .await?;
    Ok(row.map(Booking::from))
}

/// The user's latest bookings, newest first.
pub async fn for_user<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
) -> sqlx::Result<Vec<Booking>> {
    let rows = sqlx::query_as::<_, BookingRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE b.user_id = $1 ORDER BY b.created_at DESC LIMIT 200"
    )))
    .bind(user_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(Booking::from).collect())
}

/// A booking about to be taken, priced on the server.
pub struct NewBooking<'a> {
    pub user_id: Uuid,
    pub contact_email: Option<&'a str>,
    /// The staff member, for a sale at the box office.
    pub sold_by: Option<Uuid>,
    pub customer_name: Option<&'a str>,
    pub showtime_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub seats: &'a [api_types::seats::SaleSeat],
    /// The language of the request that took it.
    pub language: Option<&'a str>,
}

/// Inserts a pending booking and its seats; a seat another active booking has is
/// [`BookingError::SeatsTaken`] (the transaction is then spoilt: roll it back).
pub async fn insert(
    connection: &mut PgConnection,
    booking: &NewBooking<'_>,
    booking_code: &str,
) -> BookingResult<Uuid> {
    let total: i64 = booking.seats.iter().map(|seat| seat.price).sum();
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO bookings (booking_code, user_id, showtime_id, total_seats, total_price,
                               expires_at, contact_email, sold_by, customer_name, sales_channel,
                               language)
         VALUES ($1, $2, $3, $4, $5::int8, $6, $7, $8, $9,
                 CASE WHEN $8::uuid IS NULL THEN 'online' ELSE 'box_office' END, $10)
         RETURNING id",
    )
    .bind(booking_code)
    .bind(booking.user_id)
    .bind(booking.showtime_id)
    .bind(booking.seats.len() as i32)
    .bind(total)
    .bind(booking.expires_at)
    .bind(booking.contact_email)
    .bind(booking.sold_by)
    .bind(booking.customer_name)
    .bind(booking.language)
    .fetch_one(&mut *connection)
    .await?;
    let inserted = sqlx::query(
        "INSERT INTO booking_seats (booking_id, showtime_id, seat_id, seat_label, seat_type, price)
         SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::int8[])",
    )
    .bind(id)
    .bind(booking.showtime_id)
    .bind(booking.seats.iter().map(|seat| seat.id).collect::<Vec<_>>())
    .bind(
        booking
            .seats
            .iter()
            .map(|seat| seat.label())
            .collect::<Vec<_>>(),
    )
    .bind(
        booking
            .seats
            .iter()
            .map(|seat| seat.seat_type.clone())
            .collect::<Vec<_>>(),
    )
    .bind(
        booking
            .seats
            .iter()
            .map(|seat| seat.price)
            .collect::<Vec<_>>(),
    )
    .execute(&mut *connection)
    .await;
    match inserted {
        Ok(_) => Ok(id),
        Err(error)
            if error.as_database_error().and_then(|db| db.constraint())
                == Some("booking_seats_one_active_booking") =>
        {
            // Which seats is read after the rollback, by the caller.
            Err(BookingError::SeatsTaken(Vec::new()))
        }
        Err(error) => Err(error.into()),
    }
}

/// Cancels a pending or confirmed booking and frees its seats (with `refunded`, its money is
/// marked returned too); false if it was neither.
pub async fn cancel(connection: &mut PgConnection, id: Uuid, refunded: bool) -> sqlx::Result<bool> {
    let changed = sqlx::query(
        "UPDATE bookings SET status = 'cancelled', updated_at = now(),
                payment_status = CASE WHEN $2 THEN 'refunded' ELSE payment_status END
         WHERE id = $1 AND status IN ('pending', 'confirmed')
           -- A ticket let in at the door is used: only a refund (of its money) ends it.
           AND (admitted_at IS NULL OR $2)",
    )
    .bind(id)
    .bind(refunded)
    .execute(&mut *connection)
    .await?
    .rows_affected();
    if changed == 1 {
        free_seats(connection, &[id]).await?;
    }
    Ok(changed == 1)
}

/// Seats given back from a booking that keeps the rest.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CancelledSeat {
    pub seat_id: Uuid,
    pub label: String,
    /// Cents.
    pub price: i64,
}

/// Cancels `seat_ids` of a confirmed booking not yet let in, keeping its other seats: they are
/// freed and marked cancelled, the booking's totals become those of the seats it keeps, and its
/// ticket moves to the next generation. Answers the seats cancelled, or `None` (nothing changed)
/// when the booking is not confirmed, was let in, or does not have every one of the seats.
pub async fn cancel_seats(
    connection: &mut PgConnection,
    id: Uuid,
    seat_ids: &[Uuid],
) -> sqlx::Result<Option<Vec<CancelledSeat>>> {
    let open: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM bookings
         WHERE id = $1 AND status = 'confirmed' AND admitted_at IS NULL FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut *connection)
    .await?;
    if open.is_none() {
        return Ok(None);
    }
    let cancelled: Vec<CancelledSeat> = sqlx::query_as(
        "UPDATE booking_seats SET active = false, cancelled_at = now()
         WHERE booking_id = $1 AND seat_id = ANY($2) AND active
         RETURNING seat_id, seat_label AS label, (price * 100)::int8 AS price",
    )
    .bind(id)
    .bind(seat_ids)
    .fetch_all(&mut *connection)
    .await?;
    if cancelled.len() != seat_ids.len() {
        return Ok(None);
    }
    sqlx::query(
        "UPDATE bookings SET updated_at = now(), ticket_generation = ticket_generation + 1,
                (total_seats, total_price) = (
                    SELECT count(*), coalesce(sum(price), 0) FROM booking_seats
                    WHERE booking_id = $1 AND active)
         WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *connection)
    .await?;
    Ok(Some(cancelled))
}

/// Cancels every pending or confirmed booking of a showtime, seats and all; their ids.
pub async fn cancel_all_of_showtime(
    connection: &mut PgConnection,
    showtime_id: Uuid,
) -> sqlx::Result<Vec<Uuid>> {
    let cancelled: Vec<Uuid> = sqlx::query_scalar(
        "UPDATE bookings SET status = 'cancelled', updated_at = now()
         WHERE showtime_id = $1 AND status IN ('pending', 'confirmed')
         RETURNING id",
    )
    .bind(showtime_id)
    .fetch_all(&mut *connection)
    .await?;
    free_seats(connection, &cancelled).await?;
    Ok(cancelled)
}

async fn free_seats(connection: &mut PgConnection, booking_ids: &[Uuid]) -> sqlx::Result<()> {
    sqlx::query("UPDATE booking_seats SET active = false WHERE booking_id = ANY($1)")
        .bind(booking_ids)
        .execute(connection)
        .await
        .map(drop)
}

/// Marks a pending booking paid and confirmed; its code, or `None` if it was not pending.
pub async fn confirm_paid(connection: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "UPDATE bookings SET status = 'confirmed', payment_status = 'paid', updated_at = now()
         WHERE id = $1 AND status = 'pending'
         RETURNING booking_code",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// Confirms a pending booking that costs nothing (a free showtime): there is nothing to pay, so
/// nothing to wait for; its code, or `None` if it was not such a booking.
pub async fn confirm_free(connection: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "UPDATE bookings SET status = 'confirmed', payment_status = 'paid', expires_at = NULL,
                updated_at = now()
         WHERE id = $1 AND status = 'pending' AND total_price = 0
         RETURNING booking_code",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// A cancelled booking whose payment has now come back is refunded; false if it was not such a
/// booking (or is refunded already).
pub async fn mark_refunded(connection: &mut PgConnection, id: Uuid) -> sqlx::Result<bool> {
    let changed = sqlx::query(
        "UPDATE bookings SET payment_status = 'refunded', updated_at = now()
         WHERE id = $1 AND status = 'cancelled' AND payment_status = 'paid'",
    )
    .bind(id)
    .execute(connection)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// An unpaid booking that ran out of time, with the seats it gave back.
pub struct Expired {
    pub id: Uuid,
    pub user_id: Uuid,
    pub showtime_id: Uuid,
    pub seat_ids: Vec<Uuid>,
}

/// Expires up to 200 pending bookings past their time, freeing their seats. Safe with several
/// instances: each takes rows the others have not locked.
pub async fn expire_overdue(connection: &mut PgConnection) -> sqlx::Result<Vec<Expired>> {
    let expired: Vec<(Uuid, Uuid, Uuid)> = sqlx::query_as(
        "UPDATE bookings SET status = 'expired', updated_at = now()
         WHERE id IN (SELECT id FROM bookings
                      WHERE status = 'pending' AND expires_at < now()
                      ORDER BY expires_at LIMIT 200 FOR UPDATE SKIP LOCKED)
         RETURNING id, user_id, showtime_id",
    )
    .fetch_all(&mut *connection)
    .await?;
    let ids: Vec<Uuid> = expired.iter().map(|(id, _, _)| *id).collect();
    let seats: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "UPDATE booking_seats SET active = false WHERE booking_id = ANY($1)
         RETURNING booking_id, seat_id",
    )
    .bind(&ids)
    .fetch_all(&mut *connection)
    .await?;
    Ok(expired
        .into_iter()
        .map(|(id, user_id, showtime_id)| Expired {
            id,
            user_id,
            showtime_id,
            seat_ids: seats
                .iter()
                .filter(|(booking, _)| *booking == id)
                .map(|(_, seat)| *seat)
                .collect(),
        })
        .collect())
}

/// Puts `booking.<what>` with the booking as it is now (and `extra`'s fields) into the outbox,
/// in the caller's transaction.
pub async fn record_event(
    connection: &mut PgConnection,
    what: &str,
    id: Uuid,
    extra: serde_json::Value,
) -> BookingResult<Option<Booking>> {
    let Some(booking) = find(&mut *connection, id).await? else {
        return Ok(None);
    };
    let mut data = serde_json::to_value(&booking).map_err(anyhow::Error::from)?;
    if let (Some(data), serde_json::Value::Object(extra)) = (data.as_object_mut(), extra) {
        data.extend(extra);
    }
    let event = Event::caused_now(&format!("booking.{what}"), data);
    outbox::enqueue(connection, &event).await?;
    Ok(Some(booking))
}

/// Records that the booking's payment arrived after it ended, so the payment service refunds.
pub async fn record_payment_rejected(
    connection: &mut PgConnection,
    booking: &Booking,
    payment_id: &serde_json::Value,
    correlation_id: Option<String>,
) -> sqlx::Result<()> {
    let rejected = Event::new(
        "booking.payment_rejected",
        serde_json::json!({
            "booking_id": booking.id,
            "payment_id": payment_id,
            "reason": format!("The booking was {} before the payment arrived", booking.status),
        }),
        correlation_id,
    );
    outbox::enqueue(connection, &rejected).await
}
