use serde_json::json;
use sqlx::PgPool;

use crate::support::{app, get, login, post, signed_in};

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn refresh_rotates_and_reusing_an_old_token_ends_the_whole_session(pool: PgPool) {
    let app = app(pool.clone());
    let (_, first) = signed_in(&app).await;
    let old = first["refresh_token"].as_str().unwrap();

    let second = post(&app, "/refresh", None, json!({ "refresh_token": old })).await;
    assert_eq!(second.status, 200, "{}", second.body);
    let newer = second.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(newer, old);
    let access = second.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(get(&app, "/verify", Some(&access)).await.status, 200);

    // The old token again, a minute later: somebody copied it. The family is revoked, the newer
    // token too.
    sqlx::query("UPDATE refresh_tokens SET used_at = used_at - interval '1 minute' WHERE used_at IS NOT NULL")
        .execute(&pool)
        .await
        .unwrap();
    let replay = post(&app, "/refresh", None, json!({ "refresh_token": old })).await;
    assert_eq!(replay.status, 401);
    let after = post(&app, "/refresh", None, json!({ "refresh_token": newer })).await;
    assert_eq!(after.status, 401);
    assert_eq!(get(&app, "/verify", Some(&access)).await.status, 401);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn an_unknown_refresh_token_is_a_401(pool: PgPool) {
    let app = app(pool);
    let response = post(
        &app,
        "/refresh",
        None,
        json!({ "refresh_token": "made-up" }),
    )
    .await;
    assert_eq!(response.status, 401);
    assert_eq!(response.body["detail"], "Invalid refresh token");
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn logout_ends_the_session(pool: PgPool) {
    let app = app(pool);
    let (_, tokens) = signed_in(&app).await;
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();

    let response = post(
        &app,
        "/logout",
        Some(access),
        json!({ "refresh_token": refresh }),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(
        post(&app, "/refresh", None, json!({ "refresh_token": refresh }))
            .await
            .status,
        401
    );
    assert_eq!(get(&app, "/verify", Some(access)).await.status, 401);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn logout_without_a_body_as_the_original_clients_send_it(pool: PgPool) {
    let app = app(pool);
    let (_, tokens) = signed_in(&app).await;
    let access = tokens["access_token"].as_str().unwrap();
    let request = axum::http::Request::post("/logout")
        .header("authorization", format!("Bearer {access}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = service_kit::testing::send(&app, request).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(get(&app, "/verify", Some(access)).await.status, 401);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn changing_the_password_signs_out_the_other_sessions_only(pool: PgPool) {
    let app = app(pool);
    let (username, here) = signed_in(&app).await;
    let elsewhere = login(&app, &username, "test123456").await.body;
    let access = here["access_token"].as_str().unwrap();

    let wrong = post(
        &app,
        "/change-password",
        Some(access),
        json!({ "current_password": "not-it-at-all", "new_password": "n3w-password" }),
    )
    .await;
    assert_eq!(wrong.status, 400);

    let short = post(
        &app,
        "/change-password",
        Some(access),
        json!({ "current_password": "test123456", "new_password": "short" }),
    )
    .await;
    assert_eq!(short.status, 422);

    let changed = post(
        &app,
        "/change-password",
        Some(access),
        json!({ "current_password": "test123456", "new_password": "n3w-password" }),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.body);

    let other_refresh = elsewhere["refresh_token"].as_str().unwrap();
    assert_eq!(
        post(
            &app,
            "/refresh",
            None,
            json!({ "refresh_token": other_refresh })
        )
        .await
        .status,
        401
    );
    assert_eq!(get(&app, "/verify", Some(access)).await.status, 200);
    assert_eq!(login(&app, &username, "test123456").await.status, 401);
    assert_eq!(login(&app, &username, "n3w-password").await.status, 200);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn a_session_ends_at_its_maximum_age_however_often_it_is_refreshed(pool: PgPool) {
    let app = app(pool.clone());
    let (_, tokens) = signed_in(&app).await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    // The login was 31 days ago (the default maximum is 30).
    sqlx::query("UPDATE refresh_tokens SET created_at = now() - interval '31 days'")
        .execute(&pool)
        .await
        .unwrap();
    let refused = post(&app, "/refresh", None, json!({ "refresh_token": refresh })).await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(
        get(&app, "/verify", Some(access)).await.status,
        401,
        "the session is over"
    );
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn sessions_over_for_a_day_are_forgotten_and_live_ones_kept(pool: PgPool) {
    let app = app(pool.clone());
    let (_, ended) = signed_in(&app).await;
    let (_, live) = signed_in(&app).await;
    // The live session has been refreshed once: its used token must stay, to catch a reuse.
    let refreshed = post(
        &app,
        "/refresh",
        None,
        json!({ "refresh_token": live["refresh_token"] }),
    )
    .await;
    assert_eq!(refreshed.status, 200);
    let logout = post(
        &app,
        "/logout",
        ended["access_token"].as_str(),
        json!({ "refresh_token": ended["refresh_token"] }),
    )
    .await;
    assert_eq!(logout.status, 200);
    assert_eq!(
        auth_service::sessions::prune(&pool).await.unwrap(),
        0,
        "not yet a day"
    );
    sqlx::query("UPDATE refresh_tokens SET revoked_at = now() - interval '2 days' WHERE revoked_at IS NOT NULL")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(auth_service::sessions::prune(&pool).await.unwrap(), 1);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM refresh_tokens")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 2, "the live session's used and current tokens");
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn two_racing_refreshes_with_one_token_both_keep_the_session(pool: PgPool) {
    let app = app(pool);
    let (_, first) = signed_in(&app).await;
    let old = first["refresh_token"].as_str().unwrap();
    // Two requests of one page, on two BFF replicas, refresh with the same token at once.
    let (one, two) = tokio::join!(
        post(&app, "/refresh", None, json!({ "refresh_token": old })),
        post(&app, "/refresh", None, json!({ "refresh_token": old })),
    );
    assert_eq!(
        (one.status.as_u16(), two.status.as_u16()),
        (200, 200),
        "{} {}",
        one.body,
        two.body
    );
    for pair in [&one.body, &two.body] {
        let access = pair["access_token"].as_str().unwrap();
        assert_eq!(get(&app, "/verify", Some(access)).await.status, 200);
        let next = post(
            &app,
            "/refresh",
            None,
            json!({ "refresh_token": pair["refresh_token"] }),
        )
        .await;
        assert_eq!(next.status, 200, "each pair carries on: {}", next.body);
    }
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn forty_people_signing_in_at_once_all_get_in(pool: PgPool) {
    let app = crate::support::app(pool);
    let username = crate::support::unique("crowd");
    crate::support::register(&app, &username, "test123456").await;
    let logins: Vec<_> = (0..40)
        .map(|_| {
            let (app, username) = (app.clone(), username.clone());
            tokio::spawn(async move {
                crate::support::login(&app, &username, "test123456")
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for login in logins {
        statuses.push(login.await.unwrap());
    }
    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
}
