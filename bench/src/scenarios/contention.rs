//! Contention: many customers racing for the same few seats of one showtime, as when a popular
//! screening opens. Each customer (signed in with a real token before timing starts) keeps trying
//! to hold one or two random seats of the contested ones, and books what it gets. A 201 and a
//! 409 are both answers (the 409 is the service doing its job); 5xx and no answer are errors.
//! Afterwards no seat may be in two active bookings.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering::Relaxed},
    },
    time::Instant,
};

use anyhow::Context;
use futures::{StreamExt, stream};
use uuid::Uuid;

use super::{Baseline, Bench, Outcome, Row};
use crate::{
    api::{Api, Customer},
    load::{self, Sample},
};

/// Registrations at once: the auth service hashes a handful of passwords at a time and turns a
/// larger burst away (503); more would only measure its queue.
const REGISTRATION_CONCURRENCY: usize = 4;

/// Registers and signs in `count` new customers.
pub async fn register_customers(
    bench: &Bench,
    purpose: &str,
    count: usize,
) -> anyhow::Result<Vec<Customer>> {
    let names: Vec<String> = (0..count).map(|n| bench.username(purpose, n)).collect();
    let api = bench.api.clone();
    let results: Vec<_> = stream::iter(names)
        .map(|name| {
            let api = api.clone();
            async move { api.new_customer(name).await }
        })
        .buffered(REGISTRATION_CONCURRENCY)
        .collect()
        .await;
    results
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .context("registering customers")
}

/// One or two different seats of `seats`, at random.
pub fn pick_seats(rng: &mut fastrand::Rng, seats: &[Uuid]) -> Vec<Uuid> {
    let first = rng.usize(..seats.len());
    if seats.len() < 2 || rng.bool() {
        return vec![seats[first]];
    }
    let mut second = rng.usize(..seats.len() - 1);
    if second >= first {
        second += 1;
    }
    vec![seats[first], seats[second]]
}

#[derive(Default)]
struct Tally {
    holds: AtomicU64,
    conflicts: AtomicU64,
    other_refusals: AtomicU64,
    bookings_refused: AtomicU64,
    /// (customer, booking) of every booking made, to check and then cancel.
    bookings: Mutex<Vec<(usize, Uuid)>>,
}

async fn attempt(
    api: &Api,
    customer: &Customer,
    showtime: Uuid,
    seats: &[Uuid],
    worker: usize,
    tally: &Tally,
) -> Sample {
    let chosen = pick_seats(&mut fastrand::Rng::new(), seats);
    let sent = Instant::now();
    let held = api.hold(&customer.token, showtime, &chosen).await;
    let latency = sent.elapsed();
    match held {
        Ok(hold) => {
            tally.holds.fetch_add(1, Relaxed);
            match api.book(&customer.token, showtime, &hold).await {
                Ok(booking) => {
                    let mut bookings = tally.bookings.lock().expect("not poisoned");
                    bookings.push((worker, booking.id));
                }
                Err(_) => {
                    tally.bookings_refused.fetch_add(1, Relaxed);
                }
            }
            Sample::DoneIn(latency)
        }
        Err(error) if error.is_conflict() => {
            tally.conflicts.fetch_add(1, Relaxed);
            Sample::DoneIn(latency)
        }
        Err(error) => {
            if !error.is_outage() {
                tally.other_refusals.fetch_add(1, Relaxed);
            }
            Sample::Failed
        }
    }
}

pub async fn run(bench: &mut Bench) -> anyhow::Result<Outcome> {
    let plan = bench.plan.clone();
    let picked = bench.showtimes.take(plan.contention_seats).await?;
    let showtime = picked.showtime_id;
    let seats: Arc<Vec<Uuid>> = Arc::new(picked.seats[..plan.contention_seats].to_vec());
    eprintln!(
        "  registering {} customers (before timing starts)",
        plan.contention_customers
    );
    let customers = Arc::new(register_customers(bench, "race", plan.contention_customers).await?);
    eprintln!(
        "  {} customers racing for {} seats of {showtime}, {} s",
        customers.len(),
        seats.len(),
        plan.contention_duration.as_secs()
    );
    let tally = Arc::new(Tally::default());
    let summary = {
        let (api, customers, seats, tally) = (
            bench.api.clone(),
            customers.clone(),
            seats.clone(),
            tally.clone(),
        );
        load::closed_loop(customers.len(), plan.contention_duration, move |worker| {
            let (api, customers, seats, tally) =
                (api.clone(), customers.clone(), seats.clone(), tally.clone());
            async move {
                let customer = &customers[worker % customers.len()];
                attempt(&api, customer, showtime, &seats, worker, &tally).await
            }
        })
        .await
    };
    let doubled = bench.databases.double_bookings(Some(showtime)).await?;
    let booked_seats = bench.databases.booked_seats(showtime).await?;
    let bookings = std::mem::take(&mut *tally.bookings.lock().expect("not poisoned"));
    eprintln!(
        "  {} bookings, {booked_seats} seats booked, {doubled} double-booked; cancelling them",
        bookings.len()
    );
    // The contested seats go back on sale (they would anyway when the unpaid bookings expire).
    let cancelled = stream::iter(bookings.iter().copied())
        .map(|(worker, booking)| {
            let api = bench.api.clone();
            let token = customers[worker % customers.len()].token.clone();
            async move { api.cancel_booking(&token, booking).await.is_ok() }
        })
        .buffer_unordered(8)
        .filter(|cancelled| std::future::ready(*cancelled))
        .count()
        .await;
    let row = Row::new("contention", summary, Some(Baseline::RedisSetnx))
        .with("customers", customers.len())
        .with("contested_seats", seats.len())
        .with("showtime_id", showtime.to_string())
        .with("holds", tally.holds.load(Relaxed))
        .with("conflicts", tally.conflicts.load(Relaxed))
        .with("other_refusals", tally.other_refusals.load(Relaxed))
        .with("bookings", bookings.len())
        .with("bookings_refused", tally.bookings_refused.load(Relaxed))
        .with("seats_booked", booked_seats)
        .with("double_booked_seats", doubled)
        .with("bookings_cancelled_after", cancelled);
    Ok(Outcome {
        rows: vec![row],
        ..Outcome::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_or_two_different_contested_seats_are_picked() {
        let seats: Vec<Uuid> = (0..20u128).map(Uuid::from_u128).collect();
        let mut rng = fastrand::Rng::with_seed(7);
        let mut sizes = [0; 3];
        for _ in 0..1000 {
            let chosen = pick_seats(&mut rng, &seats);
            sizes[chosen.len()] += 1;
            assert!(chosen.iter().all(|seat| seats.contains(seat)));
            if let [a, b] = chosen[..] {
                assert_ne!(a, b);
            }
        }
        assert!(sizes[1] > 0 && sizes[2] > 0, "{sizes:?}");
        assert_eq!(pick_seats(&mut rng, &seats[..1]), vec![seats[0]]);
    }
}
