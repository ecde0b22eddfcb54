//! Sessions through the BFF against the real auth service (on a fresh database) and Redis.

use axum::{body::Body, http::Request, http::StatusCode};
use marquee_server::config::BffConfig;
use tower::ServiceExt;

/// Registers someone new at the auth service and answers their refresh token.
async fn refresh_token_of_someone_new(auth: &str) -> String {
    let http = reqwest::Client::new();
    let username = format!("s{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let registered = http
        .post(format!("{auth}/register"))
        .json(&serde_json::json!({
            "email": format!("{username}@example.com"),
            "username": username,
            "password": "test123456",
        }))
        .send()
        .await
        .unwrap();
    assert!(registered.status().is_success(), "{registered:?}");
    let tokens: serde_json::Value = http
        .post(format!("{auth}/token"))
        .form(&[("username", username.as_str()), ("password", "test123456")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    tokens["refresh_token"].as_str().unwrap().to_owned()
}

/// Sends `request` to the BFF as a browser holding only `cookie` would.
async fn with_cookie(
    bff: &axum::Router,
    request: axum::http::request::Builder,
    cookie: &str,
) -> axum::response::Response {
    bff.clone()
        .oneshot(
            request
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap()
}

/// The values the response gives the session cookies (an empty one clears it).
fn session_cookies_set(response: &axum::response::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter(|cookie| {
            cookie.starts_with("marquee_access=") || cookie.starts_with("marquee_refresh=")
        })
        .map(|cookie| cookie.split(';').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_request_sent_before_sign_out_was_answered_does_not_bring_the_session_back() {
    let mut config = BffConfig::from_env().unwrap();
    // The real auth service, as the BFF calls it, over a database of its own.
    let auth = service_kit::testing::serve_on_fresh_database(
        "bff_tests_auth",
        auth_service::spec(),
        |_| async {},
    );
    config.set_service_url("auth", auth.clone());
    let bff = marquee_server::app(&config).unwrap();
    let refresh = refresh_token_of_someone_new(&auth).await;
    // Idle past the access token's life: only the refresh cookie is left.
    let cookie = format!("marquee_refresh={refresh}");

    let sign_out = with_cookie(&bff, Request::post("/logout"), &cookie).await;
    assert_eq!(sign_out.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        session_cookies_set(&sign_out),
        ["marquee_access=", "marquee_refresh="]
    );

    // The page's notification bell asked for its count just before: the same old cookie
    // arrives once the session is over, and must not hand the browser the tokens the sign-out's
    // own refresh was given (revoked, but cookies the browser would keep and send).
    let late = with_cookie(&bff, Request::get("/health/live"), &cookie).await;
    assert_eq!(
        session_cookies_set(&late),
        ["marquee_access=", "marquee_refresh="]
    );
}
