//! How values are shown to people, in the page's language (see [`crate::i18n`]).

use crate::i18n::{DateStyle, language};

/// `128` -> `2h 08m` / `2 giờ 08 phút`.
pub fn duration(minutes: i32) -> String {
    language().duration(minutes)
}

/// `2026-11-25` -> `25 Nov 2026` / `25/11/2026`; anything unexpected is shown as it came.
pub fn date(iso: &str) -> String {
    language().iso_date(iso, DateStyle::Full)
}

/// `2026-11-28` -> `Sat 28 Nov` / `Thứ Bảy, 28/11`, for date pickers and showtime lists.
pub fn short_day(iso: &str) -> String {
    language().iso_date(iso, DateStyle::Day)
}

/// `2026-11-28` -> `Saturday 28 November 2026` / `Thứ Bảy, 28/11/2026`, for tickets.
pub fn long_day(iso: &str) -> String {
    language().iso_date(iso, DateStyle::Long)
}

/// The currency prices are shown in: set once at start from the BFF's `CURRENCY` (on the
/// server) and from the page's `<meta name="marquee-currency">` (in the browser), so both
/// render the same text.
static CURRENCY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub const DEFAULT_CURRENCY: &str = "VND";

pub fn set_currency(code: &str) {
    // ISO 4217 codes are ASCII: no Unicode case tables in the browser bundle for them.
    let code = code.trim().to_ascii_uppercase();
    let _ = CURRENCY.set(if code.is_empty() {
        DEFAULT_CURRENCY.into()
    } else {
        code
    });
}

pub fn currency() -> &'static str {
    CURRENCY.get().map_or(DEFAULT_CURRENCY, String::as_str)
}

/// The whole units of an amount as the services write it (`"90000.00"` -> 90000); 0 when it
/// is not a number.
pub fn whole_units(amount: &str) -> i64 {
    api_types::amounts::whole_units(amount).unwrap_or_default()
}

/// The configured currency as the page's language writes it (`₫`).
pub fn currency_sign() -> String {
    language().currency_sign(currency())
}

/// A whole amount in the configured currency: `90.000 ₫` / `90,000 ₫`.
pub fn money(amount: i64) -> String {
    language().money(amount, currency())
}

/// `09:30:00` -> `09:30` (both languages use the 24-hour clock).
pub fn time(hms: &str) -> &str {
    hms.get(..5).unwrap_or(hms)
}

/// `Hall 2 · 3D`; a hall named after its format (`IMAX`) is named once.
pub fn hall_and_format(hall: &str, format: &str) -> String {
    if hall.eq_ignore_ascii_case(format) {
        hall.to_owned()
    } else {
        format!("{hall} · {format}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_the_services_write_them_read_as_whole_units() {
        assert_eq!(whole_units("90000.00"), 90_000);
        assert_eq!(whole_units("nonsense"), 0);
        assert_eq!(time("09:30:00"), "09:30");
    }

    #[test]
    fn a_hall_named_after_its_format_is_named_once() {
        assert_eq!(hall_and_format("IMAX", "imax"), "IMAX");
        assert_eq!(hall_and_format("Hall 2", "3D"), "Hall 2 · 3D");
    }
}
