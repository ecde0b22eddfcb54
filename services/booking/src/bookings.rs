//! Bookings: a hold turned into a pending booking, priced on the server. PostgreSQL's unique
//! index over the active seats of a showtime is what makes a double booking impossible.

use axum::{extract::State, http::StatusCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use service_kit::{
    ApiError, ApiResult, Json, Path,
    auth::AuthUser,
    correlation::CorrelationId,
    events::{Event, outbox},
};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::{AppState, holds::Hold, seats};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Booking {
    pub id: Uuid,
    pub user_id: Uuid,
    pub booking_code: String,
    pub showtime_id: Uuid,
    pub total_seats: i32,
    /// Whole currency units, as a decimal string like the original's.
    pub total_price: String,
    pub status: String,
    pub payment_status: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub contact_email: Option<String>,
    #[sqlx(json)]
    pub seats: Vec<BookedSeat>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BookedSeat {
    pub seat_id: Uuid,
    pub label: String,
    pub seat_type: String,
    pub price: String,
}

const SELECT: &str = "SELECT b.id, b.user_id, b.booking_code, b.showtime_id, b.total_seats,
        b.total_price::text AS total_price, b.status, b.payment_status, b.expires_at, b.created_at,
        b.contact_email,
        coalesce((SELECT jsonb_agg(jsonb_build_object('seat_id', s.seat_id, 'label', s.seat_label,
                    'seat_type', s.seat_type, 'price', s.price::text) ORDER BY s.seat_label)
                  FROM booking_seats s WHERE s.booking_id = b.id), '[]') AS seats
    FROM bookings b";

/// `{showtime_id, seat_ids}`; `seats` is accepted for `seat_ids`, as the original's clients send.
#[derive(Debug, Deserialize)]
pub struct SeatRequest {
    pub showtime_id: Uuid,
    #[serde(alias = "seats")]
    pub seat_ids: Vec<String>,
    /// The caller's hold of these seats, if they made one first.
    pub hold_id: Option<Uuid>,
}

/// A short code people can read out at the box office: no 0/O or 1/I.
fn booking_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("randomness");
    bytes
        .iter()
        .map(|byte| ALPHABET[*byte as usize % ALPHABET.len()] as char)
        .collect()
}

pub async fn find<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    id: Uuid,
) -> sqlx::Result<Option<Booking>> {
    sqlx::query_as::<_, Booking>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE b.id = $1")))
        .bind(id)
        .fetch_optional(executor)
        .await
}

/// Puts `booking.<what>` with the booking as it is now (and `extra` fields) into the outbox,
/// inside `tx`.
pub async fn record_event(
    tx: &mut sqlx::PgConnection,
    what: &str,
    id: Uuid,
    extra: serde_json::Value,
) -> sqlx::Result<Option<Booking>> {
    let Some(booking) = find(&mut *tx, id).await? else {
        return Ok(None);
    };
    let mut data = serde_json::to_value(&booking).expect("a booking serialises");
    if let (Some(data), serde_json::Value::Object(extra)) = (data.as_object_mut(), extra) {
        data.extend(extra);
    }
    let event = Event::new(
        &format!("booking.{what}"),
        data,
        CorrelationId::current().map(|id| id.as_str().to_owned()),
    );
    outbox::enqueue(tx, &event).await?;
    Ok(Some(booking))
}

/// The seats among `seat_ids` that an active booking already has.
async fn booked_labels(
    pool: &PgPool,
    showtime_id: Uuid,
    seat_ids: &[Uuid],
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT seat_label FROM booking_seats
         WHERE showtime_id = $1 AND seat_id = ANY($2) AND active ORDER BY seat_label",
    )
    .bind(showtime_id)
    .bind(seat_ids)
    .fetch_all(pool)
    .await
}

/// 409 naming the seats someone else has, in the message and as `conflicts`.
pub fn taken(labels: Vec<String>) -> ApiError {
    ApiError::ConflictOver {
        detail: format!("Seats already taken: {}", labels.join(", ")),
        conflicts: labels,
    }
}

