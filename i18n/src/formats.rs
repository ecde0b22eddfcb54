//! Dates, durations and money as each language writes them. The patterns and names are
//! messages (`date-day`, `weekday-6`, `money`, ...), so a language's file decides its formats.

use chrono::{Datelike, NaiveDate};

use crate::{Language, tr};

/// How much of a date to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `Thứ Bảy, 28/11` / `Sat 28 Nov`: a day of a showtime list.
    Day,
    /// `28/11/2026` / `28 Nov 2026`: a release date.
    Full,
    /// `Thứ Bảy, 28/11/2026` / `Saturday 28 November 2026`: a ticket or an email.
    Long,
}

impl Language {
    /// A calendar date in this language.
    pub fn date(self, date: NaiveDate, style: DateStyle) -> String {
        let key = match style {
            DateStyle::Day => "date-day",
            DateStyle::Full => "date-full",
            DateStyle::Long => "date-long",
        };
        let weekday = date.weekday().number_from_monday();
        let (weekday_key, weekday_long_key) = (
            format!("weekday-{weekday}"),
            format!("weekday-long-{weekday}"),
        );
        let (month_key, month_long_key) = (
            format!("month-{}", date.month()),
            format!("month-long-{}", date.month()),
        );
        tr!(
            self,
            key,
            weekday = self.text(&weekday_key),
            weekday_long = self.text(&weekday_long_key),
            day = date.day().to_string(),
            day2 = format!("{:02}", date.day()),
            month = date.month().to_string(),
            month2 = format!("{:02}", date.month()),
            month_name = self.text(&month_key),
            month_long = self.text(&month_long_key),
            year = date.year().to_string(),
        )
    }

    /// An ISO date (`2026-11-28`) in this language; anything else is shown as it came.
    pub fn iso_date(self, iso: &str, style: DateStyle) -> String {
        match iso.get(..10).and_then(|day| day.parse::<NaiveDate>().ok()) {
            Some(date) => self.date(date, style),
            None => iso.to_owned(),
        }
    }

    /// A running time: `2h 08m` / `2 giờ 08 phút`.
    pub fn duration(self, minutes: i32) -> String {
        tr!(
            self,
            "duration",
            hours = i64::from(minutes / 60),
            minutes = i64::from(minutes % 60),
            minutes2 = format!("{:02}", minutes % 60),
        )
    }

    /// A whole amount of `currency` (an ISO code): `180.000 ₫` / `180,000 ₫`, `12,500 USD`.
    /// The currency's sign comes from the messages (`currency-sign-VND = ₫`), else its code.
    pub fn money(self, amount: i64, currency: &str) -> String {
        let separator = self.text("number-group-separator");
        let digits = amount.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push_str(&separator);
            }
            grouped.push(digit);
        }
        if amount < 0 {
            grouped.insert(0, '-');
        }
        tr!(
            self,
            "money",
            amount = grouped,
            currency = self.currency_sign(currency)
        )
    }

    /// How this language writes a currency (an ISO code): its sign from the messages
    /// (`currency-sign-VND = ₫`), else its code.
    pub fn currency_sign(self, currency: &str) -> String {
        let key = format!("currency-sign-{currency}");
        let sign = self.text(&key);
        if sign == key {
            currency.to_owned()
        } else {
            sign
        }
    }
}
