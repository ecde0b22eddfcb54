use axum::{
    Router,
    body::Body,
    http::{Method, Request, StatusCode},
};
use serde_json::{Value, json};
use service_kit::{
    auth::Role,
    testing::{self, TestResponse, issuer},
};
use sqlx::PgPool;

async fn seeded(pool: PgPool) -> Router {
    // Before the app: the issuer tells services where its keys are.
    issuer();
    movie_service::demo::seed(&pool).await.unwrap();
    movie_service::demo_cinemas::seed(&pool).await.unwrap();
    testing::app(&movie_service::spec(), pool)
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    role: Option<Role>,
    body: Option<Value>,
) -> TestResponse {
    let token = role.map(|role| issuer().token(role));
    testing::send(
        app,
        testing::json_request(method, uri, token.as_deref(), body),
    )
    .await
}

fn new_movie(slug: &str) -> Value {
    json!({
        "slug": slug, "title": "The Long Intermission", "duration_minutes": 110,
        "genres": ["Drama"], "language": "English", "release_date": "2026-12-24",
        "status": "coming_soon"
    })
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn only_admins_may_change_the_catalog(pool: PgPool) {
    let app = seeded(pool).await;
    let anonymous = call(&app, Method::POST, "/movies", None, Some(new_movie("a"))).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    for role in [Role::Customer, Role::Staff] {
        let refused = call(
            &app,
            Method::POST,
            "/movies",
            Some(role),
            Some(new_movie("b")),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    let created = call(
        &app,
        Method::POST,
        "/movies",
        Some(Role::Admin),
        Some(new_movie("long-intermission")),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["title"], "The Long Intermission");
    assert_eq!(created.body["genre"], "Drama");

    let id = created.body["id"].as_str().unwrap();
    let deleted = call(
        &app,
        Method::DELETE,
        &format!("/movies/{id}"),
        Some(Role::Admin),
        None,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn invalid_input_says_which_field_is_wrong(pool: PgPool) {
    let app = seeded(pool).await;
    let mut movie = new_movie("Not A Slug");
    movie["duration_minutes"] = json!(0);
    let response = call(
        &app,
        Method::POST,
        "/movies",
        Some(Role::Admin),
        Some(movie),
    )
    .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = response.body["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["loc"][1].clone())
        .collect();
    assert_eq!(fields, [json!("slug"), json!("duration_minutes")]);

    let duplicate = call(
        &app,
        Method::POST,
        "/movies",
        Some(Role::Admin),
        Some(new_movie("paper-lanterns")),
    )
    .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);

    let (_, theaters) = testing::get_json(&app, "/theaters").await;
    let theater = theaters[0]["id"].as_str().unwrap();
    let bad_hall = call(
        &app,
        Method::POST,
        &format!("/theaters/{theater}/halls"),
        Some(Role::Admin),
        Some(json!({ "name": "Hall 9", "layout": ["SSC", "SSX"] })),
    )
    .await;
    assert_eq!(
        bad_hall.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad_hall.body
    );
    let problems = bad_hall.body["detail"].to_string();
    assert!(
        problems.contains("couple seats come in pairs"),
        "{problems}"
    );
    assert!(problems.contains("row B, cell 3"), "{problems}");
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_new_hall_and_showtime_and_an_overlapping_one_refused(pool: PgPool) {
    let app = seeded(pool).await;
    let cinema = call(
        &app,
        Method::POST,
        "/theaters",
        Some(Role::Admin),
        Some(json!({ "slug": "marquee-da-nang", "name": "Marquee Da Nang", "address": "1 Bach Dang", "city": "Da Nang" })),
    )
    .await;
    assert_eq!(cinema.status, StatusCode::CREATED, "{}", cinema.body);
    let cinema_id = cinema.body["id"].as_str().unwrap();
    let hall = call(
        &app,
        Method::POST,
        &format!("/theaters/{cinema_id}/halls"),
        Some(Role::Admin),
        Some(json!({ "name": "Hall 1", "layout": ["WP.SS", "VV.CC"], "blocked": ["A4"] })),
    )
    .await;
    assert_eq!(hall.status, StatusCode::CREATED, "{}", hall.body);
    assert_eq!(hall.body["total_seats"], 8);
    let hall_id = hall.body["id"].as_str().unwrap();

    let (_, movies) = testing::get_json(&app, "/movies?q=lantern").await;
    let movie_id = movies[0]["id"].as_str().unwrap();
    let starts = chrono::Utc::now() + chrono::Duration::days(2);
    let showtime = json!({
        "movie_id": movie_id, "hall_id": hall_id, "starts_at": starts, "format": "2D",
        "audio_language": "Vietnamese", "subtitle_language": "English",
        "prices": { "standard": 95000, "vip": 125000, "couple": 115000 }
    });
    let created = call(
        &app,
        Method::POST,
        "/showtimes",
        Some(Role::Admin),
        Some(showtime.clone()),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["price"], 95000);
    assert_eq!(created.body["available_seats"], 7);
    assert_eq!(created.body["theater"]["name"], "Marquee Da Nang");

    // Paper Lanterns runs 96 minutes plus 20 of cleaning: an hour later the hall is still busy.
    let mut clash = showtime.clone();
    clash["starts_at"] = json!(starts + chrono::Duration::minutes(60));
    let refused = call(
        &app,
        Method::POST,
        "/showtimes",
        Some(Role::Admin),
        Some(clash),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("Paper Lanterns"),
        "{}",
        refused.body
    );

    let mut later = showtime;
    later["starts_at"] = json!(starts + chrono::Duration::minutes(120));
    let fits = call(
        &app,
        Method::POST,
        "/showtimes",
        Some(Role::Admin),
        Some(later),
    )
    .await;
    assert_eq!(fits.status, StatusCode::CREATED);

    // The layout cannot change under scheduled showtimes.
    let relayout = call(
        &app,
        Method::PUT,
        &format!("/halls/{hall_id}"),
        Some(Role::Admin),
        Some(json!({ "name": "Hall 1", "layout": ["SSSS"] })),
    )
    .await;
    assert_eq!(relayout.status, StatusCode::CONFLICT);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn reads_are_cached_with_etags_and_a_write_invalidates_them(pool: PgPool) {
    let app = seeded(pool).await;
    let uri = "/movies?genre=Drama&status=coming_soon";
    let first = testing::send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
    let second = testing::send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(second.headers["x-cache"], "HIT");
    assert_eq!(first.body, second.body);
    let etag = second.headers["etag"].clone();
    assert!(
        second.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );

    let revalidated = testing::send(
        &app,
        Request::get(uri)
            .header("if-none-match", etag.clone())
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);

    let created = call(
        &app,
        Method::POST,
        "/movies",
        Some(Role::Admin),
        Some(new_movie(&format!(
            "drama-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        ))),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let after = testing::send(
        &app,
        Request::get(uri)
            .header("if-none-match", etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        after.status,
        StatusCode::OK,
        "the write made the cached answer stale"
    );
    assert_eq!(after.headers["x-cache"], "MISS");
    let titles: Vec<_> = after
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].clone())
        .collect();
    assert!(titles.contains(&json!("The Long Intermission")));
}