/// `POST /book` and `POST /bookings`.
pub async fn book(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<SeatRequest>,
) -> ApiResult<(StatusCode, Json<Booking>)> {
    let map = seats::seat_map(&state.movie, request.showtime_id).await?;
    let chosen = seats::resolve(&map, &request.seat_ids)?;
    let seat_ids: Vec<Uuid> = chosen.iter().map(|seat| seat.id).collect();

    let already = booked_labels(&state.pool, request.showtime_id, &seat_ids).await?;
    if !already.is_empty() {
        return Err(taken(already));
    }
    // Hold first (or keep the caller's hold): someone else's hold is a 409. Without Redis the
    // booking still goes ahead, guarded by PostgreSQL alone.
    let hold: Option<Hold> = match request.hold_id {
        Some(id) => Some(state.holds.find(id, caller.id).await?),
        None => match state
            .holds
            .acquire(caller.id, request.showtime_id, &chosen)
            .await
        {
            Ok(hold) => Some(hold),
            Err(ApiError::Unavailable(reason)) => {
                tracing::warn!(reason, "booking without a Redis hold");
                None
            }
            Err(other) => return Err(other),
        },
    };
    if let Some(hold) = &hold
        && (hold.showtime_id != request.showtime_id
            || hold
                .seat_ids
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                != seat_ids.iter().collect())
    {
        return Err(ApiError::BadRequest("The hold is for other seats".into()));
    }

    let expires_at = hold
        .as_ref()
        .map_or_else(|| Utc::now() + state.holds.ttl, |hold| hold.expires_at);
    let total: i64 = chosen.iter().map(|seat| seat.price).sum();
    let mut tx = state.pool.begin().await?;
    // Taken in turn with the cancellation of the showtime (see `showtime_events`): either this
    // booking is in before it, and is cancelled with the others, or it sees it and stops.
    crate::showtime_events::lock_showtime(&mut tx, request.showtime_id).await?;
    if crate::showtime_events::is_cancelled(&mut tx, request.showtime_id).await? {
        return Err(ApiError::Conflict(
            "This showtime has been cancelled; its seats are not on sale".into(),
        ));
    }
    let id = insert(&mut tx, &caller, &request, total, expires_at, &chosen).await;
    let id = match id {
        Ok(id) => id,
        Err(error)
            if error.as_database_error().and_then(|db| db.constraint())
                == Some("booking_seats_one_active_booking") =>
        {
            drop(tx);
            let already = booked_labels(&state.pool, request.showtime_id, &seat_ids).await?;
            return Err(taken(already));
        }
        Err(error) => return Err(error.into()),
    };
    record_event(&mut tx, "created", id, serde_json::Value::Null).await?;
    tx.commit().await?;
    tracing::info!(booking = %id, user = %caller.id, seats = seat_ids.len(), "booking created");
    state
        .holds
        .announce(request.showtime_id, "booked", &seat_ids)
        .await;
    let booking = find(&state.pool, id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("booking vanished")))?;
    Ok((StatusCode::CREATED, Json(booking)))
}

async fn insert(
    tx: &mut Transaction<'_, Postgres>,
    caller: &AuthUser,
    request: &SeatRequest,
    total: i64,
    expires_at: DateTime<Utc>,
    chosen: &[seats::MapSeat],
) -> sqlx::Result<Uuid> {
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO bookings (booking_code, user_id, showtime_id, total_seats, total_price,
                               expires_at, contact_email)
         VALUES ($1, $2, $3, $4, $5::int8, $6, $7) RETURNING id",
    )
    .bind(booking_code())
    .bind(caller.id)
    .bind(request.showtime_id)
    .bind(chosen.len() as i32)
    .bind(total)
    .bind(expires_at)
    .bind(&caller.email)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO booking_seats (booking_id, showtime_id, seat_id, seat_label, seat_type, price)
         SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::int8[])",
    )
    .bind(id)
    .bind(request.showtime_id)
    .bind(chosen.iter().map(|seat| seat.id).collect::<Vec<_>>())
    .bind(chosen.iter().map(seats::MapSeat::label).collect::<Vec<_>>())
    .bind(
        chosen
            .iter()
            .map(|seat| seat.seat_type.clone())
            .collect::<Vec<_>>(),
    )
    .bind(chosen.iter().map(|seat| seat.price).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn mine(
    State(state): State<AppState>,
    caller: AuthUser,
) -> ApiResult<Json<Vec<Booking>>> {
    let bookings = sqlx::query_as::<_, Booking>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE b.user_id = $1 ORDER BY b.created_at DESC LIMIT 200"
    )))
    .bind(caller.id)
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(bookings))
}

