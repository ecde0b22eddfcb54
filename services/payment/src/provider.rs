//! Charging cards. [`PaymentProvider`] is what a real processor would implement; the one
//! shipped, [`SimulatedCards`], behaves like a processor's test mode with documented test
//! cards (see `docs/api.md`). Card numbers never leave this module: a charge keeps the brand
//! and the last four digits only.

use std::{future::Future, pin::Pin, time::Duration};

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
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

pub type ChargeFuture<'a> = Pin<Box<dyn Future<Output = Result<Charge, Decline>> + Send + 'a>>;

pub trait PaymentProvider: Send + Sync {
    /// Charges `amount_cents` to the card.
    fn charge<'a>(&'a self, card: &'a Card, amount_cents: i64) -> ChargeFuture<'a>;
}

/// A processor's test mode: `4000 0000 0000 0002` is declined, `4000 0000 0000 9995` has
/// insufficient funds, `4000 0000 0000 0259` answers only after `slow_card_delay`, and any
/// other valid number (`4242 4242 4242 4242`, `5555 5555 5555 4444`) is charged.
pub struct SimulatedCards {
    pub slow_card_delay: Duration,
}

pub const DECLINED_CARD: &str = "4000000000000002";
pub const INSUFFICIENT_FUNDS_CARD: &str = "4000000000009995";
pub const SLOW_CARD: &str = "4000000000000259";

impl PaymentProvider for SimulatedCards {
    fn charge<'a>(&'a self, card: &'a Card, _amount_cents: i64) -> ChargeFuture<'a> {
        Box::pin(async move {
            match card.digits().as_str() {
                DECLINED_CARD => return Err(Decline::Declined),
                INSUFFICIENT_FUNDS_CARD => return Err(Decline::InsufficientFunds),
                SLOW_CARD => tokio::time::sleep(self.slow_card_delay).await,
                _ => {}
            }
            Ok(Charge {
                transaction_id: format!("sim_{}", uuid::Uuid::new_v4().simple()),
            })
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
