//! Charging cards. [`PaymentProvider`] is what a real processor would implement; the one
//! shipped, [`SimulatedCards`], behaves like a processor's test mode with documented test
//! cards (see `docs/api.md`). Card numbers never leave this module: a charge keeps the brand
//! and the last four digits only.

use std::{future::Future, pin::Pin, time::Duration};

use serde::Deserialize;
use sqlx::PgPool;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Card {
    pub number: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub cvc: String,
    #[serde(default)]
    pub holder_name: Option<String>,
}

impl Card {
    pub fn digits(&self) -> String {
        self.number.chars().filter(char::is_ascii_digit).collect()
    }

    pub fn last4(&self) -> String {
        let digits = self.digits();
        digits[digits.len().saturating_sub(4)..].to_owned()
    }

    pub fn brand(&self) -> &'static str {
        let digits = self.digits();
        match digits.as_bytes().first() {
            Some(b'4') => "visa",
            Some(b'5') => "mastercard",
            Some(b'3') if digits.starts_with("34") || digits.starts_with("37") => "amex",
            _ => "card",
        }
    }
}

/// Whether the digits pass the Luhn check every card number carries.
pub fn luhn_valid(digits: &str) -> bool {
    if !(12..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| {
            let digit = u32::from(byte - b'0');
            if index % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Charge {
    pub transaction_id: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Decline {
    #[error("Your card was declined.")]
    Declined,
    #[error("Your card has insufficient funds.")]
    InsufficientFunds,
    #[error("The card processor did not answer in time. You have not been charged.")]
    Timeout,
}

impl Decline {
    /// The stable word a decline is stored and answered as.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Declined => "card_declined",
            Self::InsufficientFunds => "insufficient_funds",
            Self::Timeout => "processor_timeout",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "card_declined" => Self::Declined,
            "insufficient_funds" => Self::InsufficientFunds,
            _ => Self::Timeout,
        }
    }
}

/// What became of a charge: made, declined, or (settled before it was made) never to be made.
pub type Outcome = Result<Charge, Decline>;

pub type ChargeFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;
pub type SettleFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<Outcome>> + Send + 'a>>;

/// A card processor, as payment platforms work: each charge carries an idempotency key of ours,
/// and the processor charges a key at most once, answering a repeat with the first outcome.
pub trait PaymentProvider: Send + Sync {
    /// Charges `amount_cents` to the card, once for `key`. `Err(Decline::Timeout)` when the
    /// processor cannot be asked (the outcome is then unknown: [`Self::settle`] it).
    fn charge<'a>(&'a self, card: &'a Card, amount_cents: i64, key: &'a str) -> ChargeFuture<'a>;

    /// The final outcome of `key`: its charge if one was made or declined, else the key is
    /// voided (never to be charged) and the answer is `Err(Decline::Timeout)`: not charged.
    fn settle<'a>(&'a self, key: &'a str) -> SettleFuture<'a>;
}

/// A processor's test mode: `4000 0000 0000 0002` is declined, `4000 0000 0000 9995` has
/// insufficient funds, `4000 0000 0000 0259` answers only after `slow_card_delay`, and any
/// other valid number (`4242 4242 4242 4242`, `5555 5555 5555 4444`) is charged. Its record of
/// charges (by key) is a table of its own, so it outlives a restart of the payment service, as a
/// real processor's does; a charge runs to its end even when the caller stops waiting.
pub struct SimulatedCards {
    pub pool: PgPool,
    pub slow_card_delay: Duration,
}

pub const DECLINED_CARD: &str = "4000000000000002";
pub const INSUFFICIENT_FUNDS_CARD: &str = "4000000000009995";
pub const SLOW_CARD: &str = "4000000000000259";

type Row = (Option<String>, Option<String>, bool);

fn outcome_of((transaction_id, decline, _voided): Row) -> Outcome {
    match (transaction_id, decline) {
        (Some(transaction_id), _) => Ok(Charge { transaction_id }),
        (None, Some(code)) => Err(Decline::from_code(&code)),
        (None, None) => Err(Decline::Timeout),
    }
}

impl SimulatedCards {
    async fn recorded(pool: &PgPool, key: &str) -> sqlx::Result<Option<Row>> {
        sqlx::query_as(
            "SELECT transaction_id, decline, voided FROM simulated_processor_charges WHERE key = $1",
        )
        .bind(key)
        .fetch_optional(pool)
        .await
    }

    /// The processor's side of a charge: decides, then records it under `key` unless the key
    /// already has an outcome (a repeat, or voided meanwhile); answers the recorded outcome.
    async fn process(
        pool: PgPool,
        digits: String,
        amount_cents: i64,
        key: String,
        delay: Duration,
    ) -> sqlx::Result<Outcome> {
        if let Some(row) = Self::recorded(&pool, &key).await? {
            return Ok(outcome_of(row));
        }
        let decided: Outcome = match digits.as_str() {
            DECLINED_CARD => Err(Decline::Declined),
            INSUFFICIENT_FUNDS_CARD => Err(Decline::InsufficientFunds),
            slow => {
                if slow == SLOW_CARD {
                    tokio::time::sleep(delay).await;
                }
                Ok(Charge {
                    transaction_id: format!("sim_{}", uuid::Uuid::new_v4().simple()),
                })
            }
        };
        let (transaction_id, decline) = match &decided {
            Ok(charge) => (Some(charge.transaction_id.clone()), None),
            Err(decline) => (None, Some(decline.code())),
        };
        sqlx::query(
            "INSERT INTO simulated_processor_charges (key, amount_cents, transaction_id, decline)
             VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
        )
        .bind(&key)
        .bind(amount_cents)
        .bind(transaction_id)
        .bind(decline)
        .execute(&pool)
        .await?;
        let row = Self::recorded(&pool, &key)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        Ok(outcome_of(row))
    }
}

impl PaymentProvider for SimulatedCards {
    fn charge<'a>(&'a self, card: &'a Card, amount_cents: i64, key: &'a str) -> ChargeFuture<'a> {
        let work = Self::process(
            self.pool.clone(),
            card.digits(),
            amount_cents,
            key.to_owned(),
            self.slow_card_delay,
        );
        Box::pin(async move {
            // On a task of its own: the processor finishes a charge whether or not we wait.
            match tokio::spawn(work).await {
                Ok(Ok(outcome)) => outcome,
                Ok(Err(error)) => {
                    tracing::warn!(%error, "simulated processor unavailable");
                    Err(Decline::Timeout)
                }
                Err(error) => {
                    tracing::warn!(%error, "simulated processor failed");
                    Err(Decline::Timeout)
                }
            }
        })
    }

    fn settle<'a>(&'a self, key: &'a str) -> SettleFuture<'a> {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO simulated_processor_charges (key, amount_cents, voided)
                 VALUES ($1, 0, true) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .execute(&self.pool)
            .await?;
            let row = Self::recorded(&self.pool, key)
                .await?
                .ok_or(sqlx::Error::RowNotFound)?;
            Ok(outcome_of(row))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_are_checked_and_reduced_to_brand_and_last_four() {
        assert!(luhn_valid("4242424242424242"));
        assert!(luhn_valid(DECLINED_CARD));
        assert!(!luhn_valid("4242424242424241"));
        assert!(!luhn_valid("42"));
        let card = Card {
            number: "5555 5555 5555 4444".into(),
            exp_month: 12,
            exp_year: 2030,
            cvc: "123".into(),
            holder_name: None,
        };
        assert_eq!(
            (card.brand(), card.last4().as_str()),
            ("mastercard", "4444")
        );
    }
}
