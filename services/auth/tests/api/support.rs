use axum::{
    Router,
    body::Body,
    http::{Method, Request, header},
};
use serde_json::{Value, json};
use service_kit::testing::{self, TestResponse};
use sqlx::PgPool;

pub fn app(pool: PgPool) -> Router {
    testing::app(&auth_service::spec(), pool)
}

/// A name no other test (sharing Redis) uses.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

pub async fn post(app: &Router, uri: &str, token: Option<&str>, body: Value) -> TestResponse {
    testing::send(
        app,
        testing::json_request(Method::POST, uri, token, Some(body)),
    )
    .await
}

pub async fn get(app: &Router, uri: &str, token: Option<&str>) -> TestResponse {
    testing::send(app, testing::json_request(Method::GET, uri, token, None)).await
}

pub async fn register(app: &Router, username: &str, password: &str) -> TestResponse {
    post(
        app,
        "/register",
        None,
        json!({ "email": format!("{username}@example.com"), "username": username, "password": password }),
    )
    .await
}

/// A client address no other test (sharing Redis) uses.
pub fn address() -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    format!("10.{}.{}.{}", bytes[0], bytes[1], bytes[2])
}

/// `POST /token` as the original's clients send it: a form, from the given client address.
pub async fn login_from(app: &Router, login: &str, password: &str, address: &str) -> TestResponse {
    let body = format!(
        "username={}&password={}",
        urlencode(login),
        urlencode(password)
    );
    let request = Request::post("/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-real-ip", address)
        .body(Body::from(body))
        .unwrap();
    testing::send(app, request).await
}

pub async fn login(app: &Router, login: &str, password: &str) -> TestResponse {
    login_from(app, login, password, &address()).await
}

/// Registers a fresh customer and logs in: (username, token response).
pub async fn signed_in(app: &Router) -> (String, Value) {
    let username = unique("user");
    assert_eq!(register(app, &username, "test123456").await.status, 201);
    let response = login(app, &username, "test123456").await;
    assert_eq!(response.status, 200, "{}", response.body);
    (username, response.body)
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
