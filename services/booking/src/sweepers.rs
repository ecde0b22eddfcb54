//! Background work for as long as the service runs: unpaid bookings expire, and holds that
//! Redis let lapse are announced, so every viewer sees those seats free again.

use std::{future::Future, time::Duration};

use sqlx::PgPool;

use crate::{
    domain::{bookings::expire_overdue, holds::announce_lapsed},
    live::SeatFeed,
    metrics::BookingMetrics,
    repo::holds::Holds,
};

pub fn spawn(
    pool: PgPool,
    holds: Holds,
    feed: SeatFeed,
    metrics: BookingMetrics,
    expiry_every: Duration,
    lapse_every: Duration,
) {
    let sweep = Sweep {
        pool,
        holds,
        feed,
        metrics,
    };
    {
        let sweep = sweep.clone();
        every(expiry_every, "overdue bookings expired", move || {
            let Sweep {
                pool,
                holds,
                feed,
                metrics,
            } = sweep.clone();
            async move {
                expire_overdue(&pool, &holds, &feed, &metrics)
                    .await
                    .map(|n| n as usize)
            }
        });
    }
    every(lapse_every, "lapsed holds announced", move || {
        let Sweep {
            pool,
            holds,
            feed,
            metrics,
        } = sweep.clone();
        async move { announce_lapsed(&pool, &holds, &feed, &metrics).await }
    });
}

/// What each sweep works with, cloned into each round.
#[derive(Clone)]
struct Sweep {
    pool: PgPool,
    holds: Holds,
    feed: SeatFeed,
    metrics: BookingMetrics,
}

/// Runs `work` every `period`, logging `done` with how many it handled (when any) or its error.
fn every<F, Fut>(period: Duration, done: &'static str, work: F)
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = crate::error::BookingResult<usize>> + Send + 'static,
{
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(period);
        loop {
            ticker.tick().await;
            match work().await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "{done}"),
                Err(error) => tracing::warn!(%error, "{done}: sweep failed"),
            }
        }
    });
}
