// Tests set environment variables before any service of the process reads them.
#![allow(unsafe_code)]
use serde_json::json;
use sqlx::PgPool;

use crate::support::{app, get, login, post, register, signed_in, unique};

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn registering_answers_201_with_the_account_and_never_the_password(pool: PgPool) {
    let app = app(pool);
    let response = post(
        &app,
        "/register",
        None,
        json!({ "email": "Test@Example.com", "username": "testuser", "password": "test123456",
                "full_name": "Test User", "phone_number": "+84 90 123 4567" }),
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let user = response.body;
    for field in ["id", "email", "username", "full_name", "role", "is_active"] {
        assert!(user.get(field).is_some(), "{field} missing from {user}");
    }
    assert_eq!(user["role"], "customer");
    assert_eq!(user["is_active"], true);
    assert!(user.get("password").is_none() && user.get("password_hash").is_none());
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn duplicate_email_or_username_is_a_400_saying_which(pool: PgPool) {
    let app = app(pool);
    assert_eq!(register(&app, "alice", "test123456").await.status, 201);

    let same_name = post(
        &app,
        "/register",
        None,
        json!({ "email": "other@example.com", "username": "ALICE", "password": "test123456" }),
    )
    .await;
    assert_eq!(same_name.status, 400);
    assert_eq!(same_name.body["detail"], "Username already taken");

    let same_email = post(
        &app,
        "/register",
        None,
        json!({ "email": "Alice@Example.com", "username": "alice2", "password": "test123456" }),
    )
    .await;
    assert_eq!(same_email.status, 400);
    assert_eq!(same_email.body["detail"], "Email already registered");
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn malformed_registrations_are_422s_naming_each_field(pool: PgPool) {
    let app = app(pool);
    let response = post(
        &app,
        "/register",
        None,
        json!({ "email": "not-an-email", "username": "a b", "password": "short" }),
    )
    .await;
    assert_eq!(response.status, 422);
    let fields: Vec<_> = response.body["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["loc"][1].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["email", "username", "password"]);

    let missing = post(&app, "/register", None, json!({ "email": "a@example.com" })).await;
    assert_eq!(missing.status, 422);
    assert_eq!(
        missing.body["detail"][0]["loc"],
        json!(["body", "username"])
    );
    assert_eq!(missing.body["detail"][0]["type"], "missing");

    let wrong_type = post(
        &app,
        "/register",
        None,
        json!({ "email": "a@example.com", "username": 42, "password": "test123456" }),
    )
    .await;
    assert_eq!(wrong_type.status, 422);
    assert_eq!(
        wrong_type.body["detail"][0]["loc"],
        json!(["body", "username"])
    );

    let request = axum::http::Request::post("/register")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{\"email\": "))
        .unwrap();
    let broken = service_kit::testing::send(&app, request).await;
    assert_eq!(broken.status, 400);
    assert!(broken.body["detail"].as_str().unwrap().contains("JSON"));
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn login_by_username_or_email_gives_the_original_token_response(pool: PgPool) {
    let app = app(pool);
    let username = unique("bob");
    register(&app, &username, "test123456").await;

    for login_name in [username.clone(), format!("{username}@EXAMPLE.com")] {
        let response = login(&app, &login_name, "test123456").await;
        assert_eq!(response.status, 200, "{}", response.body);
        let body = response.body;
        assert_eq!(body["token_type"], "bearer");
        assert!(body["access_token"].as_str().unwrap().split('.').count() == 3);
        assert!(body["refresh_token"].as_str().unwrap().len() >= 40);
        assert_eq!(body["expires_in"], 900);
        assert_eq!(body["user"]["username"], username.as_str());
    }
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn wrong_user_and_wrong_password_get_the_same_401(pool: PgPool) {
    let app = app(pool);
    let username = unique("carol");
    register(&app, &username, "test123456").await;

    let wrong_password = login(&app, &username, "wrong-password").await;
    let wrong_user = login(&app, &unique("nobody"), "test123456").await;
    assert_eq!(wrong_password.status, 401);
    assert_eq!(wrong_user.status, 401);
    assert_eq!(wrong_password.body, wrong_user.body);
    assert_eq!(wrong_password.headers["www-authenticate"], "Bearer");
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn verify_me_and_profile(pool: PgPool) {
    let app = app(pool);
    let (username, tokens) = signed_in(&app).await;
    let token = tokens["access_token"].as_str().unwrap();

    let verify = get(&app, "/verify", Some(token)).await;
    assert_eq!(verify.status, 200);
    assert_eq!(verify.body["valid"], true);
    assert_eq!(verify.body["username"], username.as_str());
    assert_eq!(verify.body["role"], "customer");
    for field in ["user_id", "email", "full_name", "phone_number", "is_active"] {
        assert!(verify.body.get(field).is_some(), "{field}");
    }

    let me = get(&app, "/users/me", Some(token)).await;
    assert_eq!(me.body["username"], username.as_str());

    let update = service_kit::testing::send(
        &app,
        service_kit::testing::json_request(
            axum::http::Method::PUT,
            "/profile",
            Some(token),
            Some(json!({ "full_name": "  New Name ", "phone_number": "0901234567" })),
        ),
    )
    .await;
    assert_eq!(update.status, 200, "{}", update.body);
    assert_eq!(update.body["full_name"], "New Name");

    let bad = service_kit::testing::send(
        &app,
        service_kit::testing::json_request(
            axum::http::Method::PUT,
            "/profile",
            Some(token),
            Some(json!({ "email": "nope" })),
        ),
    )
    .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["detail"][0]["loc"][1], "email");

    let other = unique("other");
    register(&app, &other, "test123456").await;
    let taken = service_kit::testing::send(
        &app,
        service_kit::testing::json_request(
            axum::http::Method::PUT,
            "/profile",
            Some(token),
            Some(json!({ "email": format!("{other}@example.com") })),
        ),
    )
    .await;
    assert_eq!(taken.status, 400, "{}", taken.body);
    assert!(taken.body["detail"].as_str().unwrap().contains("mail"));
    assert_eq!(taken.body["code"], "email_taken");
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn the_profile_remembers_the_language_chosen(pool: PgPool) {
    let app = app(pool);
    let (_, tokens) = signed_in(&app).await;
    let token = tokens["access_token"].as_str().unwrap();
    let put = |body: serde_json::Value| {
        service_kit::testing::json_request(
            axum::http::Method::PUT,
            "/profile",
            Some(token),
            Some(body),
        )
    };

    let fresh = get(&app, "/users/me", Some(token)).await;
    assert_eq!(fresh.body["language"], serde_json::Value::Null);

    let chosen = service_kit::testing::send(&app, put(json!({ "language": "vi" }))).await;
    assert_eq!(chosen.status, 200, "{}", chosen.body);
    assert_eq!(
        get(&app, "/users/me", Some(token)).await.body["language"],
        "vi"
    );

    // Other edits of the profile leave the language as it is.
    let named = service_kit::testing::send(&app, put(json!({ "full_name": "Lan" }))).await;
    assert_eq!(named.body["language"], "vi");

    let bad = service_kit::testing::send(&app, put(json!({ "language": "<script>" }))).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["detail"][0]["loc"][1], "language");
    assert_eq!(bad.body["code"], "invalid_input");
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn without_a_token_the_account_endpoints_are_401(pool: PgPool) {
    let app = app(pool);
    for uri in ["/verify", "/users/me"] {
        let response = get(&app, uri, None).await;
        assert_eq!(response.status, 401, "{uri}");
        assert_eq!(response.body["detail"], "Not authenticated");
    }
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn the_demo_accounts_and_create_admin_give_the_right_roles(pool: PgPool) {
    auth_service::account_commands::seed_demo_accounts(&pool)
        .await
        .unwrap();
    auth_service::account_commands::seed_demo_accounts(&pool)
        .await
        .unwrap();
    let app = app(pool.clone());
    for (username, role) in [
        ("customer", "customer"),
        ("staff", "staff"),
        ("admin", "admin"),
    ] {
        let response = login(
            &app,
            username,
            auth_service::account_commands::DEMO_PASSWORD,
        )
        .await;
        assert_eq!(response.status, 200, "{username}");
        assert_eq!(response.body["user"]["role"], role);
    }

    // SAFETY: only this test reads the variable, and it sets it before the command runs.
    unsafe { std::env::set_var("AUTH_ADMIN_PASSWORD", "a-strong-admin-password") };
    auth_service::account_commands::create_admin(
        &pool,
        ["--email", "boss@example.com", "--username", "boss"]
            .map(String::from)
            .to_vec(),
    )
    .await
    .unwrap();
    let response = login(&app, "boss", "a-strong-admin-password").await;
    assert_eq!(response.body["user"]["role"], "admin");
}

/// An unknown account is checked against a dummy hash, so its answer takes as long as a wrong
/// password's and does not reveal which accounts exist. Without the dummy hash it would be a
/// hundred times faster. The fastest of several tries of each is compared: other tests share
/// the two cores, and the fastest try is the one they disturbed least.
#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn an_unknown_account_takes_as_long_as_a_wrong_password(pool: PgPool) {
    let app = app(pool);
    let username = unique("timing");
    register(&app, &username, "test123456").await;
    let mut wrong_password = Vec::new();
    let mut unknown_user = Vec::new();
    for _ in 0..5 {
        let started = std::time::Instant::now();
        login(&app, &username, "wrong-password").await;
        wrong_password.push(started.elapsed());
        let started = std::time::Instant::now();
        login(&app, &unique("nobody"), "wrong-password").await;
        unknown_user.push(started.elapsed());
    }
    let known = wrong_password.into_iter().min().unwrap();
    let unknown = unknown_user.into_iter().min().unwrap();
    assert!(
        unknown * 2 >= known && known * 2 >= unknown,
        "fastest tries differ too much: wrong password {known:?}, unknown account {unknown:?}"
    );
}
