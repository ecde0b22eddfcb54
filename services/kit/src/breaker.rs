//! A circuit breaker for calls to another service, as in the original: after 5 failures in a
//! row it opens and calls fail at once (no waiting on a service that is down); after 30 s it
//! lets one trial call through (half-open), which closes it again or re-opens it. Its state is
//! the gauge `circuit_breaker_state{target}` (0 closed, 1 open, 2 half-open) in `/metrics`.

use std::{
    future::Future,
    sync::Mutex,
    time::{Duration, Instant},
};

use prometheus::{IntGauge, Opts, Registry};

pub const FAILURE_THRESHOLD: u32 = 5;
pub const OPEN_FOR: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum State {
    Closed,
    Open,
    HalfOpen,
}

#[derive(Debug, thiserror::Error)]
pub enum BreakerError<E> {
    #[error("{0} is unavailable (circuit open)")]
    Open(String),
    #[error(transparent)]
    Failed(E),
}

struct Inner {
    failures: u32,
    opened_at: Option<Instant>,
    trial_running: bool,
}

pub struct CircuitBreaker {
    target: String,
    threshold: u32,
    open_for: Duration,
    inner: Mutex<Inner>,
    gauge: Option<IntGauge>,
}

impl CircuitBreaker {
    /// A breaker for calls to `target`, its state registered in `registry` when given.
    pub fn new(target: &str, registry: Option<&Registry>) -> Self {
        Self::with_limits(target, registry, FAILURE_THRESHOLD, OPEN_FOR)
    }

    pub fn with_limits(
        target: &str,
        registry: Option<&Registry>,
        threshold: u32,
        open_for: Duration,
    ) -> Self {
        let gauge = registry.and_then(|registry| {
            // Its target as a constant label: each breaker registers a gauge of its own, and the
            // registry serves them as one family (a second breaker's gauge in a shared labelled
            // family could not be registered, and its state would never be served).
            let gauge = IntGauge::with_opts(
                Opts::new(
                    "circuit_breaker_state",
                    "Calls to another service: 0 closed, 1 open, 2 half-open",
                )
                .const_label("target", target),
            )
            .ok()?;
            crate::metrics::register(registry, &gauge).ok()?;
            Some(gauge)
        });
        let breaker = Self {
            target: target.to_owned(),
            threshold,
            open_for,
            inner: Mutex::new(Inner {
                failures: 0,
                opened_at: None,
                trial_running: false,
            }),
            gauge,
        };
        breaker.publish(State::Closed);
        breaker
    }

    fn publish(&self, state: State) {
        if let Some(gauge) = &self.gauge {
            let value = match state {
                State::Closed => 0,
                State::Open => 1,
                State::HalfOpen => 2,
            };
            gauge.set(value);
        }
    }

    pub fn state(&self) -> State {
        let inner = self.inner.lock().expect("not poisoned");
        match inner.opened_at {
            None => State::Closed,
            Some(at) if at.elapsed() >= self.open_for => State::HalfOpen,
            Some(_) => State::Open,
        }
    }

    /// Runs `call` unless the circuit is open; `is_failure` says which errors count against
    /// the target (a 404 is an answer, a timeout or a 503 is a failure).
    pub async fn call<T, E, F>(
        &self,
        call: impl FnOnce() -> F,
        is_failure: impl Fn(&E) -> bool,
    ) -> Result<T, BreakerError<E>>
    where
        F: Future<Output = Result<T, E>>,
    {
        {
            let mut inner = self.inner.lock().expect("not poisoned");
            if let Some(at) = inner.opened_at {
                if at.elapsed() < self.open_for || inner.trial_running {
                    return Err(BreakerError::Open(self.target.clone()));
                }
                inner.trial_running = true;
                self.publish(State::HalfOpen);
            }
        }
        let result = call().await;
        let failed = matches!(&result, Err(error) if is_failure(error));
        let mut inner = self.inner.lock().expect("not poisoned");
        inner.trial_running = false;
        if failed {
            inner.failures += 1;
            if inner.opened_at.is_some() || inner.failures >= self.threshold {
                if inner.opened_at.is_none() {
                    tracing::warn!(target = self.target, "circuit opened");
                }
                inner.opened_at = Some(Instant::now());
                self.publish(State::Open);
            }
        } else {
            if inner.opened_at.is_some() {
                tracing::info!(target = self.target, "circuit closed");
            }
            inner.failures = 0;
            inner.opened_at = None;
            self.publish(State::Closed);
        }
        result.map_err(BreakerError::Failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn fail(breaker: &CircuitBreaker) -> Result<(), BreakerError<&'static str>> {
        breaker.call(|| async { Err("down") }, |_| true).await
    }

    async fn succeed(breaker: &CircuitBreaker) -> Result<(), BreakerError<&'static str>> {
        breaker.call(|| async { Ok(()) }, |_| true).await
    }

    #[tokio::test]
    async fn opens_after_five_failures_and_half_opens_after_the_wait() {
        let registry = Registry::new();
        let breaker =
            CircuitBreaker::with_limits("booking", Some(&registry), 5, Duration::from_millis(100));
        for _ in 0..4 {
            assert!(matches!(fail(&breaker).await, Err(BreakerError::Failed(_))));
        }
        assert_eq!(breaker.state(), State::Closed);
        assert!(matches!(fail(&breaker).await, Err(BreakerError::Failed(_))));
        assert_eq!(breaker.state(), State::Open);
        // Open: calls fail at once without running.
        let ran = std::sync::atomic::AtomicBool::new(false);
        let refused = breaker
            .call(
                || async {
                    ran.store(true, std::sync::atomic::Ordering::SeqCst);
                    Ok::<(), &str>(())
                },
                |_| true,
            )
            .await;
        assert!(matches!(refused, Err(BreakerError::Open(_))));
        assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
        let metrics = registry.gather();
        assert_eq!(metrics[0].get_metric()[0].get_gauge().get_value(), 1.0);

        // Half-open after the wait: a failed trial re-opens, a good one closes.
        tokio::time::sleep(Duration::from_millis(120)).await;
        assert_eq!(breaker.state(), State::HalfOpen);
        assert!(matches!(fail(&breaker).await, Err(BreakerError::Failed(_))));
        assert_eq!(breaker.state(), State::Open);
        tokio::time::sleep(Duration::from_millis(120)).await;
        assert!(succeed(&breaker).await.is_ok());
        assert_eq!(breaker.state(), State::Closed);
        assert_eq!(
            registry.gather()[0].get_metric()[0].get_gauge().get_value(),
            0.0
        );
    }

    #[test]
    fn every_breaker_of_a_service_reports_its_own_state() {
        let registry = Registry::new();
        let _booking = CircuitBreaker::new("booking", Some(&registry));
        let _movie = CircuitBreaker::new("movie", Some(&registry));
        let served = crate::metrics::render(&registry);
        for target in ["booking", "movie"] {
            let closed = format!("circuit_breaker_state{{target=\"{target}\"}} 0");
            assert!(served.contains(&closed), "{served}");
        }
    }

    #[tokio::test]
    async fn answers_that_are_not_failures_keep_it_closed() {
        let breaker = CircuitBreaker::new("movie", None);
        for _ in 0..10 {
            let _ = breaker
                .call(|| async { Err::<(), _>(404) }, |status| *status >= 500)
                .await;
        }
        assert_eq!(breaker.state(), State::Closed);
    }
}
