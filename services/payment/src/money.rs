//! Amounts as whole cents, read from the numbers and decimal strings clients send.

use serde_json::Value;

/// `90000`, `90000.5`, `"90000.00"` -> cents; `None` for anything else or more than 2 decimals.
pub fn cents(value: &Value) -> Option<i64> {
    let text = match value {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.trim().to_owned(),
        _ => return None,
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 2 {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

/// Cents -> `"90000.00"`.
pub fn format(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Cents -> whole units of the currency (VND has no minor unit: nothing is lost).
pub fn whole_units(cents: i64) -> i64 {
    cents / 100
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn amounts_read_from_numbers_and_strings() {
        assert_eq!(cents(&json!(90000)), Some(9_000_000));
        assert_eq!(cents(&json!(90000.5)), Some(9_000_050));
        assert_eq!(cents(&json!("90000.00")), Some(9_000_000));
        assert_eq!(cents(&json!("1.234")), None);
        assert_eq!(cents(&json!(-5)), None);
        assert_eq!(cents(&json!("abc")), None);
        assert_eq!(format(9_000_050), "90000.50");
        assert_eq!(whole_units(9_000_000), 90_000);
    }
}
