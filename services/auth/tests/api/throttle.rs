use sqlx::PgPool;

use crate::support::{address, app, login_from, register, signed_in, unique};
use serde_json::json;

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn five_failures_of_an_account_from_one_address_lock_that_pair_with_retry_after(
    pool: PgPool,
) {
    let app = app(pool);
    let username = unique("dave");
    register(&app, &username, "test123456").await;
    let guesser = address();
    for attempt in 0..5 {
        let response = login_from(&app, &username, "wrong-password", &guesser).await;
        assert_eq!(response.status, 401, "attempt {attempt}");
    }
    let locked = login_from(&app, &username, "test123456", &guesser).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    let retry_after: u64 = locked.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    // A further failure (while locked, checked before the password) keeps it locked.
    assert_eq!(
        login_from(&app, &username, "wrong-password", &guesser)
            .await
            .status,
        429
    );
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn an_attackers_failures_never_lock_the_owner_out(pool: PgPool) {
    let app = app(pool);
    let username = unique("owner");
    register(&app, &username, "test123456").await;
    for _ in 0..3 {
        let attacker = address();
        for _ in 0..6 {
            login_from(&app, &username, "wrong-password", &attacker).await;
        }
        let locked = login_from(&app, &username, "test123456", &attacker).await;
        assert_eq!(locked.status, 429, "{}", locked.body);
    }
    let owner = login_from(&app, &username, "test123456", &address()).await;
    assert_eq!(owner.status, 200, "{}", owner.body);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn an_account_guessed_from_many_addresses_gives_each_address_one_failure(pool: PgPool) {
    let app = app(pool);
    let username = unique("target");
    register(&app, &username, "test123456").await;
    // Fifty addresses, one guess each: the account is under attack from then on.
    for _ in 0..50 {
        let response = login_from(&app, &username, "wrong-password", &address()).await;
        assert_eq!(response.status, 401);
    }
    let guesser = address();
    login_from(&app, &username, "wrong-password", &guesser).await;
    let locked = login_from(&app, &username, "test123456", &guesser).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    // The owner, from an address with no failures, still gets in.
    let owner = login_from(&app, &username, "test123456", &address()).await;
    assert_eq!(owner.status, 200, "{}", owner.body);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn twenty_failures_from_an_address_lock_that_address(pool: PgPool) {
    let app = app(pool);
    let locked_address = address();
    for attempt in 0..20 {
        let response = login_from(&app, &unique("ghost"), "whatever-pass", &locked_address).await;
        assert_eq!(response.status, 401, "attempt {attempt}");
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
async fn a_family_mistyping_passwords_on_one_address_is_not_locked_out(pool: PgPool) {
    let app = app(pool);
    let home = address();
    for member in 0..4 {
        let username = unique(&format!("member{member}"));
        register(&app, &username, "test123456").await;
        for _ in 0..3 {
            login_from(&app, &username, "test12345", &home).await;
        }
        let response = login_from(&app, &username, "test123456", &home).await;
        assert_eq!(response.status, 200, "member {member}: {}", response.body);
    }
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn logging_into_ones_own_account_does_not_clear_the_addresss_failures(pool: PgPool) {
    let app = app(pool);
    let sprayer = address();
    let username = unique("sprayer");
    register(&app, &username, "test123456").await;
    for _ in 0..19 {
        login_from(&app, &unique("victim"), "password123", &sprayer).await;
    }
    assert_eq!(
        login_from(&app, &username, "test123456", &sprayer)
            .await
            .status,
        200
    );
    login_from(&app, &unique("victim"), "password123", &sprayer).await;
    let locked = login_from(&app, &username, "test123456", &sprayer).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn a_success_clears_the_pairs_failures(pool: PgPool) {
    let app = app(pool);
    let username = unique("fred");
    register(&app, &username, "test123456").await;
    let home = address();
    for _ in 0..4 {
        login_from(&app, &username, "wrong-password", &home).await;
    }
    assert_eq!(
        login_from(&app, &username, "test123456", &home)
            .await
            .status,
        200
    );
    for _ in 0..4 {
        assert_eq!(
            login_from(&app, &username, "wrong-password", &home)
                .await
                .status,
            401
        );
    }
    assert_eq!(
        login_from(&app, &username, "test123456", &home)
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
    let guesser = address();
    for attempt in 0..5 {
        let login = if attempt % 2 == 0 { &username } else { &email };
        let response = login_from(&app, login, "wrong-password", &guesser).await;
        assert_eq!(response.status, 401, "attempt {attempt}");
    }
    for login in [&username, &email] {
        let locked = login_from(&app, login, "test123456", &guesser).await;
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

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn a_nul_character_in_a_login_or_a_name_is_refused_not_an_error_of_ours(pool: PgPool) {
    let app = app(pool);
    let login = login_from(&app, "ad\u{0}min", "whatever-pass", &address()).await;
    assert_eq!(login.status, 400, "{}", login.body);
    assert_eq!(login.body["detail"], "Text may not contain NUL characters");
    let registered = crate::support::post(
        &app,
        "/register",
        None,
        json!({ "email": "nul@example.com", "username": unique("nul"), "password": "test123456", "full_name": "A\u{0}B" }),
    )
    .await;
    assert!(
        (400..500).contains(&registered.status.as_u16()),
        "{}: {}",
        registered.status,
        registered.body
    );
}
