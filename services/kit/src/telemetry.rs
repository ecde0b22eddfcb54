//! Structured logs: one JSON object a line (or human-readable with `LOG_FORMAT=pretty`), level
//! from `RUST_LOG`, and the request span's fields (correlation id, method, route) on every line.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let pretty = std::env::var("LOG_FORMAT").is_ok_and(|format| format == "pretty");
    let registry = tracing_subscriber::registry().with(filter);
    let result = if pretty {
        registry.with(fmt::layer()).try_init()
    } else {
        registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init()
    };
    // A second call (tests build several apps in one process) keeps the first subscriber.
    let _ = result;
}
