use axum::{
    body::Body,
    http::{Request, StatusCode},
};

use crate::support::{app, get_request, send, text_body};

#[tokio::test]
async fn a_correlation_id_is_generated_when_absent() {
    let response = send(&app(vec![]), get_request("/health/live")).await;
    let id = response.headers()["x-correlation-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[tokio::test]
async fn a_callers_correlation_id_is_echoed() {
    let request = Request::get("/health/live")
        .header("X-Correlation-ID", "checkout-42")
        .body(Body::empty())
        .unwrap();
    let response = send(&app(vec![]), request).await;
    assert_eq!(response.headers()["x-correlation-id"], "checkout-42");
}

#[tokio::test]
async fn an_unsafe_correlation_id_is_replaced() {
    let request = Request::get("/health/live")
        .header("X-Correlation-ID", "x\" injected=1")
        .body(Body::empty())
        .unwrap();
    let response = send(&app(vec![]), request).await;
    let id = response.headers()["x-correlation-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status() {
    let app = app(vec![]);
    let id = uuid::Uuid::new_v4();
    send(&app, get_request(&format!("/items/{id}"))).await;
    send(
        &app,
        get_request(&format!("/items/{}", uuid::Uuid::new_v4())),
    )
    .await;
    send(&app, get_request("/nowhere")).await;

    let response = send(&app, get_request("/metrics")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = text_body(response).await;
    let line = text
        .lines()
        .find(|line| {
            line.starts_with("http_requests_total{")
                && line.contains(r#"route="/items/{id}""#)
                && line.contains(r#"status="200""#)
        })
        .unwrap_or_else(|| panic!("no counter for the route in:\n{text}"));
    assert!(line.ends_with(" 2"), "{line}");
    assert!(
        !text.contains(&id.to_string()),
        "raw paths must not become labels"
    );
    assert!(text.contains(r#"route="unmatched""#));
    assert!(text.contains("http_request_duration_seconds_bucket{"));
    assert!(text.contains(r#"service="kit-service""#));
}
