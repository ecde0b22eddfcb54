use axum::{Router, http::StatusCode};
use serde_json::Value;
use service_kit::testing;
use sqlx::PgPool;

async fn seeded(pool: PgPool) -> Router {
    movie_service::demo::seed(&pool).await.unwrap();
    movie_service::demo_cinemas::seed(&pool).await.unwrap();
    crate::app(pool)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    testing::get_json(app, uri).await
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn theaters_have_the_original_fields_and_filter_by_city(pool: PgPool) {
    let app = seeded(pool).await;
    let (status, theaters) = get(&app, "/theaters").await;
    assert_eq!(status, StatusCode::OK);
    let theaters = theaters.as_array().unwrap();
    assert_eq!(theaters.len(), 3);
    for field in ["id", "name", "location", "city", "total_seats"] {
        assert!(theaters[0].get(field).is_some(), "{field}");
    }
    let cities: std::collections::BTreeSet<_> = theaters
        .iter()
        .map(|t| t["city"].as_str().unwrap())
        .collect();
    assert_eq!(cities.len(), 2);

    let (_, hanoi) = get(&app, "/theaters?city=hanoi").await;
    assert_eq!(hanoi.as_array().unwrap().len(), 1);
    assert!(hanoi[0]["halls"].as_array().unwrap().len() >= 2);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn showtimes_filter_by_movie_cinema_city_and_date(pool: PgPool) {
    let app = seeded(pool).await;
    let (_, all) = get(&app, "/showtimes?limit=500").await;
    let all = all.as_array().unwrap();
    assert!(all.len() > 100, "a week of showtimes: {}", all.len());
    let sample = &all[all.len() / 2];
    for field in [
        "id",
        "movie_id",
        "theater_id",
        "show_date",
        "show_time",
        "price",
        "available_seats",
        "total_seats",
    ] {
        assert!(sample.get(field).is_some(), "{field}");
    }

    let movie_id = sample["movie_id"].as_str().unwrap();
    let (_, by_movie) = get(&app, &format!("/showtimes?movie_id={movie_id}&limit=500")).await;
    assert!(
        by_movie
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["movie_id"] == movie_id)
    );

    let theater_id = sample["theater_id"].as_str().unwrap();
    let (_, by_cinema) = get(
        &app,
        &format!("/showtimes?theater_id={theater_id}&limit=500"),
    )
    .await;
    assert!(
        by_cinema
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["theater_id"] == theater_id)
    );

    let (_, hanoi) = get(&app, "/showtimes?city=Hanoi&limit=500").await;
    assert!(!hanoi.as_array().unwrap().is_empty());
    assert!(
        hanoi
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["city"] == "Hanoi")
    );

    let date = sample["show_date"].as_str().unwrap();
    let (_, on_day) = get(&app, &format!("/showtimes?date={date}&limit=500")).await;
    assert!(!on_day.as_array().unwrap().is_empty());
    assert!(
        on_day
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["show_date"] == date)
    );

    let (status, body) = get(&app, "/showtimes?date=tomorrow").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["detail"].as_str().unwrap().contains("date"));
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn movies_filter_by_city_and_date_of_their_showtimes(pool: PgPool) {
    let app = seeded(pool).await;
    let (_, in_hanoi) = get(&app, "/movies?city=Hanoi").await;
    let in_hanoi = in_hanoi.as_array().unwrap();
    assert!(!in_hanoi.is_empty());
    assert!(in_hanoi.iter().all(|m| m["status"] == "now_showing"));
    let (_, nowhere) = get(&app, "/movies?city=Atlantis").await;
    assert!(nowhere.as_array().unwrap().is_empty());
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_showtime_comes_with_its_movie_and_cinema(pool: PgPool) {
    let app = seeded(pool).await;
    let (_, list) = get(&app, "/showtimes?limit=1").await;
    let id = list[0]["id"].as_str().unwrap();
    let (status, showtime) = get(&app, &format!("/showtimes/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(showtime["movie"]["id"], showtime["movie_id"]);
    assert_eq!(showtime["theater"]["id"], showtime["theater_id"]);
    let (status, _) = get(&app, &format!("/showtimes/{}", uuid::Uuid::new_v4())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn the_seat_map_has_types_prices_pairs_and_blocked_seats(pool: PgPool) {
    let app = seeded(pool.clone()).await;
    // Hall 1 of Saigon Centre: wheelchair spaces, VIP rows, couple seats and a broken B5.
    let showtime: uuid::Uuid = sqlx::query_scalar(
        "SELECT s.id FROM showtimes s JOIN halls h ON h.id = s.hall_id JOIN cinemas c ON c.id = h.cinema_id
         WHERE c.slug = 'marquee-saigon-centre' AND h.name = 'Hall 1' LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (status, map) = get(&app, &format!("/showtimes/{showtime}/seats")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(map["showtime_status"], "scheduled");
    assert!(map["starts_at"].is_string());
    assert_eq!(map["rows"], 8);
    assert_eq!(map["columns"], 14);
    let seats = map["seats"].as_array().unwrap();
    let seat = |label: &str| {
        seats
            .iter()
            .find(|s| format!("{}{}", s["seat_row"].as_str().unwrap(), s["seat_number"]) == label)
            .unwrap_or_else(|| panic!("no seat {label}"))
            .clone()
    };
    assert_eq!(seat("A1")["seat_type"], "wheelchair");
    assert_eq!(seat("A2")["seat_type"], "companion");
    assert_eq!(seat("B5")["status"], "blocked");
    assert_eq!(seat("B6")["status"], "available");
    let vip = seat("F3");
    assert_eq!(vip["seat_type"], "vip");
    assert_eq!(vip["price"], map["prices"]["vip"]);
    assert!(vip["price"].as_i64().unwrap() > seat("B6")["price"].as_i64().unwrap());
    assert_eq!(seat("H1")["pair_with"], 2);
    assert_eq!(seat("H2")["pair_with"], 1);
    assert_eq!(
        map["available_seats"].as_i64().unwrap(),
        map["total_seats"].as_i64().unwrap() - 1
    );
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn two_showtimes_cannot_overlap_in_one_hall(pool: PgPool) {
    let _app = seeded(pool.clone()).await;
    let (hall_id, movie_id, starts_at): (uuid::Uuid, uuid::Uuid, chrono::DateTime<chrono::Utc>) =
        sqlx::query_as("SELECT hall_id, movie_id, starts_at FROM showtimes LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let overlapping = sqlx::query(
        "INSERT INTO showtimes (movie_id, hall_id, starts_at, ends_at, audio_language, prices)
         VALUES ($1, $2, $3 + interval '30 minutes', $3 + interval '150 minutes', 'English',
                 '{\"standard\": 90000}')",
    )
    .bind(movie_id)
    .bind(hall_id)
    .bind(starts_at)
    .execute(&pool)
    .await
    .unwrap_err();
    assert_eq!(
        overlapping.as_database_error().unwrap().constraint(),
        Some("showtimes_no_overlap")
    );
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn seats_of_a_theater_and_404_for_an_unknown_one(pool: PgPool) {
    let app = seeded(pool).await;
    let (_, theaters) = get(&app, "/theaters").await;
    let id = theaters[0]["id"].as_str().unwrap();
    let (status, seats) = get(&app, &format!("/seats/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let seats = seats.as_array().unwrap();
    assert_eq!(
        seats.len() as i64,
        theaters[0]["total_seats"].as_i64().unwrap()
    );
    for field in ["id", "theater_id", "seat_row", "seat_number", "seat_type"] {
        assert!(seats[0].get(field).is_some(), "{field}");
    }
    let (status, _) = get(&app, &format!("/seats/{}", uuid::Uuid::new_v4())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
