//! The whole journey of a new customer, one sample each: register, sign in, hold a seat, book
//! it, pay with the test card (with an idempotency key, retried after an outage as the web app
//! does), then wait until the booking is confirmed (the payment's event reaching the booking
//! service through RabbitMQ). Seats are handed out from a shared queue over several showtimes,
//! so journeys never fight each other; when the queue is empty the workers stop.
//! The chaos scenario drives the same journeys while it breaks the stack.
//!
//! `bookings` is the same journey by customers signed in beforehand: a new customer's
//! registration hashes a password, which dominates a whole journey.

use std::{
    collections::VecDeque,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed},
    },
    time::{Duration, Instant},
};

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{Baseline, Bench, Outcome, Row};
use crate::{
    api::{self, Api, CallResult, Customer},
    give_back::Sold,
    load::{self, Sample, Summary},
    showtimes,
};

/// Tries of a call that may safely be repeated (a hold of one's own seats, a payment with the
/// same key) while the service is down or restarting.
const OUTAGE_TRIES: u32 = 6;
/// How long a journey waits for its booking to be confirmed, normally.
pub const CONFIRM_WITHIN: Duration = Duration::from_secs(60);

/// Something a failed journey leaves behind and lets go of (so its seat is not kept held).
#[derive(Debug, Clone)]
pub enum Cleanup {
    ReleaseHold { token: String, hold_id: Uuid },
    CancelBooking { token: String, booking_id: Uuid },
}

impl Cleanup {
    /// True once done (or nothing is left to do: already gone).
    pub async fn perform(&self, api: &Api) -> bool {
        let done = match self {
            Self::ReleaseHold { token, hold_id } => api.release_hold(token, *hold_id).await,
            Self::CancelBooking { token, booking_id } => {
                api.cancel_booking(token, *booking_id).await
            }
        };
        match done {
            Ok(()) => true,
            // 404: the hold lapsed or went with a flushed Redis; 400/409: the booking already ended.
            Err(error) => !error.is_outage(),
        }
    }
}

#[derive(Default)]
struct Tally {
    failed_register: AtomicU64,
    failed_hold: AtomicU64,
    failed_book: AtomicU64,
    failed_pay: AtomicU64,
    not_confirmed_in_time: AtomicU64,
    ended_unconfirmed: AtomicU64,
    seat_conflicts: AtomicU64,
    retries_after_outage: AtomicU64,
}

struct Journeys {
    api: Api,
    run_id: String,
    purpose: &'static str,
    customers: AtomicUsize,
    /// Customers signed in before timing started, worker `n` being the `n`th; without them,
    /// each journey registers a new customer.
    signed_in: Vec<Customer>,
    seats: Mutex<VecDeque<(Uuid, Uuid)>>,
    tally: Tally,
    leftovers: Mutex<Vec<Cleanup>>,
    /// Every booking paid for, to give back once the run is over.
    sold: Mutex<Vec<Sold>>,
    confirm_within: Duration,
}

/// What a run of journeys came to.
pub struct JourneyReport {
    pub summary: Summary,
    pub extra: Map<String, Value>,
    pub leftovers: Vec<Cleanup>,
    pub sold: Vec<Sold>,
}

async fn retry_outages<T, F, Fut>(retries: &AtomicU64, mut call: F) -> CallResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = CallResult<T>>,
{
    let mut tries = 1;
    loop {
        match call().await {
            Err(error) if error.is_outage() && tries < OUTAGE_TRIES => {
                retries.fetch_add(1, Relaxed);
                tokio::time::sleep(Duration::from_secs(u64::from(tries))).await;
                tries += 1;
            }
            other => return other,
        }
    }
}

impl Journeys {
    fn next_seat(&self) -> Option<(Uuid, Uuid)> {
        self.seats.lock().expect("not poisoned").pop_front()
    }

    fn put_back(&self, seat: (Uuid, Uuid)) {
        self.seats.lock().expect("not poisoned").push_back(seat);
    }

    async fn clean_up(&self, cleanup: Cleanup) {
        if !cleanup.perform(&self.api).await {
            self.leftovers.lock().expect("not poisoned").push(cleanup);
        }
    }

