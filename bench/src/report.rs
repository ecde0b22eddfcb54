//! The results: a table on stdout (each row beside its baseline), and the files of the run in
//! `BENCH_OUT_DIR`: `<timestamp>.json` (everything) and `<timestamp>-seat-map.svg` (the curve).

use std::{
    fmt::Write,
    fs,
    path::{Path, PathBuf},
};

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use crate::{
    baselines::Baselines,
    bundle::{FIRST_PAGE_TARGET_GZIP_BYTES, PageWasm},
    chart,
    config::Scale,
    invariants::Invariants,
    machine::Machine,
    memory::{self, Memory},
    scenarios::{Baseline, CurvePoint, Row},
};

/// Everything one run found.
pub struct Report<'a> {
    pub scale: Scale,
    pub started_at: DateTime<Utc>,
    pub machine: &'a Machine,
    pub baselines: &'a Baselines,
    /// The WASM each measured page names, or why it could not be measured.
    pub page_wasm: &'a Result<Vec<PageWasm>, String>,
    pub rows: &'a [Row],
    /// Scenarios that could not run, with why.
    pub failures: &'a [(String, String)],
    pub invariants: &'a Result<Invariants, String>,
    pub curve: &'a [CurvePoint],
    pub memory: &'a Memory,
}

/// A row's throughput as a share of its baseline's.
pub fn ratio(row: &Row, baselines: &Baselines) -> Option<f64> {
    let baseline = row.baseline?.value(baselines)?;
    (baseline > 0.0).then(|| row.summary.throughput / baseline)
}

/// A purchase row's throughput as a share of the purchase's SQL alone (its ceiling here).
pub fn share_of_purchase_sql(row: &Row, baselines: &Baselines) -> Option<f64> {
    let ceiling = baselines.pgbench_purchase_sql_tps?;
    (row.baseline == Some(Baseline::PgbenchTpcb) && ceiling > 0.0)
        .then(|| row.summary.throughput / ceiling)
}

fn kilobytes(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The WASM lines of the table: each page's bytes, and the first page's against its target.
fn page_wasm_lines(out: &mut String, page_wasm: &Result<Vec<PageWasm>, String>) {
    let pages = match page_wasm {
        Ok(pages) => pages,
        Err(error) => {
            let _ = writeln!(out, "\nWASM a page needs: could not be measured: {error}");
            return;
        }
    };
    let _ = writeln!(
        out,
        "\nWASM a page needs (gzip, brotli, uncompressed; files):"
    );
    for page in pages {
        let _ = writeln!(
            out,
            "  {:<10} {:>10} {:>10} {:>11}; {}",
            page.page,
            kilobytes(page.gzip_bytes),
            kilobytes(page.brotli_bytes),
            kilobytes(page.raw_bytes),
            page.files
        );
    }
    if let Some(first) = pages.first() {
        let met = first.gzip_bytes <= FIRST_PAGE_TARGET_GZIP_BYTES;
        let _ = writeln!(
            out,
            "  first page ({}) {} gzip, target at most {}: {}",
            first.page,
            kilobytes(first.gzip_bytes),
            kilobytes(FIRST_PAGE_TARGET_GZIP_BYTES),
            if met { "met" } else { "NOT met" }
        );
    }
}

fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |value| format!("{value:.1}"))
}