/// The booking, for its owner or staff; anyone else learns nothing, not even that it exists.
async fn visible(state: &AppState, caller: &AuthUser, id: Uuid) -> ApiResult<Booking> {
    find(&state.pool, id)
        .await?
        .filter(|booking| booking.user_id == caller.id || caller.is_staff())
        .ok_or_else(|| ApiError::NotFound("Booking not found".into()))
}

pub async fn get_one(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Booking>> {
    Ok(Json(visible(&state, &caller, id).await?))
}

#[derive(Debug, Serialize)]
pub struct Cancelled {
    pub message: String,
    #[serde(flatten)]
    pub booking: Booking,
}

pub async fn cancel(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Cancelled>> {
    let booking = visible(&state, &caller, id).await?;
    // A paid booking is refunded when cancelled, so the cinema's refund rule applies to it.
    if booking.status == "confirmed" && !caller.is_staff() {
        let starts = seats::showtime_start(&state.movie, booking.showtime_id).await?;
        if Utc::now() + state.refund_cutoff > starts {
            return Err(ApiError::BadRequest(format!(
                "A paid booking can be cancelled until {} minutes before the showtime",
                state.refund_cutoff.num_minutes()
            )));
        }
    }
    let mut tx = state.pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE bookings SET status = 'cancelled', updated_at = now()
         WHERE id = $1 AND status IN ('pending', 'confirmed')",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(ApiError::BadRequest(format!(
            "Booking is already {}",
            booking.status
        )));
    }
    sqlx::query("UPDATE booking_seats SET active = false WHERE booking_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_event(&mut tx, "cancelled", id, serde_json::Value::Null).await?;
    tx.commit().await?;
    let seat_ids: Vec<Uuid> = booking.seats.iter().map(|seat| seat.seat_id).collect();
    state
        .holds
        .release_seats(booking.user_id, booking.showtime_id, &seat_ids)
        .await;
    state
        .holds
        .announce(booking.showtime_id, "available", &seat_ids)
        .await;
    let booking = find(&state.pool, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("Booking not found".into()))?;
    Ok(Json(Cancelled {
        message: "Booking cancelled".into(),
        booking,
    }))
}

/// Expires pending bookings past their time and frees their seats, in the database and in
/// Redis. Safe with several instances: each takes rows the others have not locked.
pub async fn expire_overdue(pool: &PgPool, holds: &crate::holds::Holds) -> sqlx::Result<u64> {
    let mut tx = pool.begin().await?;
    let expired: Vec<(Uuid, Uuid, Uuid)> = sqlx::query_as(
        "UPDATE bookings SET status = 'expired', updated_at = now()
         WHERE id IN (SELECT id FROM bookings
                      WHERE status = 'pending' AND expires_at < now()
                      ORDER BY expires_at LIMIT 200 FOR UPDATE SKIP LOCKED)
         RETURNING id, user_id, showtime_id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let ids: Vec<Uuid> = expired.iter().map(|(id, _, _)| *id).collect();
    let seats: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "UPDATE booking_seats SET active = false WHERE booking_id = ANY($1)
         RETURNING booking_id, seat_id",
    )
    .bind(&ids)
    .fetch_all(&mut *tx)
    .await?;
    for id in &ids {
        record_event(&mut tx, "expired", *id, serde_json::Value::Null).await?;
    }
    tx.commit().await?;
    for (id, user_id, showtime_id) in &expired {
        let seat_ids: Vec<Uuid> = seats
            .iter()
            .filter(|(booking, _)| booking == id)
            .map(|(_, seat)| *seat)
            .collect();
        holds.release_seats(*user_id, *showtime_id, &seat_ids).await;
        holds.announce(*showtime_id, "available", &seat_ids).await;
    }
    Ok(expired.len() as u64)
}
