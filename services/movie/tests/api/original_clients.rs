//! What the original's clients ask of the catalog, answered as the original did.

use axum::{
    Router,
    http::{Method, StatusCode},
};
use serde_json::Value;
use service_kit::testing::{self, TestResponse, json_request};
use sqlx::PgPool;

async fn seeded(pool: PgPool) -> Router {
    movie_service::demo::seed(&pool).await.unwrap();
    movie_service::demo_cinemas::seed(&pool).await.unwrap();
    crate::app(pool)
}

async fn get(app: &Router, uri: &str) -> TestResponse {
    testing::send(app, json_request(Method::GET, uri, None, None)).await
}

fn ids(list: &Value) -> Vec<&str> {
    (list.as_array().unwrap().iter())
        .map(|showtime| showtime["id"].as_str().unwrap())
        .collect()
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn every_upcoming_showtime_is_listed_when_no_limit_is_given(pool: PgPool) {
    let app = seeded(pool).await;
    let first_page = get(&app, "/showtimes?limit=1").await;
    let total: usize = first_page.headers["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total > 200, "the demo's week of showtimes: {total}");

    let everything = get(&app, "/showtimes").await;
    assert_eq!(everything.status, StatusCode::OK);
    assert_eq!(everything.body.as_array().unwrap().len(), total);
    assert!(everything.headers.get("x-total-count").is_none());
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_page_of_showtimes_links_to_the_next_one_with_the_same_filters(pool: PgPool) {
    let app = seeded(pool).await;
    let (_, cinemas) = testing::get_json(&app, "/theaters").await;
    let cinema = cinemas[0]["id"].as_str().unwrap();

    let page = get(
        &app,
        &format!("/showtimes?theater_id={cinema}&limit=5&offset=5"),
    )
    .await;
    let link = page.headers["link"].to_str().unwrap();
    assert_eq!(
        link,
        format!("<?theater_id={cinema}&limit=5&offset=10>; rel=\"next\"")
    );
    let total: usize = page.headers["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let last = get(
        &app,
        &format!(
            "/showtimes?theater_id={cinema}&limit=5&offset={}",
            total - 1
        ),
    )
    .await;
    assert_eq!(last.body.as_array().unwrap().len(), 1);
    assert!(last.headers.get("link").is_none(), "no page after the last");
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn the_originals_show_date_and_skip_are_understood_and_unknown_parameters_ignored(
    pool: PgPool,
) {
    let app = seeded(pool).await;
    let (_, some) = testing::get_json(&app, "/showtimes?limit=50").await;
    let day = some[40]["show_date"].as_str().unwrap().to_owned();

    let ours = get(&app, &format!("/showtimes?date={day}&offset=1")).await;
    let originals = get(&app, &format!("/showtimes?show_date={day}&skip=1&sort=asc")).await;
    assert_eq!(originals.status, StatusCode::OK);
    assert!(!ids(&ours.body).is_empty());
    assert_eq!(ids(&originals.body), ids(&ours.body));

    let movies = get(&app, "/movies?skip=0&page_size=3").await;
    assert_eq!(movies.status, StatusCode::OK);
    let theaters = get(&app, "/theaters?skip=0").await;
    assert_eq!(theaters.status, StatusCode::OK);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_bad_page_is_still_refused_with_its_reason(pool: PgPool) {
    let app = seeded(pool).await;
    for query in ["limit=0", "limit=501", "skip=-1"] {
        let page = get(&app, &format!("/showtimes?{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(
            page.body["detail"].as_str().unwrap().contains("limit"),
            "{query}"
        );
    }
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn available_seats_lists_the_seats_for_sale_and_the_seats_sold(pool: PgPool) {
    let app = seeded(pool).await;
    let (_, list) = testing::get_json(&app, "/showtimes?limit=1").await;
    let id = list[0]["id"].as_str().unwrap();

    let summary = get(&app, &format!("/showtimes/{id}/available-seats")).await;
    assert_eq!(summary.status, StatusCode::OK);
    let body = summary.body;
    let available = body["available_seats"].as_array().unwrap();
    assert_eq!(
        available.len() as i64,
        body["available_count"].as_i64().unwrap()
    );
    assert!(!available.is_empty());
    for field in ["id", "seat_row", "seat_number", "seat_type"] {
        assert!(available[0].get(field).is_some(), "{field}");
    }
    let booked = body["booked_seats"].as_array().unwrap();
    assert_eq!(booked.len() as i64, body["booked_count"].as_i64().unwrap());
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn the_service_says_what_it_is_at_its_root(pool: PgPool) {
    let app = crate::app(pool);
    let root = get(&app, "/").await;
    assert_eq!(root.status, StatusCode::OK);
    assert_eq!(root.body["service"], "movie-service");
    assert_eq!(root.body["status"], "running");
    assert!(root.body["version"].as_str().is_some());
}
