use sqlx::PgPool;

use crate::support::{address, app, login_from, register, signed_in, unique};
use serde_json::json;

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn five_failures_for_an_account_lock_it_with_retry_after(pool: PgPool) {
    let app = app(pool);
    let username = unique("dave");
    register(&app, &username, "test123456").await;

    // Each attempt from a different address: the account itself is what gets locked.
    for attempt in 0..5 {
        let response = login_from(&app, &username, "wrong-password", &address()).await;
        assert_eq!(response.status, 401, "attempt {attempt}");
    }
    let locked = login_from(&app, &username, "test123456", &address()).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    let retry_after: u64 = locked.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");

    // A further failure (while locked, checked before the password) keeps it locked; after
    // the lock, each failure doubles the wait.
    assert_eq!(
        login_from(&app, &username, "wrong-password", &address())
            .await
            .status,
        429
    );
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn five_failures_from_an_address_lock_that_address(pool: PgPool) {
    let app = app(pool);
    let locked_address = address();
    for _ in 0..5 {
        let response = login_from(&app, &unique("ghost"), "whatever-pass", &locked_address).await;
        assert_eq!(response.status, 401);
    }
    let username = unique("erin");
    register(&app, &username, "test123456").await;
    let locked = login_from(&app, &username, "test123456", &locked_address).await;
    assert_eq!(locked.status, 429);
    assert!(locked.headers.contains_key("retry-after"));
    // The same account from elsewhere is fine.
    assert_eq!(
        login_from(&app, &username, "test123456", &address())
            .await
            .status,
        200
    );
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn a_success_clears_the_accounts_failures(pool: PgPool) {
    let app = app(pool);
    let username = unique("fred");
    register(&app, &username, "test123456").await;
    for _ in 0..4 {
        login_from(&app, &username, "wrong-password", &address()).await;
    }
    assert_eq!(
        login_from(&app, &username, "test123456", &address())
            .await
            .status,
        200
    );
    for _ in 0..4 {
        assert_eq!(
            login_from(&app, &username, "wrong-password", &address())
                .await
                .status,
            401
        );
    }
    assert_eq!(
        login_from(&app, &username, "test123456", &address())
            .await
            .status,
        200
    );
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn the_username_and_the_email_count_against_one_account(pool: PgPool) {
    let app = app(pool);
    let username = unique("gina");
    register(&app, &username, "test123456").await;
    let email = format!("{username}@example.com");
    for attempt in 0..5 {
        let login = if attempt % 2 == 0 { &username } else { &email };
        let response = login_from(&app, login, "wrong-password", &address()).await;
        assert_eq!(response.status, 401, "attempt {attempt}");
    }
    for login in [&username, &email] {
        let locked = login_from(&app, login, "test123456", &address()).await;
        assert_eq!(locked.status, 429, "{login}: {}", locked.body);
    }
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn guessing_the_current_password_with_a_token_is_throttled_too(pool: PgPool) {
    let app = app(pool);
    let (_, session) = signed_in(&app).await;
    let token = session["access_token"].as_str().unwrap();
    let client = address();
    let change = |current: &str| {
        let mut request = service_kit::testing::json_request(
            axum::http::Method::POST,
            "/change-password",
            Some(token),
            Some(json!({ "current_password": current, "new_password": "another-pass-1" })),
        );
        request
            .headers_mut()
            .insert("x-real-ip", client.parse().unwrap());
        service_kit::testing::send(&app, request)
    };
    for attempt in 0..5 {
        let response = change("not-the-password").await;
        assert_eq!(response.status, 400, "attempt {attempt}: {}", response.body);
    }
    let locked = change("test123456").await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert!(locked.headers.contains_key("retry-after"));
}
