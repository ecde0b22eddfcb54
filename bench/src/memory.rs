//! Each process's resident memory, as it reports it on its own `/metrics`
//! (`process_resident_memory_bytes`): every service and the BFF at rest before the run and once
//! it is over, and the process a seat-map row loads, sampled while the load runs (issue #16: at
//! most 25 MB idle per service; flat under the seat-map load).

use std::{collections::BTreeMap, future::Future, sync::Mutex, time::Duration};

use serde::Serialize;

use crate::{api::Api, config::Urls};

/// Issue #16's "idle memory ≤ 25 MB per service", read as 25,000,000 bytes.
pub const AT_REST_TARGET_BYTES: u64 = 25_000_000;
/// The growth over a load that still reads as flat: a leak of 10 bytes a request shows as 3 MB
/// over ten seconds of the seat map's 30,000 requests a second.
pub const FLAT_TOLERANCE_BYTES: u64 = 2_000_000;
/// The first sample waits this long into the load: connections opening and their buffers are
/// the load's start, not a trend.
const WARM_UP: Duration = Duration::from_secs(1);
const SAMPLE_EVERY: Duration = Duration::from_millis(500);

/// Every process with a `/metrics`, by the name the table prints.
pub fn processes(urls: &Urls) -> [(&'static str, &str); 6] {
    [
        ("auth", urls.auth.as_str()),
        ("movie", urls.movie.as_str()),
        ("booking", urls.booking.as_str()),
        ("payment", urls.payment.as_str()),
        ("notification", urls.notification.as_str()),
        ("bff", urls.bff.as_str()),
    ]
}

/// The resident bytes in a Prometheus text exposition (the process collector's gauge, whatever
/// its labels). The services' tests read samples with `service_kit::testing::sample`; the bench
/// does not link the services' kit (its server, broker and telemetry crates) for these lines.
pub fn resident_bytes_in(exposition: &str) -> Option<u64> {
    exposition.lines().find_map(|line| {
        let (series, value) = line.rsplit_once(' ')?;
        let labels = series.strip_prefix("process_resident_memory_bytes")?;
        // The gauge itself, not a longer name that begins with it.
        if !(labels.is_empty() || labels.starts_with('{')) {
            return None;
        }
        // The gauge is a float in the text format (`2.5e7` as well as `25000000`).
        value.parse::<f64>().ok().map(|bytes| bytes as u64)
    })
}

/// The process at `base_url`'s resident bytes now; `None` when it did not say.
pub async fn resident_bytes(api: &Api, base_url: &str) -> Option<u64> {
    let response = api
        .http()
        .get(format!("{base_url}/metrics"))
        .send()
        .await
        .ok()?;
    resident_bytes_in(&response.text().await.ok()?)
}

/// Every process's resident bytes now, by name (`None` for one that did not say).
pub async fn at_once(api: &Api) -> BTreeMap<String, Option<u64>> {
    let mut readings = BTreeMap::new();
    for (name, url) in processes(&api.urls) {
        readings.insert(name.to_owned(), resident_bytes(api, url).await);
    }
    readings
}

/// One process's memory through a load: the first and last samples, the highest, how many.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnderLoad {
    /// The row whose load it was.
    pub row: String,
    pub process: String,
    pub first_bytes: u64,
    pub last_bytes: u64,
    pub peak_bytes: u64,
    pub samples: usize,
}

impl UnderLoad {
    fn from_samples(row: &str, process: &str, samples: &[u64]) -> Option<Self> {
        Some(Self {
            row: row.to_owned(),
            process: process.to_owned(),
            first_bytes: *samples.first()?,
            last_bytes: *samples.last()?,
            peak_bytes: *samples.iter().max()?,
            samples: samples.len(),
        })
    }

    /// Whether the memory stayed flat: the last sample and the highest within the tolerance of
    /// the first (growth that goes on through the load is what a leak looks like).
    pub fn flat(&self) -> bool {
        self.peak_bytes.max(self.last_bytes) <= self.first_bytes + FLAT_TOLERANCE_BYTES
    }
}

/// Runs `load`, sampling the resident bytes of the process at `base_url` every half second
/// from a second in until it ends.
pub async fn sampled_during<F: Future>(
    api: &Api,
    (row, process, base_url): (&str, &str, &str),
    load: F,
) -> (F::Output, Option<UnderLoad>) {
    let samples = Mutex::new(Vec::new());
    let sampling = async {
        tokio::time::sleep(WARM_UP).await;
        loop {
            if let Some(bytes) = resident_bytes(api, base_url).await {
                samples.lock().expect("never poisoned").push(bytes);
            }
            tokio::time::sleep(SAMPLE_EVERY).await;
        }
    };
    let output = tokio::select! {
        output = load => output,
        never = sampling => never,
    };
    let samples = samples.into_inner().expect("never poisoned");
    (output, UnderLoad::from_samples(row, process, &samples))
}

