//! What must hold however hard the stack was pushed, read from the real databases (and Redis)
//! after the load, once events in flight have had time to land:
//! - `double_bookings`: seats of a showtime in more than one active (pending or confirmed)
//!   booking. PostgreSQL's unique index should make it impossible; this checks from the
//!   bookings' own status, not the index's `active` flag.
//! - `lost_events`: a payment that went through (this run) whose booking is not confirmed, plus
//!   outbox rows (this run's) still unpublished: an event that never arrived, or never left.
//! - `missing_confirmation_notices`: bookings confirmed this run with no confirmation notice.
//! - `holds_not_released` (after chaos): Redis hold keys left on the chaos showtimes once every
//!   journey has ended: confirmed bookings release their holds, failed journeys let go of theirs.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgPool, postgres::PgPoolOptions};
use uuid::Uuid;

use crate::config::Config;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Invariants {
    pub double_bookings: i64,
    pub lost_events: i64,
    /// The parts of `lost_events`: succeeded payments whose booking is not confirmed...
    pub unconfirmed_paid_bookings: i64,
    /// ...and outbox rows not yet published, per service.
    pub unpublished_booking_events: i64,
    pub unpublished_payment_events: i64,
    pub missing_confirmation_notices: i64,
    /// Only after the chaos scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holds_not_released: Option<i64>,
    /// How long the check waited for events in flight.
    pub settle_wait_s: f64,
}

impl Invariants {
    /// What is wrong, one line each; empty when everything holds.
    pub fn violations(&self) -> Vec<String> {
        let mut wrong = Vec::new();
        if self.double_bookings != 0 {
            wrong.push(format!("{} seat(s) double-booked", self.double_bookings));
        }
        if self.lost_events != 0 {
            wrong.push(format!(
                "{} lost event(s): {} paid booking(s) not confirmed, {} + {} outbox row(s) unpublished",
                self.lost_events,
                self.unconfirmed_paid_bookings,
                self.unpublished_booking_events,
                self.unpublished_payment_events
            ));
        }
        if self.missing_confirmation_notices != 0 {
            wrong.push(format!(
                "{} confirmed booking(s) without a confirmation notice",
                self.missing_confirmation_notices
            ));
        }
        if let Some(left) = self.holds_not_released.filter(|left| *left != 0) {
            wrong.push(format!("{left} hold(s) never released"));
        }
        wrong
    }

    /// The figures that only events in flight can still change (double bookings never heal).
    fn settled(&self) -> bool {
        self.lost_events == 0 && self.missing_confirmation_notices == 0
    }
}

pub struct Databases {
    booking: PgPool,
    payment: PgPool,
    notification: PgPool,
}

async fn pool(url: &str, name: &str) -> anyhow::Result<PgPool> {
    use anyhow::Context;
    PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .with_context(|| format!("connecting to the {name} database"))
}

