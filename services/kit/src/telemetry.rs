//! Structured logs: one JSON object a line (or human-readable with `LOG_FORMAT=pretty`), level
//! from `RUST_LOG`, and the request span's fields (correlation id, method, route) on every line.
//!
//! Traces, when `OTEL_EXPORTER_OTLP_ENDPOINT` names an OpenTelemetry collector: every request
//! span (with its correlation id) is exported over OTLP/HTTP (`OTEL_EXPORTER_OTLP_PROTOCOL`
//! `http/protobuf`, the default, or `http/json`), continuing the caller's trace from its
//! `traceparent`, and every call to another service carries the trace on (W3C trace context), so
//! one booking is one trace across the BFF and the services. Without the variable nothing is
//! exported and the propagation is a no-op.

use std::sync::OnceLock;

use opentelemetry::{global, propagation::TextMapCompositePropagator, trace::TracerProvider as _};
use opentelemetry_http::{HeaderExtractor, HeaderInjector};
use opentelemetry_otlp::{Protocol, SpanExporter, WithExportConfig};
use opentelemetry_sdk::{Resource, propagation::TraceContextPropagator, trace::SdkTracerProvider};
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// The exporter's provider, when traces are exported: flushed and shut down at exit.
static TRACES: OnceLock<SdkTracerProvider> = OnceLock::new();

/// Logs (and traces, when asked for) of `service` (`movie-service`, `bff`, ...).
pub fn init(service: &str, default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let pretty = std::env::var("LOG_FORMAT").is_ok_and(|format| format == "pretty");
    let traces = trace_exporter(service).map(|provider| {
        let tracer = provider.tracer("marquee");
        let _ = TRACES.set(provider);
        tracing_opentelemetry::layer().with_tracer(tracer)
    });
    let registry = tracing_subscriber::registry().with(filter).with(traces);
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

/// The OTLP exporter `OTEL_EXPORTER_OTLP_ENDPOINT` asks for (the SDK reads the endpoint, its
/// headers and timeout from the standard variables), installed as the global provider with the
/// W3C trace-context propagator; `None` when it is not asked for or cannot be built.
fn trace_exporter(service: &str) -> Option<SdkTracerProvider> {
    crate::config::var("OTEL_EXPORTER_OTLP_ENDPOINT")?;
    let protocol = match crate::config::var("OTEL_EXPORTER_OTLP_PROTOCOL").as_deref() {
        Some("http/json") => Protocol::HttpJson,
        _ => Protocol::HttpBinary,
    };
    let exporter = match SpanExporter::builder()
        .with_http()
        .with_protocol(protocol)
        .build()
    {
        Ok(exporter) => exporter,
        Err(error) => {
            eprintln!("traces not exported: {error}");
            return None;
        }
    };
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(
            Resource::builder()
                .with_service_name(service.to_owned())
                .build(),
        )
        .build();
    global::set_text_map_propagator(TextMapCompositePropagator::new(vec![Box::new(
        TraceContextPropagator::new(),
    )]));
    global::set_tracer_provider(provider.clone());
    Some(provider)
}

/// Sends the spans still buffered (tests, and before a process exits).
pub fn flush() {
    if let Some(provider) = TRACES.get() {
        let _ = provider.force_flush();
    }
}

/// Flushes and stops the exporter: the last spans are not lost when a process stops.
pub fn shutdown() {
    if let Some(provider) = TRACES.get() {
        let _ = provider.shutdown();
    }
}

/// Makes `span` continue the trace the caller's `traceparent` header names, if any.
pub fn continue_trace(span: &tracing::Span, headers: &http::HeaderMap) {
    if TRACES.get().is_none() {
        return;
    }
    let parent =
        global::get_text_map_propagator(|propagator| propagator.extract(&HeaderExtractor(headers)));
    let _ = span.set_parent(parent);
}

/// The headers (`traceparent`) that carry the current span's trace to a service called now;
/// none when traces are not exported.
pub fn trace_headers() -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    if TRACES.get().is_some() {
        let context = tracing::Span::current().context();
        global::get_text_map_propagator(|propagator| {
            propagator.inject_context(&context, &mut HeaderInjector(&mut headers))
        });
    }
    headers
}
