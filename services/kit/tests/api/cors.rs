//! Pages on other origins calling a service (`CORS_ORIGINS`), and what a service says at `/`.

use crate::support::{app, app_with, config, get_request, send, text_body};
use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode},
};

fn app_allowing(origins: &str) -> Router {
    let mut config = config();
    config.cors_origins = origins.parse().unwrap();
    app_with(config, vec![])
}

fn preflight(origin: &str) -> Request<Body> {
    Request::options("/items/4b0c2a5e-3f0d-4d7e-9a52-0c3b0d1f2a11")
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn any_origin_may_call_when_cors_origins_is_a_star() {
    let app = app_allowing("*");
    let response = send(&app, preflight("https://elsewhere.example")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let allowed = response.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(allowed.contains("authorization"), "{allowed}");

    let request = Request::get("/items/4b0c2a5e-3f0d-4d7e-9a52-0c3b0d1f2a11")
        .header("Origin", "https://elsewhere.example")
        .body(Body::empty())
        .unwrap();
    let response = send(&app, request).await;
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(exposed.contains("x-correlation-id"), "{exposed}");
}

#[tokio::test]
async fn only_listed_origins_may_call_when_cors_origins_lists_them() {
    let app = app_allowing("https://tickets.example.com");
    let listed = send(&app, preflight("https://tickets.example.com")).await;
    assert_eq!(
        listed.headers()["access-control-allow-origin"],
        "https://tickets.example.com"
    );
    let other = send(&app, preflight("https://evil.example")).await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn no_other_origin_may_call_when_none_is_allowed() {
    let app = app_allowing("");
    let response = send(&app, preflight("https://elsewhere.example")).await;
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

#[tokio::test]
async fn the_root_names_the_service_and_its_version() {
    let response = send(&app(vec![]), get_request("/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = serde_json::from_str(&text_body(response).await).unwrap();
    assert_eq!(body["service"], "kit-service");
    assert_eq!(body["status"], "running");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}
