//! The notices Marquee sends about a booking — in-app and by email — in a language. The
//! notification service writes them when an event arrives; the web app says the same notice
//! again in the reader's language, from the same kind and values.

use crate::{FluentValue, Language};

/// A notice's subject and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeText {
    pub subject: String,
    pub message: String,
}

/// The values a notice names (`code`, `seats`, ...). Amounts (`total`, `refund`) are whole
/// currency units and are written as money; `by_cinema`, `paid` and `method` choose a variant.
pub type NoticeParams = serde_json::Map<String, serde_json::Value>;

/// Which values are amounts of money.
const MONEY: [&str; 2] = ["total", "refund"];

impl Language {
    /// The notice of `kind` (`booking_confirmed`, `booking_seats_cancelled`,
    /// `booking_cancelled`, `booking_expired`, `payment_refunded`) with its values, or `None`
    /// for a kind there are no messages for.
    pub fn notice(self, kind: &str, params: &NoticeParams, currency: &str) -> Option<NoticeText> {
        let subject_key = format!("notice-{kind}-subject");
        let message_key = format!("notice-{kind}-message");
        let args: Vec<(&'static str, FluentValue<'static>)> = params
            .iter()
            .filter_map(|(name, value)| {
                let name: &'static str = ARGUMENTS.iter().find(|known| **known == name)?;
                let value: FluentValue<'static> = match value {
                    serde_json::Value::Number(number) if MONEY.contains(&name) => self
                        .money(number.as_i64().unwrap_or_default(), currency)
                        .into(),
                    serde_json::Value::Number(number) => number.as_f64().unwrap_or_default().into(),
                    serde_json::Value::String(text) => text.clone().into(),
                    serde_json::Value::Bool(flag) => if *flag { "yes" } else { "no" }.into(),
                    _ => return None,
                };
                Some((name, value))
            })
            .collect();
        let subject = self.format(&subject_key, &args);
        (subject != subject_key).then(|| NoticeText {
            subject,
            message: self.format(&message_key, &args),
        })
    }
}

/// The names notices' messages use (Fluent's arguments are named by `&'static str`).
const ARGUMENTS: [&str; 8] = [
    "code",
    "seats",
    "released",
    "total",
    "refund",
    "by_cinema",
    "paid",
    "method",
];
