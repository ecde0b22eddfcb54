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

pub async fn seeded(pool: PgPool) -> Router {
    // Before the app: the issuer tells services where its keys are.
    issuer();
    movie_service::demo::seed(&pool).await.unwrap();
    movie_service::demo_cinemas::seed(&pool).await.unwrap();
    crate::app(pool)
}

pub async fn call(
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

    // What the layout editor opens with.
    let (status, detail) = testing::get_json(&app, &format!("/halls/{hall_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail["layout"], json!(["WP.SS", "VV.CC"]));
    assert_eq!(detail["blocked"], json!(["A4"]));
    assert_eq!(detail["total_seats"], 8);
    assert_eq!(detail["upcoming_showtimes"], 2);
    assert_eq!(detail["cinema_name"], "Marquee Da Nang");

    // Another hall of the cinema may not take this one's name; blocked seats must exist.
    let second = call(
        &app,
        Method::POST,
        &format!("/theaters/{cinema_id}/halls"),
        Some(Role::Admin),
        Some(json!({ "name": "Hall 2", "layout": ["SSSS"], "blocked": ["Z9"] })),
    )
    .await;
    assert_eq!(
        second.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        second.body
    );
    assert_eq!(second.body["detail"][0]["loc"][1], "blocked");
    assert!(
        second.body["detail"][0]["msg"]
            .as_str()
            .unwrap()
            .contains("Z9")
    );
    let second = call(
        &app,
        Method::POST,
        &format!("/theaters/{cinema_id}/halls"),
        Some(Role::Admin),
        Some(json!({ "name": "Hall 2", "layout": ["SSSS"] })),
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
    let renamed = call(
        &app,
        Method::PUT,
        &format!("/halls/{}", second.body["id"].as_str().unwrap()),
        Some(Role::Admin),
        Some(json!({ "name": "Hall 1", "layout": ["SSSS"] })),
    )
    .await;
    assert_eq!(renamed.status, StatusCode::CONFLICT, "{}", renamed.body);

    // A longer cut of the film keeps the hall busy longer: it would now run into the next
    // showtime, so the change is refused and nothing moves.
    let (_, movie) = testing::get_json(&app, &format!("/movies/{movie_id}")).await;
    let mut recut = json!({
        "slug": movie["slug"], "title": movie["title"], "duration_minutes": 110,
        "genres": movie["genres"], "language": movie["language"],
        "release_date": movie["release_date"], "status": movie["status"]
    });
    let longer = call(
        &app,
        Method::PUT,
        &format!("/movies/{movie_id}"),
        Some(Role::Admin),
        Some(recut.clone()),
    )
    .await;
    assert_eq!(longer.status, StatusCode::CONFLICT, "{}", longer.body);
    let (_, unchanged) = testing::get_json(&app, &format!("/movies/{movie_id}")).await;
    assert_eq!(unchanged["duration_minutes"], 96);
    recut["duration_minutes"] = json!(100);
    let slightly = call(
        &app,
        Method::PUT,
        &format!("/movies/{movie_id}"),
        Some(Role::Admin),
        Some(recut),
    )
    .await;
    assert_eq!(slightly.status, StatusCode::OK, "{}", slightly.body);
    let (_, first) = testing::get_json(
        &app,
        &format!("/showtimes/{}", created.body["id"].as_str().unwrap()),
    )
    .await;
    let ends = chrono::DateTime::parse_from_rfc3339(first["ends_at"].as_str().unwrap()).unwrap();
    let begins =
        chrono::DateTime::parse_from_rfc3339(first["starts_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        (ends - begins).num_minutes(),
        120,
        "100 minutes of film and 20 of cleaning"
    );
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn reads_are_cached_with_etags_and_a_write_invalidates_them(pool: PgPool) {
    let app = seeded(pool).await;
    let uri = "/movies?genre=Drama&status=coming_soon";
    // The tests run side by side on one Redis, each publishing its own catalog's version under
    // the one key, so another test's write can come between two reads. Read twice, a few times
    // over: an unchanged read must come from the cache.
    let mut repeated = None;
    for _ in 0..10 {
        let first = testing::send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        let second = testing::send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        if second.headers["x-cache"] == "HIT" {
            repeated = Some((first, second));
            break;
        }
    }
    let (first, second) = repeated.expect("a repeated read is served from the cache");
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

    // Showtimes count seats as they are now: tagged and revalidated, never kept in Redis.
    let showtimes = testing::send(
        &app,
        Request::get("/showtimes").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(showtimes.headers["cache-control"], "no-cache");
    let again = testing::send(
        &app,
        Request::get("/showtimes")
            .header("if-none-match", showtimes.headers["etag"].clone())
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}

/// Whether tickets are sold is the booking service's to say; without it, a showtime is not
/// moved (its tickets name its film, hall and time), though it may be re-priced. Cancelling
/// needs no answer from anyone: the cancellation goes out as an event with the change.
#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_showtime_moves_only_when_no_ticket_is_sold_and_a_cancellation_is_announced(
    pool: PgPool,
) {
    let app = seeded(pool.clone()).await;
    let (id, movie_id, hall_id, starts_at): (
        uuid::Uuid,
        uuid::Uuid,
        uuid::Uuid,
        chrono::DateTime<chrono::Utc>,
    ) = sqlx::query_as(
        "SELECT id, movie_id, hall_id, starts_at FROM showtimes
             WHERE status = 'scheduled' ORDER BY starts_at DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let input = |starts_at: chrono::DateTime<chrono::Utc>| {
        json!({
            "movie_id": movie_id, "hall_id": hall_id, "starts_at": starts_at,
            "audio_language": "English", "prices": { "standard": 99000 }
        })
    };
    let uri = format!("/showtimes/{id}");

    let moved = starts_at + chrono::Duration::days(30);
    let update = call(
        &app,
        Method::PUT,
        &uri,
        Some(Role::Admin),
        Some(input(moved)),
    )
    .await;
    assert_eq!(
        update.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        update.body
    );
    let at: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT starts_at FROM showtimes WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(at, starts_at, "nothing moved");

    let repriced = call(
        &app,
        Method::PUT,
        &uri,
        Some(Role::Admin),
        Some(input(starts_at)),
    )
    .await;
    assert_eq!(repriced.status, StatusCode::OK, "{}", repriced.body);
    assert_eq!(repriced.body["price"], 99000);

    let cancel = call(&app, Method::DELETE, &uri, Some(Role::Admin), None).await;
    assert_eq!(cancel.status, StatusCode::NO_CONTENT, "{}", cancel.body);
    let announced: Vec<(String, Value)> =
        sqlx::query_as("SELECT event_type, payload->'data' FROM outbox")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(announced.len(), 1);
    assert_eq!(announced[0].0, "showtime.cancelled");
    assert_eq!(announced[0].1["showtime_id"], json!(id));
    assert!(announced[0].1["movie_title"].is_string());
    let again = call(&app, Method::DELETE, &uri, Some(Role::Admin), None).await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "cancelled once, announced once"
    );

    // A showtime that has begun was shown: it is not cancelled (nor its tickets refunded).
    let begun: uuid::Uuid = sqlx::query_scalar(
        "UPDATE showtimes SET starts_at = starts_at - interval '30 days',
                              ends_at = ends_at - interval '30 days'
         WHERE id = (SELECT id FROM showtimes WHERE status = 'scheduled' ORDER BY starts_at LIMIT 1)
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let too_late = call(
        &app,
        Method::DELETE,
        &format!("/showtimes/{begun}"),
        Some(Role::Admin),
        None,
    )
    .await;
    assert_eq!(too_late.status, StatusCode::CONFLICT, "{}", too_late.body);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn every_catalog_write_is_for_admins_only(pool: PgPool) {
    let app = seeded(pool).await;
    let any = uuid::Uuid::new_v4();
    let writes = [
        (Method::POST, "/movies".to_owned()),
        (Method::PUT, format!("/movies/{any}")),
        (Method::DELETE, format!("/movies/{any}")),
        (Method::POST, "/theaters".to_owned()),
        (Method::PUT, format!("/theaters/{any}")),
        (Method::DELETE, format!("/theaters/{any}")),
        (Method::POST, format!("/theaters/{any}/halls")),
        (Method::PUT, format!("/halls/{any}")),
        (Method::DELETE, format!("/halls/{any}")),
        (Method::POST, "/showtimes".to_owned()),
        (Method::PUT, format!("/showtimes/{any}")),
        (Method::DELETE, format!("/showtimes/{any}")),
    ];
    for (method, uri) in writes {
        let body = (method != Method::DELETE).then(|| json!({}));
        let anonymous = call(&app, method.clone(), &uri, None, body.clone()).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        for role in [Role::Customer, Role::Staff] {
            let refused = call(&app, method.clone(), &uri, Some(role), body.clone()).await;
            assert_eq!(
                refused.status,
                StatusCode::FORBIDDEN,
                "{method} {uri} as {role:?}"
            );
        }
    }
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn text_no_one_could_need_that_long_is_refused_naming_the_field(pool: PgPool) {
    let app = seeded(pool).await;
    let mut movie = new_movie("the-very-long-film");
    movie["title"] = json!("T".repeat(201));
    movie["genres"] = json!(["G".repeat(51)]);
    let refused = call(
        &app,
        Method::POST,
        "/movies",
        Some(Role::Admin),
        Some(movie),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let fields: Vec<&str> = refused.body["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["loc"][1].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "genres"]);
    assert_eq!(refused.body["detail"][0]["msg"], "At most 200 characters");

    // A body past what any admin form sends is refused before it is read.
    let mut huge = new_movie("the-huge-film");
    huge["description"] = json!("D".repeat(100 * 1024));
    let refused = call(&app, Method::POST, "/movies", Some(Role::Admin), Some(huge)).await;
    assert_eq!(
        refused.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        refused.body
    );
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_film_keeps_its_title_and_description_in_other_languages(pool: PgPool) {
    let app = seeded(pool).await;
    let mut movie = new_movie("the-long-intermission");
    movie["translations"] = json!({
        "vi": { "title": "  Giờ Giải Lao Dài ", "description": "Một vở kịch không hồi kết." },
        // A language with nothing in it is not kept.
        "fr": { "title": " ", "description": "" },
    });
    let created = call(
        &app,
        Method::POST,
        "/movies",
        Some(Role::Admin),
        Some(movie),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["title"], "The Long Intermission");
    assert_eq!(
        created.body["translations"],
        json!({ "vi": { "title": "Giờ Giải Lao Dài", "description": "Một vở kịch không hồi kết." } })
    );

    // Found by its Vietnamese title too.
    let found = call(
        &app,
        Method::GET,
        "/movies?q=gi%E1%BB%9D%20gi%E1%BA%A3i",
        None,
        None,
    )
    .await;
    let titles: Vec<&str> = found
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|movie| movie["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["The Long Intermission"]);

    // Showtimes name the film in each language it has a title in.
    let showtimes = call(&app, Method::GET, "/showtimes?limit=500", None, None).await;
    let lanterns = showtimes
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|showtime| showtime["movie_title"] == "Paper Lanterns")
        .expect("a showtime of a demo film");
    assert_eq!(lanterns["movie_titles"]["vi"], "Đèn Lồng Giấy");

    let mut bad = new_movie("bad-language");
    bad["translations"] = json!({ "Not A Tag!": { "title": "x" } });
    let refused = call(&app, Method::POST, "/movies", Some(Role::Admin), Some(bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["detail"][0]["loc"][1], "translations");
}
