//! Background work for as long as the service runs: unpaid bookings expire, and holds that
//! Redis let lapse are announced, so every viewer sees those seats free again.

use std::time::Duration;

use service_kit::ApiResult;
use sqlx::PgPool;
use uuid::Uuid;

use crate::{bookings, holds::Holds};

/// A hold's seat keys expire in Redis just before its recorded expiry; the grace keeps a
/// lapse from being checked while its keys are still there.
const LAPSE_GRACE: Duration = Duration::from_millis(250);

pub fn spawn(pool: PgPool, holds: Holds, expiry_every: Duration, lapse_every: Duration) {
    {
        let (pool, holds) = (pool.clone(), holds.clone());
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(expiry_every);
            loop {
                ticker.tick().await;
                match bookings::expire_overdue(&pool, &holds).await {
                    Ok(0) => {}
                    Ok(expired) => tracing::info!(expired, "overdue bookings expired"),
                    Err(error) => tracing::warn!(%error, "expiry sweep failed"),
                }
            }
        });
    }
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(lapse_every);
        loop {
            ticker.tick().await;
            match announce_lapsed_holds(&pool, &holds).await {
                Ok(0) => {}
                Ok(seats) => tracing::info!(seats, "lapsed holds announced"),
                Err(error) => tracing::warn!(%error, "lapsed-hold check failed"),
            }
        }
    });
}

/// Announces as free the seats of lapsed holds that nobody holds again and no booking has.
/// Answers how many seats were announced.
pub async fn announce_lapsed_holds(pool: &PgPool, holds: &Holds) -> ApiResult<usize> {
    let mut announced = 0;
    for lapsed in holds.take_lapsed(LAPSE_GRACE).await? {
        let booked: Vec<Uuid> = sqlx::query_scalar(
            "SELECT seat_id FROM booking_seats
             WHERE showtime_id = $1 AND seat_id = ANY($2) AND active",
        )
        .bind(lapsed.showtime_id)
        .bind(&lapsed.seat_ids)
        .fetch_all(pool)
        .await?;
        let free: Vec<Uuid> = lapsed
            .seat_ids
            .into_iter()
            .filter(|seat| !booked.contains(seat))
            .collect();
        holds.announce(lapsed.showtime_id, "available", &free).await;
        announced += free.len();
    }
    Ok(announced)
}
