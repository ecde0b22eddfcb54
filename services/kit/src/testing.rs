//! Helpers for services' own integration tests.

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::PgPool;
use tower::ServiceExt;

use crate::{cli::ServiceSpec, config::ServiceConfig};

/// The service's whole application over `pool`, configured from the environment.
pub fn app(spec: &ServiceSpec, pool: PgPool) -> Router {
    let config = ServiceConfig::from_env(spec.name, 0).expect("test configuration is valid");
    crate::cli::app(spec, config, pool).expect("the application builds")
}

/// A response read whole: status, headers and JSON body (`Null` when empty).
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

/// Sends `request` and reads the answer.
pub async fn send(app: &Router, request: Request<Body>) -> TestResponse {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("routers are infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a readable body")
        .to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
    };
    TestResponse {
        status,
        headers,
        body,
    }
}

/// Builds a request with an optional bearer token and JSON body.
pub fn json_request(
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    }
    .expect("a valid request")
}

/// Sends a GET and returns the status and JSON body.
pub async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let response = send(app, json_request(Method::GET, uri, None, None)).await;
    (response.status, response.body)
}

/// Checks that `/health` answers 200 and reports exactly `expected` dependencies as connected,
/// against the real servers named by the environment.
pub async fn assert_healthy_with(spec: &ServiceSpec, pool: PgPool, expected: &[&str]) {
    let app = app(spec, pool);
    let (status, body) = get_json(&app, "/health").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "healthy");
    assert_eq!(body["service"], format!("{}-service", spec.name));
    let reported: Vec<&str> = body["dependencies"]
        .as_object()
        .expect("dependencies is an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(reported, expected);
    assert!(
        body["dependencies"]
            .as_object()
            .unwrap()
            .values()
            .all(|state| state == "connected"),
        "{body}"
    );
}
