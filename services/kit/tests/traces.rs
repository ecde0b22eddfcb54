//! Traces over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: a request continues its caller's
//! trace, its span (with the correlation id) reaches the collector, and a call it makes to
//! another service carries the trace on. A test binary of its own: the tracing subscriber is
//! global to a process, and these tests install the exporting one.

// The test sets the exporter's variables before anything reads them.
#![allow(unsafe_code)]

use std::sync::{Arc, Mutex};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::State,
    http::{HeaderMap, Request, StatusCode},
    routing::{get, post},
};
use service_kit::{ServiceConfig, ServiceContext, http_client, telemetry};
use tower::ServiceExt;

/// What a stand-in collector and a stand-in downstream service were sent.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

async fn collector(seen: Seen) -> String {
    let record = |State(seen): State<Seen>, body: Bytes| async move {
        seen.0
            .lock()
            .unwrap()
            .push(String::from_utf8_lossy(&body).into_owned());
        StatusCode::OK
    };
    serve(
        Router::new()
            .route("/v1/traces", post(record))
            .with_state(seen),
    )
    .await
}

async fn downstream(seen: Seen) -> String {
    let record = |State(seen): State<Seen>, headers: HeaderMap| async move {
        let traceparent = headers
            .get("traceparent")
            .and_then(|value| value.to_str().ok());
        seen.0
            .lock()
            .unwrap()
            .push(traceparent.unwrap_or_default().to_owned());
        "ok"
    };
    serve(Router::new().route("/seats", get(record)).with_state(seen)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_continues_its_callers_trace_and_carries_it_to_the_services_it_calls() {
    let spans = Seen::default();
    let calls = Seen::default();
    let collector = collector(spans.clone()).await;
    let downstream = downstream(calls.clone()).await;
    // SAFETY: set before the exporter (which reads them) is built, by this binary's only test.
    unsafe {
        std::env::set_var("OTEL_EXPORTER_OTLP_ENDPOINT", &collector);
        std::env::set_var("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    }
    telemetry::init("kit-service", "info");

    let client = http_client::build(std::time::Duration::from_secs(5));
    let calls_downstream = move || async move {
        let request = client.get(format!("{downstream}/seats"));
        http_client::with_correlation(request, None)
            .send()
            .await
            .unwrap();
        "called"
    };
    let config = ServiceConfig::from_env("kit", 0).unwrap();
    let app = service_kit::with_standard_layers(
        Router::new().route("/book", get(calls_downstream)),
        &ServiceContext::new(config, vec![]),
    );
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let request = Request::get("/book")
        .header("traceparent", format!("00-{trace_id}-00f067aa0ba902b7-01"))
        .header("X-Correlation-ID", "trace-test-42")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // The request's span ends with its answer's body.
    drop(response);

    let carried = calls.all();
    assert_eq!(carried.len(), 1);
    assert!(
        carried[0].starts_with(&format!("00-{trace_id}-")),
        "the call carries the trace on: {carried:?}"
    );

    tokio::task::spawn_blocking(telemetry::flush).await.unwrap();
    let exported = spans.all().concat();
    assert!(exported.contains("kit-service"), "{exported}");
    assert!(exported.to_lowercase().contains(trace_id), "{exported}");
    assert!(exported.contains("trace-test-42"), "{exported}");
}