/// What the run found of memory.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Memory {
    /// Before the run's first request.
    pub at_rest: BTreeMap<String, Option<u64>>,
    /// Once every scenario is over and its events have landed.
    pub after_run: BTreeMap<String, Option<u64>>,
    pub under_load: Vec<UnderLoad>,
}

impl Memory {
    /// The processes above the target at rest, or that did not say.
    pub fn above_target_at_rest(&self) -> Vec<(&str, Option<u64>)> {
        self.at_rest
            .iter()
            .filter(|(_, bytes)| bytes.is_none_or(|bytes| bytes > AT_REST_TARGET_BYTES))
            .map(|(name, bytes)| (name.as_str(), *bytes))
            .collect()
    }
}

fn megabytes(bytes: Option<u64>) -> String {
    bytes.map_or_else(
        || "n/a".to_owned(),
        |bytes| format!("{:.1} MB", bytes as f64 / 1e6),
    )
}

/// The table's lines about memory: each process at rest and after the run, the target at rest,
/// and each sampled load.
pub fn table_lines(out: &mut String, memory: &Memory) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "\nMemory (resident, from each process's /metrics): at rest, after the run"
    );
    for (name, at_rest) in &memory.at_rest {
        let after = memory.after_run.get(name).copied().flatten();
        let _ = writeln!(
            out,
            "  {name:<13} {:>10} {:>10}",
            megabytes(*at_rest),
            megabytes(after)
        );
    }
    let above = memory.above_target_at_rest();
    let verdict = if above.is_empty() {
        "met".to_owned()
    } else {
        let named: Vec<String> = above
            .iter()
            .map(|(name, bytes)| format!("{name} {}", megabytes(*bytes)))
            .collect();
        format!("NOT met ({})", named.join(", "))
    };
    let _ = writeln!(
        out,
        "  at rest, target at most {} each: {verdict}",
        megabytes(Some(AT_REST_TARGET_BYTES))
    );
    for load in &memory.under_load {
        let _ = writeln!(
            out,
            "  {} under {}: {} first, {} last, {} peak, {} samples: {}",
            load.process,
            load.row,
            megabytes(Some(load.first_bytes)),
            megabytes(Some(load.last_bytes)),
            megabytes(Some(load.peak_bytes)),
            load.samples,
            if load.flat() { "flat" } else { "NOT flat" }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_bytes_are_read_from_the_process_collectors_gauge_whatever_its_labels() {
        let exposition = "# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes{service=\"movie-service\"} 27148288
process_virtual_memory_bytes{service=\"movie-service\"} 1.2e9";
        assert_eq!(resident_bytes_in(exposition), Some(27_148_288));
        assert_eq!(
            resident_bytes_in("process_resident_memory_bytes 2.5e7"),
            Some(25_000_000)
        );
        assert_eq!(resident_bytes_in("http_requests_total 3"), None);
        let longer_name = "process_resident_memory_bytes_max 9e9\nprocess_resident_memory_bytes 5";
        assert_eq!(resident_bytes_in(longer_name), Some(5));
    }

    #[test]
    fn memory_that_keeps_growing_through_the_load_is_not_flat() {
        let mb = 1_000_000;
        let steady = UnderLoad::from_samples("seat_map", "movie", &[26 * mb, 27 * mb, 26 * mb]);
        assert!(steady.unwrap().flat());
        let leaking = UnderLoad::from_samples("seat_map", "movie", &[26 * mb, 28 * mb, 30 * mb]);
        assert!(!leaking.unwrap().flat());
        let spiking = UnderLoad::from_samples("seat_map", "movie", &[26 * mb, 40 * mb, 26 * mb]);
        assert!(!spiking.unwrap().flat());
        assert_eq!(UnderLoad::from_samples("seat_map", "movie", &[]), None);
    }

    #[test]
    fn a_process_that_did_not_say_counts_as_above_the_target() {
        let memory = Memory {
            at_rest: [
                ("auth".to_owned(), Some(13_700_000)),
                ("bff".to_owned(), Some(25_000_001)),
                ("movie".to_owned(), None),
            ]
            .into(),
            ..Memory::default()
        };
        assert_eq!(
            memory.above_target_at_rest(),
            [("bff", Some(25_000_001)), ("movie", None)]
        );
    }
}