pub fn table(report: &Report) -> String {
    let mut out = String::new();
    let baselines = report.baselines;
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "Baselines: pgbench TPC-B {} tps, pgbench select-only {} tps, Redis SETNX {} /s",
        figure(baselines.pgbench_tpcb_tps),
        figure(baselines.pgbench_select_tps),
        figure(baselines.redis_setnx_per_s)
    );
    let purchase_share = match (
        baselines.pgbench_purchase_sql_tps,
        baselines.pgbench_tpcb_tps,
    ) {
        (Some(purchases), Some(tpcb)) if tpcb > 0.0 => format!(" = {:.3}x TPC-B", purchases / tpcb),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "A purchase's SQL alone (pgbench, no services): {} tps{purchase_share}, the most `bookings` can reach",
        figure(baselines.pgbench_purchase_sql_tps)
    );
    let _ = writeln!(
        out,
        "\n{:<20} {:>12} {:>9} {:>9} {:>9} {:>7}  vs baseline",
        "scenario", "throughput", "p50 ms", "p95 ms", "p99 ms", "errors"
    );
    for row in report.rows {
        let summary = &row.summary;
        let versus = match (ratio(row, baselines), row.baseline) {
            (Some(ratio), Some(baseline)) => format!("{ratio:.3}x {}", baseline.name()),
            (None, Some(baseline)) => format!("n/a ({} missing)", baseline.name()),
            _ => "-".to_owned(),
        };
        let versus = match share_of_purchase_sql(row, baselines) {
            Some(share) => format!("{versus}, {share:.3}x its SQL alone"),
            None => versus,
        };
        let _ = writeln!(
            out,
            "{:<20} {:>10.1}/s {:>9.2} {:>9.2} {:>9.2} {:>7}  {versus}",
            row.name,
            summary.throughput,
            summary.p50_ms,
            summary.p95_ms,
            summary.p99_ms,
            summary.errors
        );
    }
    for (scenario, error) in report.failures {
        let _ = writeln!(out, "{scenario:<20} FAILED: {error}");
    }
    page_wasm_lines(&mut out, report.page_wasm);
    memory::table_lines(&mut out, report.memory);
    if !report.curve.is_empty() {
        let _ = writeln!(out, "\nSeat map curve (connections: throughput, p50, p99):");
        for point in report.curve {
            let _ = writeln!(
                out,
                "  {:>3}: {:>9.1}/s {:>8.2} ms {:>8.2} ms",
                point.connections, point.throughput, point.p50_ms, point.p99_ms
            );
        }
    }
    match report.invariants {
        Ok(invariants) => {
            let _ = writeln!(
                out,
                "\nInvariants: double_bookings {}, lost_events {} (unconfirmed paid {}, unpublished outbox {} + {}), missing confirmation notices {}{} (settled after {:.1} s)",
                invariants.double_bookings,
                invariants.lost_events,
                invariants.unconfirmed_paid_bookings,
                invariants.unpublished_booking_events,
                invariants.unpublished_payment_events,
                invariants.missing_confirmation_notices,
                invariants
                    .holds_not_released
                    .map(|left| format!(", holds not released {left}"))
                    .unwrap_or_default(),
                invariants.settle_wait_s
            );
            let violations = invariants.violations();
            if violations.is_empty() {
                let _ = writeln!(out, "All invariants hold.");
            }
            for violation in violations {
                let _ = writeln!(out, "VIOLATED: {violation}");
            }
        }
        Err(error) => {
            let _ = writeln!(out, "\nInvariants could not be read: {error}");
        }
    }
    out
}

fn scenario_json(row: &Row, baselines: &Baselines) -> Value {
    let summary = &row.summary;
    let mut entry = Map::new();
    entry.insert("throughput".into(), json!(summary.throughput));
    entry.insert("p50_ms".into(), json!(summary.p50_ms));
    entry.insert("p95_ms".into(), json!(summary.p95_ms));
    entry.insert("p99_ms".into(), json!(summary.p99_ms));
    entry.insert("errors".into(), json!(summary.errors));
    entry.insert("samples".into(), json!(summary.samples));
    entry.insert("duration_s".into(), json!(summary.duration_s));
    if let Some(baseline) = row.baseline {
        entry.insert("baseline".into(), json!(baseline.name()));
        entry.insert("ratio_to_baseline".into(), json!(ratio(row, baselines)));
    }
    if let Some(share) = share_of_purchase_sql(row, baselines) {
        entry.insert("ratio_to_purchase_sql".into(), json!(share));
    }
    for (key, value) in &row.extra {
        entry.insert(key.clone(), value.clone());
    }
    Value::Object(entry)
}

pub fn to_json(report: &Report) -> anyhow::Result<Value> {
    let mut scenarios = Map::new();
    for row in report.rows {
        scenarios.insert(row.name.clone(), scenario_json(row, report.baselines));
    }
    for (scenario, error) in report.failures {
        scenarios.insert(scenario.clone(), json!({ "error": error }));
    }
    let invariants = match report.invariants {
        Ok(invariants) => serde_json::to_value(invariants)?,
        Err(error) => json!({ "error": error }),
    };
    let page_wasm = match report.page_wasm {
        Ok(pages) => json!({
            "first_page_target_gzip_bytes": FIRST_PAGE_TARGET_GZIP_BYTES,
            "pages": serde_json::to_value(pages)?,
        }),
        Err(error) => json!({ "error": error }),
    };
    Ok(json!({
        "scale": report.scale.as_str(),
        "started_at": report.started_at.to_rfc3339(),
        "machine": serde_json::to_value(report.machine)?,
        "baselines": serde_json::to_value(report.baselines)?,
        "scenarios": scenarios,
        "invariants": invariants,
        "seat_map_curve": serde_json::to_value(report.curve)?,
        "page_wasm": page_wasm,
        "memory": serde_json::to_value(report.memory)?,
    }))
}

