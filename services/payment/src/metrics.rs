//! The payment service's own figures, beside the HTTP ones every service has: payment attempts
//! and refunds by outcome, and the money they moved, in whole units of the currency (VND has no
//! minor unit).
//!
//! What a payment attempt or a refund came to is a [`Settlement`], counted once the transaction
//! that records it is committed: a replayed request, an attempt taken up again and work rolled
//! back are never counted twice.

use prometheus::{IntCounter, IntCounterVec, Opts, Registry};
use service_kit::metrics::register;

/// How a payment attempt ended, as `payments_total{outcome}` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The card was charged (or the cash taken).
    Succeeded,
    /// The card was declined, or had too little money on it.
    Declined,
    /// Never charged: the processor did not answer in time.
    Failed,
}

impl PaymentOutcome {
    const ALL: [Self; 3] = [Self::Succeeded, Self::Declined, Self::Failed];

    fn label(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Declined => "declined",
            Self::Failed => "failed",
        }
    }
}

/// What a payment attempt or a refund came to; amounts in whole units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    /// A payment attempt's final outcome, and its amount.
    Payment(PaymentOutcome, i64),
    /// Money given back.
    Refunded(i64),
    /// A refund refused: the payment cannot be refunded, is refunded already, or has less left.
    RefundRejected,
    /// A refund that could not be made for a fault (the database, say); it may be asked again.
    RefundFailed,
}

/// The `outcome`s of `refunds_total`.
const REFUND_SUCCEEDED: &str = "succeeded";
const REFUND_REJECTED: &str = "rejected";
const REFUND_FAILED: &str = "failed";

#[derive(Clone)]
pub struct PaymentMetrics {
    payments: IntCounterVec,
    paid_amounts: IntCounterVec,
    refunds: IntCounterVec,
    refunded_amount: IntCounter,
}

impl PaymentMetrics {
    pub fn new(registry: &Registry) -> anyhow::Result<Self> {
        let payments = IntCounterVec::new(
            Opts::new("payments_total", "Payment attempts, by how they ended"),
            &["outcome"],
        )?;
        let paid_amounts = IntCounterVec::new(
            Opts::new(
                "payments_amount_total",
                "Amounts of payment attempts in whole currency units, by how they ended",
            ),
            &["outcome"],
        )?;
        let refunds = IntCounterVec::new(
            Opts::new("refunds_total", "Refunds asked for, by how they ended"),
            &["outcome"],
        )?;
        let refunded_amount = IntCounter::new(
            "refunds_amount_total",
            "Money refunded, in whole currency units",
        )?;
        // Every series from the start, at 0: a rate over a series that appears late misses its
        // first increase.
        for outcome in PaymentOutcome::ALL {
            payments.with_label_values(&[outcome.label()]);
            paid_amounts.with_label_values(&[outcome.label()]);
        }
        for outcome in [REFUND_SUCCEEDED, REFUND_REJECTED, REFUND_FAILED] {
            refunds.with_label_values(&[outcome]);
        }
        register(registry, &payments)?;
        register(registry, &paid_amounts)?;
        register(registry, &refunds)?;
        register(registry, &refunded_amount)?;
        Ok(Self {
            payments,
            paid_amounts,
            refunds,
            refunded_amount,
        })
    }

    /// Metrics kept in a registry of their own (tools and tests that do not serve them).
    pub fn unregistered() -> Self {
        Self::new(&Registry::new()).expect("a fresh registry takes every metric")
    }

    /// Counts a settlement once its transaction is committed; `None` (an answer given before)
    /// counts nothing.
    pub fn count(&self, settlement: Option<Settlement>) {
        match settlement {
            None => {}
            Some(Settlement::Payment(outcome, amount)) => {
                self.payments.with_label_values(&[outcome.label()]).inc();
                self.paid_amounts
                    .with_label_values(&[outcome.label()])
                    .inc_by(counted(amount));
            }
            Some(Settlement::Refunded(amount)) => {
                self.refunds.with_label_values(&[REFUND_SUCCEEDED]).inc();
                self.refunded_amount.inc_by(counted(amount));
            }
            Some(Settlement::RefundRejected) => {
                self.refunds.with_label_values(&[REFUND_REJECTED]).inc();
            }
            Some(Settlement::RefundFailed) => {
                self.refunds.with_label_values(&[REFUND_FAILED]).inc();
            }
        }
    }
}

/// An amount as a counter adds it (amounts are never negative).
fn counted(amount: i64) -> u64 {
    u64::try_from(amount).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_given_before_counts_nothing() {
        let metrics = PaymentMetrics::unregistered();
        let paid = Settlement::Payment(PaymentOutcome::Succeeded, 90_000);
        metrics.count(Some(paid));
        metrics.count(None);
        metrics.count(Some(Settlement::Refunded(2_500)));
        let succeeded = [PaymentOutcome::Succeeded.label()];
        assert_eq!(metrics.payments.with_label_values(&succeeded).get(), 1);
        assert_eq!(
            metrics.paid_amounts.with_label_values(&succeeded).get(),
            90_000
        );
        assert_eq!(metrics.refunded_amount.get(), 2_500);
    }
}
