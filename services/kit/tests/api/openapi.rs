//! The OpenAPI document every service serves, and its docs page.

use axum::http::StatusCode;
use serde_json::Value;
use service_kit::{
    ApiResult, Json, Path,
    openapi::{self, ErrorBody},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::support::{app_with, config, get_request, send, text_body};

/// A seat, by id, for its holder only (the token is only described here).
#[utoipa::path(get, path = "/seats/{id}", tag = "seats", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The seat")),
    responses(
        (status = 200, description = "The seat", body = String),
        (status = 409, description = "Someone else holds it", body = ErrorBody)))]
async fn seat(Path(id): Path<uuid::Uuid>) -> ApiResult<Json<String>> {
    Ok(Json(id.to_string()))
}

fn documented_app() -> (axum::Router, utoipa::openapi::OpenApi) {
    let (routes, own) = OpenApiRouter::new().routes(routes!(seat)).split_for_parts();
    let api = openapi::document("kit", "kits", own);
    let app = app_with(config(), vec![]);
    (app.merge(routes.merge(openapi::routes(api.clone()))), api)
}

#[tokio::test]
async fn the_document_describes_the_services_routes_and_the_standard_ones() {
    let (app, _) = documented_app();
    let response = send(&app, get_request("/openapi.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let document: Value = serde_json::from_str(&text_body(response).await).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["servers"][0]["url"], "/api/kits");
    for path in ["/", "/health", "/health/live", "/metrics", "/seats/{id}"] {
        assert!(document["paths"].get(path).is_some(), "{path} is described");
    }
    assert!(document["components"]["schemas"].get("Error").is_some());
}

#[tokio::test]
async fn every_operation_lists_what_the_plumbing_may_answer_beside_its_own() {
    let (_, api) = documented_app();
    let document = serde_json::to_value(&api).unwrap();
    let secured = &document["paths"]["/seats/{id}"]["get"]["responses"];
    for status in [
        "200", "409", "401", "403", "404", "408", "422", "429", "500", "503",
    ] {
        assert!(
            secured.get(status).is_some(),
            "GET /seats/{{id}} answers {status}"
        );
    }
    let open = &document["paths"]["/health/live"]["get"]["responses"];
    assert!(
        open.get("401").is_none(),
        "no token is asked, so none is refused"
    );
    assert!(open.get("413").is_none(), "no body is read");
}

#[tokio::test]
async fn the_docs_page_is_served_from_the_binary() {
    let (app, _) = documented_app();
    let page = send(&app, get_request("/docs/")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(text_body(page).await.contains("swagger-ui"));
    let script = send(&app, get_request("/docs/swagger-initializer.js")).await;
    assert!(text_body(script).await.contains("../openapi.json"));
}
