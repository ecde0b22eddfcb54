//! Which showtimes the scenarios use: upcoming ones with free seats, each given to one scenario
//! only, so that one scenario's holds and bookings never change another's figures.

use std::collections::VecDeque;

use anyhow::Context;
use chrono::{Duration, Utc};
use uuid::Uuid;

use crate::api::{Api, Showtime};

/// Showtimes starting sooner than this are left alone: booking closes at the start, and the
/// refund cut-off (an hour by default) would turn the bench's cancellations into 400s.
const LEAD_TIME_HOURS: i64 = 3;

/// A showtime given to a scenario and the seats it may take there (free, sellable to anyone).
#[derive(Debug, Clone)]
pub struct Picked {
    pub showtime_id: Uuid,
    pub seats: Vec<Uuid>,
}

/// Upcoming showtimes not yet given out, those with the most free seats first.
pub struct ShowtimePool {
    api: Api,
    left: VecDeque<Showtime>,
}

/// The showtimes worth trying, in the order to try them: scheduled, far enough ahead, with free
/// seats, most free seats first.
pub fn candidates(mut showtimes: Vec<Showtime>, now: chrono::DateTime<Utc>) -> Vec<Showtime> {
    let earliest = now + Duration::hours(LEAD_TIME_HOURS);
    showtimes.retain(|showtime| {
        showtime.starts_at > earliest
            && showtime.available_seats > 0
            && showtime
                .status
                .as_deref()
                .is_none_or(|status| status == "scheduled")
    });
    showtimes.sort_by_key(|showtime| std::cmp::Reverse(showtime.available_seats));
    showtimes
}

impl ShowtimePool {
    pub async fn load(api: &Api) -> anyhow::Result<Self> {
        let showtimes = api
            .showtimes(500)
            .await
            .context("listing showtimes from the movie service")?;
        let left = candidates(showtimes, Utc::now());
        anyhow::ensure!(
            !left.is_empty(),
            "no upcoming showtime with free seats (is DEMO_DATA on?)"
        );
        Ok(Self {
            api: api.clone(),
            left: left.into(),
        })
    }

    /// The next showtime with at least `min_seats` sellable free seats, taken out of the pool.
    pub async fn take(&mut self, min_seats: usize) -> anyhow::Result<Picked> {
        while let Some(showtime) = self.left.pop_front() {
            let Ok(map) = self.api.seat_map(showtime.id).await else {
                continue;
            };
            let seats: Vec<Uuid> = map
                .seats
                .iter()
                .filter(|seat| seat.is_sellable())
                .map(|seat| seat.id)
                .collect();
            if seats.len() >= min_seats.max(1) {
                return Ok(Picked {
                    showtime_id: showtime.id,
                    seats,
                });
            }
        }
        anyhow::bail!("no showtime left with {min_seats} free seats")
    }

    /// Showtimes until together they have `seats` sellable free seats (or the pool runs dry:
    /// then fewer, as long as there are some).
    pub async fn take_seats(
        &mut self,
        seats: usize,
        most_showtimes: usize,
    ) -> anyhow::Result<Vec<Picked>> {
        let mut picked: Vec<Picked> = Vec::new();
        let mut gathered = 0;
        while gathered < seats && picked.len() < most_showtimes {
            match self.take(1).await {
                Ok(showtime) => {
                    gathered += showtime.seats.len();
                    picked.push(showtime);
                }
                Err(_) if !picked.is_empty() => break,
                Err(error) => return Err(error),
            }
        }
        Ok(picked)
    }
}

/// The seats of several showtimes interleaved (one of each in turn), so that concurrent
/// journeys spread over the showtimes instead of queueing on one.
pub fn interleave(picked: &[Picked]) -> Vec<(Uuid, Uuid)> {
    let longest = picked.iter().map(|p| p.seats.len()).max().unwrap_or(0);
    let mut seats = Vec::new();
    for i in 0..longest {
        for showtime in picked {
            if let Some(seat) = showtime.seats.get(i) {
                seats.push((showtime.showtime_id, *seat));
            }
        }
    }
    seats
}

#[cfg(test)]
mod tests {
    use super::*;

    fn showtime(hours_ahead: i64, free: i64, status: &str) -> Showtime {
        Showtime {
            id: Uuid::new_v4(),
            starts_at: Utc::now() + Duration::hours(hours_ahead),
            available_seats: free,
            status: Some(status.into()),
        }
    }

    #[test]
    fn only_later_scheduled_showtimes_with_seats_are_candidates_fullest_first() {
        let now = Utc::now();
        let list = vec![
            showtime(1, 100, "scheduled"),
            showtime(24, 10, "scheduled"),
            showtime(24, 0, "scheduled"),
            showtime(24, 50, "cancelled"),
            showtime(48, 80, "scheduled"),
        ];
        let free: Vec<i64> = candidates(list, now)
            .iter()
            .map(|s| s.available_seats)
            .collect();
        assert_eq!(free, [80, 10]);
    }

    #[test]
    fn seats_alternate_between_showtimes() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let seat = |n: u128| Uuid::from_u128(n);
        let picked = [
            Picked {
                showtime_id: a,
                seats: vec![seat(1), seat(2), seat(3)],
            },
            Picked {
                showtime_id: b,
                seats: vec![seat(4)],
            },
        ];
        let order: Vec<Uuid> = interleave(&picked).into_iter().map(|(_, s)| s).collect();
        assert_eq!(order, [seat(1), seat(4), seat(2), seat(3)]);
    }
}
