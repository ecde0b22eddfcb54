//! Amounts as the services write them: whole units of the currency as a decimal string
//! (`"90000.00"`), the original API's form, beside which Marquee gives integers.

/// `"90000.00"` -> `Some(90000)`; `None` when it is not a number.
pub fn whole_units(amount: &str) -> Option<i64> {
    amount.split('.').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::whole_units;

    #[test]
    fn decimal_strings_read_as_whole_units() {
        assert_eq!(whole_units("90000.00"), Some(90_000));
        assert_eq!(whole_units("1250000"), Some(1_250_000));
        assert_eq!(whole_units("nonsense"), None);
    }
}
