use std::{collections::BTreeSet, path::Path};

use chrono::NaiveDate;

use crate::{DateStyle, Language};

fn language(code: &str) -> Language {
    Language::from_code(code).expect("a language Marquee speaks")
}

/// The message ids of one language's file(s), read with Fluent's own parser.
fn keys_of(code: &str) -> BTreeSet<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(code);
    let mut keys = BTreeSet::new();
    for file in std::fs::read_dir(&folder).expect("the language's folder") {
        let path = file.expect("a file").path();
        let source = std::fs::read_to_string(&path).expect("a readable file");
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(message) = entry {
                assert!(
                    keys.insert(message.id.name.to_owned()),
                    "{} is defined twice in {code}",
                    message.id.name
                );
            }
        }
    }
    keys
}

#[test]
fn every_message_exists_in_every_language() {
    let languages: Vec<&str> = Language::all().map(Language::code).collect();
    assert!(languages.contains(&"vi") && languages.contains(&"en"));
    let english = keys_of("en");
    for code in &languages {
        let keys = keys_of(code);
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(missing.is_empty(), "{code} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{code} has {extra:?}, which English lacks"
        );
    }
}

/// Every `tr!(lang, "key")` and `t!("key")` in the code names a message that exists, so a
/// typo is a failing test rather than a key shown on a page.
#[test]
fn every_key_the_code_asks_for_exists() {
    let english = keys_of("en");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut unknown = Vec::new();
    for folder in ["app/src", "server/src", "services/notification/src"] {
        for (path, source) in rust_files(&root.join(folder)) {
            for key in keys_asked_for(&source) {
                if !english.contains(&key) {
                    unknown.push(format!("{}: {key}", path.display()));
                }
            }
        }
    }
    assert!(unknown.is_empty(), "unknown message keys: {unknown:#?}");
}

fn rust_files(folder: &Path) -> Vec<(std::path::PathBuf, String)> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            found.push((path, source));
        }
    }
    found
}

/// The literal keys of `t!("...")` and `tr!(x, "...")` calls.
fn keys_asked_for(source: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (macro_name, skip_argument) in [("t!(", false), ("tr!(", true)] {
        for (start, _) in source.match_indices(macro_name) {
            let preceded_by_word = source[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if preceded_by_word {
                continue;
            }
            let mut rest = source[start + macro_name.len()..].trim_start();
            if skip_argument {
                let Some(comma) = rest.find(',') else {
                    continue;
                };
                rest = rest[comma + 1..].trim_start();
            }
            if let Some(literal) = rest.strip_prefix('"')
                && let Some(end) = literal.find('"')
            {
                keys.push(literal[..end].to_owned());
            }
        }
    }
    keys
}

#[test]
fn the_key_finder_reads_both_macros() {
    let source = r#"t!("a-b"); tr!(lang, "c", count = 1); tr!(self.language(), "d"); dont!("x")"#;
    assert_eq!(keys_asked_for(source), ["a-b", "c", "d"]);
}

#[test]
fn days_read_as_each_language_writes_them() {
    let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    assert_eq!(
        language("vi").date(saturday, DateStyle::Day),
        "Thứ Bảy, 28/11"
    );
    assert_eq!(language("en").date(saturday, DateStyle::Day), "Sat 28 Nov");
    assert_eq!(language("vi").date(saturday, DateStyle::Full), "28/11/2026");
    assert_eq!(
        language("en").date(saturday, DateStyle::Full),
        "28 Nov 2026"
    );
    let fifth = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    assert_eq!(language("vi").date(fifth, DateStyle::Day), "Thứ Năm, 05/03");
    assert_eq!(
        language("en").date(fifth, DateStyle::Long),
        "Thursday 5 March 2026"
    );
    assert_eq!(
        language("en").iso_date("not a date", DateStyle::Day),
        "not a date"
    );
}

#[test]
fn money_is_grouped_as_each_language_groups_it() {
    assert_eq!(language("vi").money(180_000, "VND"), "180.000 ₫");
    assert_eq!(language("en").money(1_250_000, "VND"), "1,250,000 ₫");
    assert_eq!(language("en").money(500, "USD"), "500 USD");
    assert_eq!(language("vi").money(-90_000, "VND"), "-90.000 ₫");
}

#[test]
fn durations_and_plurals_follow_the_language() {
    assert_eq!(language("en").duration(128), "2h 08m");
    assert_eq!(language("en").duration(45), "45m");
    assert_eq!(language("vi").duration(128), "2 giờ 08 phút");
    assert_eq!(tr!(language("en"), "seat-count", count = 1), "1 seat");
    assert_eq!(tr!(language("en"), "seat-count", count = 3), "3 seats");
    assert_eq!(tr!(language("vi"), "seat-count", count = 3), "3 ghế");
}

#[test]
fn the_accept_language_header_is_read_by_its_weights() {
    assert_eq!(
        Language::negotiate("vi-VN,vi;q=0.9,en;q=0.8"),
        Some(language("vi"))
    );
    assert_eq!(
        Language::negotiate("fr;q=1, en-GB;q=0.5, vi;q=0.7"),
        Some(language("vi"))
    );
    assert_eq!(Language::negotiate("en-US,en;q=0.9"), Some(language("en")));
    assert_eq!(Language::negotiate("de, fr"), None);
    assert_eq!(
        Language::negotiate("vi;q=0, en;q=0.1"),
        Some(language("en"))
    );
    assert_eq!(Language::negotiate(""), None);
    assert_eq!(Language::from_code("VI"), Some(language("vi")));
    assert_eq!(Language::from_code("xx"), None);
    assert_eq!(language("vi").own_name(), "Tiếng Việt");
}

#[test]
fn a_missing_key_shows_as_itself() {
    assert_eq!(language("vi").text("no-such-message"), "no-such-message");
}

#[test]
fn a_notice_is_said_in_each_language_with_its_money_and_variants() {
    let params: crate::NoticeParams = serde_json::from_value(serde_json::json!({
        "code": "ABCD2345", "seats": "G3, G4", "by_cinema": true, "paid": true,
    }))
    .unwrap();
    let english = language("en")
        .notice("booking_cancelled", &params, "VND")
        .unwrap();
    assert_eq!(
        english.subject,
        "Your showtime is cancelled: booking ABCD2345"
    );
    assert_eq!(
        english.message,
        "We are sorry: the cinema has cancelled the showtime of booking ABCD2345 (seats G3, G4). Your payment is being refunded in full."
    );
    let refund: crate::NoticeParams =
        serde_json::from_value(serde_json::json!({ "refund": 90000, "method": "card" })).unwrap();
    let vietnamese = language("vi")
        .notice("payment_refunded", &refund, "VND")
        .unwrap();
    assert_eq!(
        vietnamese.message,
        "Chúng tôi đã hoàn 90.000 ₫ về thẻ của bạn."
    );
    assert_eq!(language("vi").notice("no_such_kind", &refund, "VND"), None);
}
