//! How values are shown to people.

/// `128` -> `2h 08m`.
pub fn duration(minutes: i32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, m) => format!("{h}h {m:02}m"),
    }
}

/// `2026-11-25` -> `25 Nov 2026`; anything unexpected is shown as it came.
pub fn date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = iso.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_owned();
    };
    match (month.parse::<usize>(), day.parse::<u32>()) {
        (Ok(month @ 1..=12), Ok(day)) => format!("{day} {} {year}", MONTHS[month - 1]),
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(duration(128), "2h 08m");
        assert_eq!(duration(45), "45m");
        assert_eq!(duration(60), "1h 00m");
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date("2026-11-05"), "5 Nov 2026");
        assert_eq!(date("not a date"), "not a date");
        assert_eq!(date("2026-13-01"), "2026-13-01");
    }
}

/// The currency prices are shown in: set once at start from the BFF's `CURRENCY` (on the
/// server) and from the page's `<meta name="marquee-currency">` (in the browser), so both
/// render the same text.
static CURRENCY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub const DEFAULT_CURRENCY: &str = "VND";

pub fn set_currency(code: &str) {
    let code = code.trim().to_uppercase();
    let _ = CURRENCY.set(if code.is_empty() {
        DEFAULT_CURRENCY.into()
    } else {
        code
    });
}

pub fn currency() -> &'static str {
    CURRENCY.get().map_or(DEFAULT_CURRENCY, String::as_str)
}

fn grouped(amount: i64, separator: char) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{grouped}")
}

/// The whole units of an amount as the services write it (`"90000.00"` -> 90000); 0 when it
/// is not a number.
pub fn whole_units(amount: &str) -> i64 {
    amount
        .split('.')
        .next()
        .and_then(|whole| whole.parse().ok())
        .unwrap_or_default()
}

/// A whole amount in `currency`: VND the Vietnamese way (`90.000 ₫`), others as `90,000 USD`.
pub fn money_in(amount: i64, currency: &str) -> String {
    match currency {
        "VND" => format!("{} ₫", grouped(amount, '.')),
        other => format!("{} {other}", grouped(amount, ',')),
    }
}

/// A whole amount in the configured currency.
pub fn money(amount: i64) -> String {
    money_in(amount, currency())
}

/// `09:30:00` -> `09:30`.
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

/// `2026-11-25` -> `Wed 25 Nov`, for date pickers; the weekday from the civil calendar.
pub fn short_day(iso: &str) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let parts: Vec<i64> = iso
        .split('-')
        .filter_map(|part| part.parse().ok())
        .collect();
    let [year, month, day] = parts[..] else {
        return iso.to_owned();
    };
    // Days since 1970-01-01 (a Thursday), by the usual civil-calendar arithmetic.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let weekday = DAYS[(days + 3).rem_euclid(7) as usize];
    let full = date(iso);
    let day_month = full.rsplit_once(' ').map_or(full.as_str(), |(dm, _)| dm);
    format!("{weekday} {day_month}")
}

#[cfg(test)]
mod money_tests {
    use super::*;

    #[test]
    fn vnd_uses_dots_between_thousands() {
        assert_eq!(money_in(90_000, "VND"), "90.000 ₫");
        assert_eq!(money_in(1_250_000, "VND"), "1.250.000 ₫");
        assert_eq!(money_in(500, "VND"), "500 ₫");
    }

    #[test]
    fn other_currencies_use_commas_and_their_code() {
        assert_eq!(money_in(1_250_000, "USD"), "1,250,000 USD");
    }

    #[test]
    fn days_read_with_their_weekday() {
        assert_eq!(short_day("2026-11-25"), "Wed 25 Nov");
        assert_eq!(short_day("2024-02-29"), "Thu 29 Feb");
        assert_eq!(time("09:30:00"), "09:30");
    }
}