/// The run's files' common name: its start in UTC, e.g. `20261127T193000Z`.
pub fn file_stem(started_at: DateTime<Utc>) -> String {
    started_at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Writes the JSON (and the chart, when there is a curve); answers their paths.
pub fn write_files(out_dir: &Path, report: &Report) -> anyhow::Result<Vec<PathBuf>> {
    fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let stem = file_stem(report.started_at);
    let json_path = out_dir.join(format!("{stem}.json"));
    let text = serde_json::to_string_pretty(&to_json(report)?)?;
    fs::write(&json_path, text + "\n")
        .with_context(|| format!("writing {}", json_path.display()))?;
    let mut written = vec![json_path];
    if let Some(svg) = chart::seat_map_svg(report.curve) {
        let svg_path = out_dir.join(format!("{stem}-seat-map.svg"));
        fs::write(&svg_path, svg).with_context(|| format!("writing {}", svg_path.display()))?;
        written.push(svg_path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Summary;

    fn row(name: &str, throughput: f64, baseline: Option<Baseline>) -> Row {
        let summary = Summary {
            throughput,
            p50_ms: 1.0,
            p95_ms: 2.0,
            p99_ms: 3.0,
            errors: 0,
            samples: 100,
            duration_s: 10.0,
        };
        Row::new(name, summary, baseline).with("connections", 32)
    }

    #[test]
    fn the_json_has_exactly_the_agreed_top_level_keys_and_ratios() {
        let baselines = Baselines {
            pgbench_tpcb_tps: Some(1000.0),
            pgbench_select_tps: Some(20000.0),
            pgbench_purchase_sql_tps: Some(400.0),
            redis_setnx_per_s: None,
        };
        let rows = [
            row("seat_map", 5000.0, Some(Baseline::PgbenchSelect)),
            row("contention", 800.0, Some(Baseline::RedisSetnx)),
            row("bookings", 50.0, Some(Baseline::PgbenchTpcb)),
        ];
        let machine = Machine::describe();
        let invariants = Ok(Invariants::default());
        let memory = Memory {
            at_rest: [
                ("bff".to_owned(), Some(26_000_000)),
                ("movie".to_owned(), Some(17_400_000)),
            ]
            .into(),
            after_run: [("movie".to_owned(), Some(27_000_000))].into(),
            under_load: vec![memory::UnderLoad {
                row: "seat_map".into(),
                process: "movie".into(),
                first_bytes: 26_000_000,
                last_bytes: 26_500_000,
                peak_bytes: 27_000_000,
                samples: 18,
            }],
        };
        let page_wasm = Ok(vec![PageWasm {
            page: "home".into(),
            path: "/".into(),
            files: 20,
            gzip_bytes: 353_100,
            brotli_bytes: 299_000,
            raw_bytes: 900_000,
        }]);
        let report = Report {
            scale: Scale::Quick,
            started_at: Utc::now(),
            machine: &machine,
            baselines: &baselines,
            page_wasm: &page_wasm,
            rows: &rows,
            failures: &[],
            invariants: &invariants,
            curve: &[],
            memory: &memory,
        };
        let json = to_json(&report).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "baselines",
                "invariants",
                "machine",
                "memory",
                "page_wasm",
                "scale",
                "scenarios",
                "seat_map_curve",
                "started_at"
            ]
        );
        assert_eq!(
            json["scenarios"]["seat_map"]["ratio_to_baseline"],
            json!(0.25)
        );
        assert_eq!(json["scenarios"]["seat_map"]["connections"], json!(32));
        assert_eq!(
            json["scenarios"]["contention"]["ratio_to_baseline"],
            Value::Null
        );
        assert_eq!(json["invariants"]["double_bookings"], json!(0));
        let table = table(&report);
        assert!(table.contains("0.250x pgbench_select_tps"), "{table}");
        assert!(table.contains("alone (pgbench, no services): 400.0 tps = 0.400x TPC-B"));
        assert!(
            table.contains("  movie            17.4 MB    27.0 MB"),
            "{table}"
        );
        assert!(table.contains("target at most 25.0 MB each: NOT met (bff 26.0 MB)"));
        assert!(table.contains("movie under seat_map: 26.0 MB first, 26.5 MB last, 27.0 MB peak"));
        assert_eq!(json["memory"]["at_rest"]["movie"], json!(17_400_000));
        assert_eq!(
            json["memory"]["under_load"][0]["peak_bytes"],
            json!(27_000_000)
        );
        assert_eq!(json["baselines"]["pgbench_purchase_sql_tps"], json!(400.0));
        assert!(
            table.contains("0.050x pgbench_tpcb_tps, 0.125x its SQL alone"),
            "{table}"
        );
        assert_eq!(
            json["scenarios"]["bookings"]["ratio_to_purchase_sql"],
            json!(0.125)
        );
        let reads = &json["scenarios"]["seat_map"];
        assert_eq!(reads.get("ratio_to_purchase_sql"), None);
        assert!(table.contains("n/a (redis_setnx_per_s missing)"), "{table}");
        assert!(
            table.contains("first page (home) 353.1 KB gzip, target at most 300.0 KB: NOT met"),
            "{table}"
        );
        assert_eq!(json["page_wasm"]["pages"][0]["gzip_bytes"], json!(353_100));
    }

    #[test]
    fn files_are_named_by_the_runs_start_in_utc() {
        let at = DateTime::parse_from_rfc3339("2026-11-27T19:30:05Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(file_stem(at), "20261127T193005Z");
    }
}
