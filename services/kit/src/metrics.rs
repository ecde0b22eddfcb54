//! Prometheus metrics: `http_requests_total` and `http_request_duration_seconds`, labelled by
//! method, route template (never the raw path, which would explode the series count) and status;
//! and the helpers with which the rest of the kit and each service add families of their own to
//! the service's one registry. Each registry also has the process's own figures
//! (`process_resident_memory_bytes`, `process_cpu_seconds_total`, open files and threads), for
//! the dashboards and for `make bench`, which reads each service's memory from them.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
    core::Collector, process_collector::ProcessCollector,
};

const UNMATCHED_ROUTE: &str = "unmatched";

#[derive(Clone)]
pub struct HttpMetrics {
    registry: Registry,
    requests: IntCounterVec,
    duration: HistogramVec,
}

impl HttpMetrics {
    pub fn new(service: &str) -> Self {
        let registry = Registry::new_custom(
            None,
            Some([("service".to_owned(), service.to_owned())].into()),
        )
        .expect("static registry options are valid");
        let labels = ["method", "route", "status"];
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests served"),
            &labels,
        )
        .expect("static metric options are valid");
        let duration = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to answer an HTTP request",
            )
            .buckets(vec![
                0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &labels,
        )
        .expect("static metric options are valid");
        registry
            .register(Box::new(requests.clone()))
            .expect("registered once");
        registry
            .register(Box::new(duration.clone()))
            .expect("registered once");
        registry
            .register(Box::new(ProcessCollector::for_self()))
            .expect("registered once");
        Self {
            registry,
            requests,
            duration,
        }
    }

    /// The registry, for services that add metrics of their own.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn render(&self) -> String {
        render(&self.registry)
    }
}

/// Registers `metric` in `registry`. A family registered there already (the same metrics made
/// twice for one service) is not an error, so a service never fails to start over its metrics;
/// only the family registered first is served, so each is made once and its handle cloned.
pub fn register<M>(registry: &Registry, metric: &M) -> prometheus::Result<()>
where
    M: Collector + Clone + 'static,
{
    match registry.register(Box::new(metric.clone())) {
        Ok(()) | Err(prometheus::Error::AlreadyReg) => Ok(()),
        Err(error) => Err(error),
    }
}

/// What `registry` holds, in Prometheus' text format (what `GET /metrics` answers).
pub fn render(registry: &Registry) -> String {
    let mut buffer = Vec::new();
    TextEncoder::new()
        .encode(&registry.gather(), &mut buffer)
        .expect("text encoding into memory cannot fail");
    String::from_utf8(buffer).expect("the text format is UTF-8")
}

pub async fn track(State(metrics): State<HttpMetrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED_ROUTE, MatchedPath::as_str)
        .to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [method.as_str(), route.as_str(), status.as_str()];
    metrics.requests.with_label_values(&labels).inc();
    metrics
        .duration
        .with_label_values(&labels)
        .observe(started.elapsed().as_secs_f64());
    response
}

/// Prometheus text: HTTP requests and their durations by route and status, and the service's
/// own figures. On the service's own port only (the gateway answers 404: operators' data).
#[utoipa::path(get, path = "/metrics", tag = "service", responses(
    (status = 200, description = "Prometheus text exposition format", content_type = "text/plain", body = String)))]
pub async fn endpoint(State(metrics): State<HttpMetrics>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics.render(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_services_metrics_tell_how_much_memory_its_process_holds() {
        let rendered = HttpMetrics::new("movie-service").render();
        let resident = rendered
            .lines()
            .find_map(|line| {
                line.strip_prefix("process_resident_memory_bytes{service=\"movie-service\"} ")
            })
            .unwrap_or_else(|| panic!("no resident memory in:\n{rendered}"));
        let bytes: f64 = resident.parse().unwrap();
        assert!(bytes > 1_000_000.0, "{bytes}");
        assert!(rendered.contains("process_cpu_seconds_total{service=\"movie-service\"}"));
    }
}