impl Databases {
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        Ok(Self {
            booking: pool(&config.booking_database_url, "booking").await?,
            payment: pool(&config.payment_database_url, "payment").await?,
            notification: pool(&config.notification_database_url, "notification").await?,
        })
    }

    /// Seats (of one showtime, or of all) in more than one active booking.
    pub async fn double_bookings(&self, showtime: Option<Uuid>) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM (
                 SELECT seats.showtime_id, seats.seat_id
                 FROM booking_seats seats JOIN bookings ON bookings.id = seats.booking_id
                 WHERE bookings.status IN ('pending', 'confirmed')
                   AND seats.cancelled_at IS NULL
                   AND ($1::uuid IS NULL OR seats.showtime_id = $1)
                 GROUP BY seats.showtime_id, seats.seat_id
                 HAVING count(DISTINCT bookings.id) > 1
             ) AS doubled",
        )
        .bind(showtime)
        .fetch_one(&self.booking)
        .await?)
    }

    /// Seats of the showtime in active bookings.
    pub async fn booked_seats(&self, showtime: Uuid) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM booking_seats seats JOIN bookings ON bookings.id = seats.booking_id
             WHERE seats.showtime_id = $1 AND bookings.status IN ('pending', 'confirmed')
               AND seats.cancelled_at IS NULL",
        )
        .bind(showtime)
        .fetch_one(&self.booking)
        .await?)
    }

    /// Payments since `since` that went through and were not refunded in full (a refunded one
    /// ends its booking legitimately), whose booking is not confirmed. The two live in different
    /// databases: the payment ids are read from one and looked up in the other.
    async fn unconfirmed_paid_bookings(&self, since: DateTime<Utc>) -> anyhow::Result<i64> {
        let paid = sqlx::query_scalar::<_, Uuid>(
            "SELECT DISTINCT booking_id FROM payments
             WHERE status IN ('completed', 'partially_refunded') AND created_at >= $1",
        )
        .bind(since)
        .fetch_all(&self.payment)
        .await?;
        if paid.is_empty() {
            return Ok(0);
        }
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM unnest($1::uuid[]) AS paid(id)
             WHERE NOT EXISTS (
                 SELECT 1 FROM bookings WHERE bookings.id = paid.id AND bookings.status = 'confirmed'
             )",
        )
        .bind(&paid)
        .fetch_one(&self.booking)
        .await?)
    }

    async fn unpublished(pool: &PgPool, since: DateTime<Utc>) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM outbox WHERE published_at IS NULL AND created_at >= $1",
        )
        .bind(since)
        .fetch_one(pool)
        .await?)
    }

    /// Bookings confirmed since `since` without the notice the notification service writes for
    /// `booking.confirmed` (its link ends with the booking's id).
    async fn missing_confirmation_notices(&self, since: DateTime<Utc>) -> anyhow::Result<i64> {
        let confirmed = sqlx::query_scalar::<_, Uuid>(
            "SELECT id FROM bookings WHERE status = 'confirmed' AND created_at >= $1",
        )
        .bind(since)
        .fetch_all(&self.booking)
        .await?;
        if confirmed.is_empty() {
            return Ok(0);
        }
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM unnest($1::uuid[]) AS confirmed(id)
             WHERE NOT EXISTS (
                 SELECT 1 FROM notifications
                 WHERE notifications.type = 'booking_confirmed'
                   AND notifications.created_at >= $2
                   AND notifications.link LIKE ('%/bookings/' || confirmed.id::text)
             )",
        )
        .bind(&confirmed)
        .bind(since)
        .fetch_one(&self.notification)
        .await?)
    }

    async fn read(&self, since: DateTime<Utc>) -> anyhow::Result<Invariants> {
        let unconfirmed_paid_bookings = self.unconfirmed_paid_bookings(since).await?;
        let unpublished_booking_events = Self::unpublished(&self.booking, since).await?;
        let unpublished_payment_events = Self::unpublished(&self.payment, since).await?;
        Ok(Invariants {
            double_bookings: self.double_bookings(None).await?,
            lost_events: unconfirmed_paid_bookings
                + unpublished_booking_events
                + unpublished_payment_events,
            unconfirmed_paid_bookings,
            unpublished_booking_events,
            unpublished_payment_events,
            missing_confirmation_notices: self.missing_confirmation_notices(since).await?,
            holds_not_released: None,
            settle_wait_s: 0.0,
        })
    }

    /// The invariants once the system has settled: read again every two seconds until nothing
    /// is in flight any more, or `settle` has passed (then what is still missing is lost).
    pub async fn check(
        &self,
        since: DateTime<Utc>,
        settle: Duration,
    ) -> anyhow::Result<Invariants> {
        let started = Instant::now();
        loop {
            // A database away for a moment (just restarted) is waited for like an event.
            let read = self.read(since).await;
            let waited = started.elapsed();
            match read {
                Ok(mut invariants) if invariants.settled() || waited >= settle => {
                    invariants.settle_wait_s = waited.as_secs_f64();
                    return Ok(invariants);
                }
                Err(error) if waited >= settle => return Err(error),
                _ => tokio::time::sleep(Duration::from_secs(2)).await,
            }
        }
    }
}

/// Hold keys (`seat:{showtime}:{seat}`, see the booking service's repo/holds.rs) left in Redis on
/// these showtimes.
pub async fn hold_keys_left(redis_url: &str, showtimes: &[Uuid]) -> anyhow::Result<i64> {
    let client = redis::Client::open(redis_url)?;
    let mut connection = client.get_multiplexed_async_connection().await?;
    let mut left = 0;
    for showtime in showtimes {
        let mut cursor: u64 = 0;
        loop {
            let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(format!("seat:{showtime}:*"))
                .arg("COUNT")
                .arg(1000)
                .query_async(&mut connection)
                .await?;
            left += keys.len() as i64;
            if next == 0 {
                break;
            }
            cursor = next;
        }
    }
    Ok(left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_broken_invariant_is_named() {
        let clean = Invariants::default();
        assert!(clean.violations().is_empty());
        assert!(clean.settled());
        let broken = Invariants {
            double_bookings: 1,
            lost_events: 2,
            unconfirmed_paid_bookings: 1,
            unpublished_payment_events: 1,
            holds_not_released: Some(3),
            ..Invariants::default()
        };
        assert_eq!(broken.violations().len(), 3);
        assert!(!broken.settled());
    }
}
