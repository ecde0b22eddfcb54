use sqlx::PgPool;

use crate::support::{app, login_from, register, unique};

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn five_failures_for_an_account_lock_it_with_retry_after(pool: PgPool) {
    let app = app(pool);
    let username = unique("dave");
    register(&app, &username, "test123456").await;

    // Each attempt from a different address: the account itself is what gets locked.
    for attempt in 0..5 {
        let response = login_from(&app, &username, "wrong-password", &unique("10.1.")).await;
        assert_eq!(response.status, 401, "attempt {attempt}");
    }
    let locked = login_from(&app, &username, "test123456", &unique("10.1.")).await;
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
        login_from(&app, &username, "wrong-password", &unique("10.1."))
            .await
            .status,
        429
    );
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn five_failures_from_an_address_lock_that_address(pool: PgPool) {
    let app = app(pool);
    let address = unique("10.2.");
    for _ in 0..5 {
        let response = login_from(&app, &unique("ghost"), "whatever-pass", &address).await;
        assert_eq!(response.status, 401);
    }
    let username = unique("erin");
    register(&app, &username, "test123456").await;
    let locked = login_from(&app, &username, "test123456", &address).await;
    assert_eq!(locked.status, 429);
    assert!(locked.headers.contains_key("retry-after"));
    // The same account from elsewhere is fine.
    assert_eq!(
        login_from(&app, &username, "test123456", &unique("10.2."))
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
        login_from(&app, &username, "wrong-password", &unique("10.3.")).await;
    }
    assert_eq!(
        login_from(&app, &username, "test123456", &unique("10.3."))
            .await
            .status,
        200
    );
    for _ in 0..4 {
        assert_eq!(
            login_from(&app, &username, "wrong-password", &unique("10.3."))
                .await
                .status,
            401
        );
    }
    assert_eq!(
        login_from(&app, &username, "test123456", &unique("10.3."))
            .await
            .status,
        200
    );
}
