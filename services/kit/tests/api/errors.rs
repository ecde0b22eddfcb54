use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use serde_json::json;

use crate::support::{app, get_request, json_body, send};

fn post_json(uri: &str, content_type: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut builder = Request::post(uri);
    if let Some(content_type) = content_type {
        builder = builder.header(header::CONTENT_TYPE, content_type);
    }
    builder.body(body.into()).unwrap()
}

#[tokio::test]
async fn unknown_routes_are_json_404s() {
    let response = send(&app(vec![]), get_request("/no/such/route")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_body(response).await,
        json!({ "detail": "Not Found", "code": "not_found" })
    );
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let response = send(&app(vec![]), get_request("/echo")).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        json_body(response).await,
        json!({ "detail": "Method Not Allowed", "code": "method_not_allowed" })
    );
}

#[tokio::test]
async fn malformed_json_is_a_400_that_says_so() {
    let request = post_json("/echo", Some("application/json"), "{\"seat\": ");
    let response = send(&app(vec![]), request).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let detail = json_body(response).await["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("parse"), "{detail}");
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_422_naming_the_field() {
    let request = post_json(
        "/echo",
        Some("application/json"),
        r#"{"seat": "A1", "count": "two"}"#,
    );
    let response = send(&app(vec![]), request).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A list naming the field, the same shape as the handlers' own validation errors.
    let detail = json_body(response).await["detail"].clone();
    assert_eq!(
        detail[0]["loc"],
        serde_json::json!(["body", "count"]),
        "{detail}"
    );
    assert!(
        detail[0]["msg"].as_str().unwrap().contains("invalid type"),
        "{detail}"
    );
}

#[tokio::test]
async fn a_wrong_content_type_is_a_415() {
    let request = post_json("/echo", Some("text/plain"), r#"{"seat": "A1", "count": 2}"#);
    let response = send(&app(vec![]), request).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(json_body(response).await["detail"].is_string());

    let response = send(&app(vec![]), post_json("/echo", None, "{}")).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn an_oversized_body_is_a_json_413() {
    let big = format!(r#"{{"seat": "{}", "count": 1}}"#, "A".repeat(4096));
    let request = post_json("/echo", Some("application/json"), big);
    let response = send(&app(vec![]), request).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json_body(response).await["detail"].is_string());
}

#[tokio::test]
async fn good_json_goes_through() {
    let request = post_json(
        "/echo",
        Some("application/json"),
        r#"{"seat": "A1", "count": 2}"#,
    );
    let response = send(&app(vec![]), request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        json_body(response).await,
        json!({ "seat": "A1", "count": 2 })
    );
}

#[tokio::test]
async fn a_malformed_id_in_the_path_is_a_404() {
    let response = send(&app(vec![]), get_request("/items/not-a-uuid")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(json_body(response).await["detail"].is_string());
}

#[tokio::test]
async fn a_handler_that_panics_answers_a_json_500_and_says_nothing_of_why() {
    let app = service_kit::with_standard_layers(
        axum::Router::new().route(
            "/boom",
            axum::routing::get(|| async {
                panic!("secret detail of the bug");
                #[allow(unreachable_code)]
                ""
            }),
        ),
        &service_kit::ServiceContext::new(crate::support::config(), vec![]),
    );
    let response = send(&app, get_request("/boom")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        json_body(response).await,
        json!({ "detail": "Internal server error", "code": "internal" })
    );
}

#[tokio::test]
async fn a_domain_code_and_its_values_go_beside_the_english_detail() {
    let mut params = serde_json::Map::new();
    params.insert("seats".into(), "A1, A2".into());
    let error = service_kit::ApiError::Conflict("Seats resting: A1, A2".into())
        .coded_with("seats_resting", params);
    let response = axum::response::IntoResponse::into_response(error);
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(
        json_body(response).await,
        json!({
            "detail": "Seats resting: A1, A2",
            "code": "seats_resting",
            "params": { "seats": "A1, A2" },
        })
    );
}

#[tokio::test]
async fn a_server_error_keeps_its_general_code_whatever_the_domain_called_it() {
    let error =
        service_kit::ApiError::Internal(anyhow::anyhow!("disk on fire")).coded("seats_taken");
    let response = axum::response::IntoResponse::into_response(error);
    assert_eq!(
        json_body(response).await,
        json!({ "detail": "Internal server error", "code": "internal" })
    );
}
