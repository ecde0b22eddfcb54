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
