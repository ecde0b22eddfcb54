//! The closed-loop load generator: C workers, each sending its next request as soon as the last
//! one is answered, for a fixed time. Latencies go into HDR histograms (microseconds, three
//! significant digits), one per worker so that recording needs no lock, merged at the end.

use std::{
    future::Future,
    sync::Arc,
    time::{Duration, Instant},
};

use hdrhistogram::Histogram;
use serde::Serialize;

/// The longest latency a histogram tells apart (longer ones are recorded as this): ten minutes.
const HIGHEST_MICROS: u64 = 600_000_000;

/// What one iteration of a worker came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// Answered as expected; the loop times the whole iteration.
    Done,
    /// Answered as expected, timed by the iteration itself (when it does more than the call it
    /// measures, e.g. books after a hold).
    DoneIn(Duration),
    /// A wrong answer (5xx, unexpected 4xx) or none (transport error, timeout).
    Failed,
    /// Nothing left to do (e.g. no free seats): the worker stops, the iteration is not counted.
    Stop,
}

pub fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, HIGHEST_MICROS, 3).expect("valid histogram bounds")
}

/// Records a latency; anything under a microsecond counts as one (the histogram's floor).
pub fn record(histogram: &mut Histogram<u64>, latency: Duration) {
    let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
    histogram.saturating_record(micros.max(1));
}

/// A scenario's figures: what the table prints and the JSON keeps.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Good answers (or journeys, or deliveries) per second of the run.
    pub throughput: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
    /// How many good samples the percentiles are over.
    pub samples: u64,
    pub duration_s: f64,
}

impl Summary {
    pub fn from_histogram(histogram: &Histogram<u64>, errors: u64, elapsed: Duration) -> Self {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let millis = |quantile: f64| {
            if histogram.is_empty() {
                0.0
            } else {
                histogram.value_at_quantile(quantile) as f64 / 1000.0
            }
        };
        Self {
            throughput: histogram.len() as f64 / secs,
            p50_ms: millis(0.50),
            p95_ms: millis(0.95),
            p99_ms: millis(0.99),
            errors,
            samples: histogram.len(),
            duration_s: elapsed.as_secs_f64(),
        }
    }
}

/// Runs `request` in `connections` workers for `duration` (an iteration running at the deadline
/// is finished and counted). `request` gets the worker's index, e.g. to act as that worker's own
/// customer.
pub async fn closed_loop<F, Fut>(connections: usize, duration: Duration, request: F) -> Summary
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Sample> + Send + 'static,
{
    let request = Arc::new(request);
    let started = Instant::now();
    let deadline = started + duration;
    let workers: Vec<_> = (0..connections.max(1))
        .map(|worker| {
            let request = request.clone();
            tokio::spawn(async move {
                let mut histogram = new_histogram();
                let mut errors = 0u64;
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    match request(worker).await {
                        Sample::Done => record(&mut histogram, sent.elapsed()),
                        Sample::DoneIn(latency) => record(&mut histogram, latency),
                        Sample::Failed => errors += 1,
                        Sample::Stop => break,
                    }
                }
                (histogram, errors)
            })
        })
        .collect();
    let mut total = new_histogram();
    let mut errors = 0;
    for worker in workers {
        match worker.await {
            Ok((histogram, worker_errors)) => {
                // Same bounds on both sides: adding cannot fail.
                let _ = total.add(&histogram);
                errors += worker_errors;
            }
            // A worker that panicked is a bench bug; count it rather than lose the run.
            Err(_) => errors += 1,
        }
    }
    Summary::from_histogram(&total, errors, started.elapsed())
}

/// GETs of one URL in a closed loop: each answer read whole, a 2xx counting as done.
pub async fn get_loop(
    api: &crate::api::Api,
    url: &str,
    connections: usize,
    duration: Duration,
) -> Summary {
    get_loop_with_cookie(api, url, None, connections, duration).await
}

/// As [`get_loop`], each request sending `cookie` (a signed-in browser's session).
pub async fn get_loop_with_cookie(
    api: &crate::api::Api,
    url: &str,
    cookie: Option<String>,
    connections: usize,
    duration: Duration,
) -> Summary {
    let api = Arc::new(api.clone());
    let url: Arc<str> = url.into();
    let cookie: Option<Arc<str>> = cookie.map(Into::into);
    closed_loop(connections, duration, move |_| {
        let (api, url, cookie) = (api.clone(), url.clone(), cookie.clone());
        async move {
            if api.get_ok(&url, cookie.as_deref()).await {
                Sample::Done
            } else {
                Sample::Failed
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_read_in_milliseconds_and_throughput_per_second() {
        let mut histogram = new_histogram();
        for millis in 1..=100u64 {
            record(&mut histogram, Duration::from_millis(millis));
        }
        let summary = Summary::from_histogram(&histogram, 3, Duration::from_secs(2));
        assert_eq!(summary.samples, 100);
        assert!((summary.throughput - 50.0).abs() < 1e-9);
        assert!((summary.p50_ms - 50.0).abs() < 0.1, "{}", summary.p50_ms);
        assert!((summary.p99_ms - 99.0).abs() < 0.1, "{}", summary.p99_ms);
        assert_eq!(summary.errors, 3);
    }

    #[test]
    fn an_empty_run_reads_as_zeros_not_garbage() {
        let summary = Summary::from_histogram(&new_histogram(), 5, Duration::from_secs(1));
        assert_eq!(
            (summary.p50_ms, summary.p99_ms, summary.throughput),
            (0.0, 0.0, 0.0)
        );
    }

    #[tokio::test]
    async fn workers_stop_at_the_deadline_or_when_told() {
        let summary = closed_loop(4, Duration::from_millis(50), |worker| async move {
            if worker == 0 {
                return Sample::Stop;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
            Sample::Done
        })
        .await;
        assert!(summary.samples > 0);
        assert!(summary.duration_s < 1.0);
        assert_eq!(summary.errors, 0);
    }
}