    async fn customer(&self, worker: usize) -> CallResult<Customer> {
        if !self.signed_in.is_empty() {
            return Ok(self.signed_in[worker % self.signed_in.len()].clone());
        }
        let n = self.customers.fetch_add(1, Relaxed);
        let username = api::username(&self.run_id, self.purpose, n);
        self.api.new_customer(username).await
    }

    async fn journey(&self, worker: usize) -> Sample {
        let Some(mut seat) = self.next_seat() else {
            return Sample::Stop;
        };
        let tally = &self.tally;
        let customer = match self.customer(worker).await {
            Ok(customer) => customer,
            Err(_) => {
                // The seat was never asked for: another journey may have it.
                self.put_back(seat);
                tally.failed_register.fetch_add(1, Relaxed);
                return Sample::Failed;
            }
        };
        let token = customer.token.as_str();
        let mut conflicts = 0;
        let hold = loop {
            let (showtime, seat_id) = seat;
            let held = retry_outages(&tally.retries_after_outage, || {
                self.api
                    .hold(token, showtime, std::slice::from_ref(&seat_id))
            })
            .await;
            match held {
                Ok(hold) => break hold,
                // Someone else (not the bench) took it: try the next free seat.
                Err(error) if error.is_conflict() && conflicts < 3 => {
                    conflicts += 1;
                    tally.seat_conflicts.fetch_add(1, Relaxed);
                    match self.next_seat() {
                        Some(next) => seat = next,
                        None => return Sample::Stop,
                    }
                }
                Err(_) => {
                    tally.failed_hold.fetch_add(1, Relaxed);
                    return Sample::Failed;
                }
            }
        };
        let showtime = seat.0;
        // Not repeated: a booking whose answer was lost would make the repeat a 409.
        let booking = match self.api.book(token, showtime, &hold).await {
            Ok(booking) => booking,
            Err(_) => {
                tally.failed_book.fetch_add(1, Relaxed);
                let token = token.to_owned();
                self.clean_up(Cleanup::ReleaseHold {
                    token,
                    hold_id: hold.id,
                })
                .await;
                return Sample::Failed;
            }
        };
        let key = format!("bench-{}", Uuid::new_v4());
        let paid = retry_outages(&tally.retries_after_outage, || {
            self.api.pay(token, &booking, &key)
        })
        .await;
        if paid.is_err() {
            tally.failed_pay.fetch_add(1, Relaxed);
            let token = token.to_owned();
            self.clean_up(Cleanup::CancelBooking {
                token,
                booking_id: booking.id,
            })
            .await;
            return Sample::Failed;
        }
        let sample = self.await_confirmation(token, booking.id).await;
        self.sold.lock().expect("not poisoned").push(Sold {
            customer,
            booking_id: booking.id,
        });
        sample
    }

    /// Polls (each call waits up to 5 s for the booking to settle) until it is confirmed. A
    /// booking still pending at the deadline is left as it is: if the payment's event is only
    /// late, it must still confirm it, which the invariants check once the system settles.
    async fn await_confirmation(&self, token: &str, booking_id: Uuid) -> Sample {
        let deadline = Instant::now() + self.confirm_within;
        while Instant::now() < deadline {
            match self.api.booking(token, booking_id, 5).await {
                Ok(booking) if booking.status == "confirmed" => return Sample::Done,
                Ok(booking) if booking.status == "pending" => {}
                Ok(_) => {
                    self.tally.ended_unconfirmed.fetch_add(1, Relaxed);
                    return Sample::Failed;
                }
                Err(error) if error.is_outage() => tokio::time::sleep(Duration::from_secs(1)).await,
                Err(_) => break,
            }
        }
        self.tally.not_confirmed_in_time.fetch_add(1, Relaxed);
        Sample::Failed
    }

    fn extra(&self) -> Map<String, Value> {
        let tally = &self.tally;
        let count = |counter: &AtomicU64| counter.load(Relaxed);
        let mut extra = Map::new();
        extra.insert(
            "customers_registered".into(),
            json!(self.customers.load(Relaxed)),
        );
        extra.insert(
            "failed_at".into(),
            json!({
                "register": count(&tally.failed_register),
                "hold": count(&tally.failed_hold),
                "book": count(&tally.failed_book),
                "pay": count(&tally.failed_pay),
                "confirm_in_time": count(&tally.not_confirmed_in_time),
                "ended_unconfirmed": count(&tally.ended_unconfirmed),
            }),
        );
        extra.insert("seat_conflicts".into(), json!(count(&tally.seat_conflicts)));
        extra.insert(
            "retries_after_outage".into(),
            json!(count(&tally.retries_after_outage)),
        );
        extra.insert(
            "seats_left".into(),
            json!(self.seats.lock().expect("not poisoned").len()),
        );
        extra
    }
}

/// Runs journeys over `seats` (showtime, seat) in `connections` workers for `duration`, by the
/// `signed_in` customers (new ones registered each time when there are none).
pub async fn drive(
    bench: &Bench,
    purpose: &'static str,
    signed_in: Vec<Customer>,
    seats: Vec<(Uuid, Uuid)>,
    connections: usize,
    duration: Duration,
    confirm_within: Duration,
) -> JourneyReport {
    let journeys = Arc::new(Journeys {
        api: bench.api.clone(),
        run_id: bench.run_id.clone(),
        purpose,
        customers: AtomicUsize::new(0),
        signed_in,
        seats: Mutex::new(seats.into()),
        tally: Tally::default(),
        leftovers: Mutex::new(Vec::new()),
        sold: Mutex::new(Vec::new()),
        confirm_within,
    });
    let summary = {
        let journeys = journeys.clone();
        load::closed_loop(connections, duration, move |worker| {
            let journeys = journeys.clone();
            async move { journeys.journey(worker).await }
        })
        .await
    };
    let leftovers = std::mem::take(&mut *journeys.leftovers.lock().expect("not poisoned"));
    let sold = std::mem::take(&mut *journeys.sold.lock().expect("not poisoned"));
    JourneyReport {
        summary,
        extra: journeys.extra(),
        leftovers,
        sold,
    }
}

pub async fn run(bench: &mut Bench) -> anyhow::Result<Outcome> {
    let plan = bench.plan.clone();
    let picked = bench.showtimes.take_seats(plan.journey_seats, 12).await?;
    let seats = showtimes::interleave(&picked);
    eprintln!(
        "  journeys: {} connections, {} s, {} free seats over {} showtime(s)",
        plan.journey_connections,
        plan.journey_duration.as_secs(),
        seats.len(),
        picked.len()
    );
    let report = drive(
        bench,
        "trip",
        Vec::new(),
        seats,
        plan.journey_connections,
        plan.journey_duration,
        CONFIRM_WITHIN,
    )
    .await;
    let mut row = Row::new("journey", report.summary, Some(Baseline::PgbenchTpcb))
        .with("connections", plan.journey_connections)
        .with("showtimes", picked.len());
    row.extra.extend(report.extra);
    Ok(Outcome {
        rows: vec![row],
        leftovers: report.leftovers,
        sold: report.sold,
        ..Outcome::default()
    })
}

/// The `bookings` row: journeys of customers signed in before timing starts, as many at once as
/// pgbench's clients, so it is what a confirmed booking itself costs, compared with TPC-B.
pub async fn run_bookings(bench: &mut Bench) -> anyhow::Result<Outcome> {
    let plan = bench.plan.clone();
    let buyers =
        super::contention::register_customers(bench, "buyer", plan.bookings_connections).await?;
    let picked = bench
        .showtimes
        .take_seats(plan.bookings_seats, plan.bookings_showtimes)
        .await?;
    let seats = showtimes::interleave(&picked);
    eprintln!(
        "  bookings by {} signed-in customers: {} s, {} free seats over {} showtime(s)",
        buyers.len(),
        plan.journey_duration.as_secs(),
        seats.len(),
        picked.len()
    );
    let report = drive(
        bench,
        "buyer",
        buyers,
        seats,
        plan.bookings_connections,
        plan.journey_duration,
        CONFIRM_WITHIN,
    )
    .await;
    let mut row = Row::new("bookings", report.summary, Some(Baseline::PgbenchTpcb))
        .with("connections", plan.bookings_connections)
        .with("showtimes", picked.len());
    row.extra.extend(report.extra);
    Ok(Outcome {
        rows: vec![row],
        leftovers: report.leftovers,
        sold: report.sold,
        ..Outcome::default()
    })
}
