//! Seats kept for the box office: marked per showtime by an admin, or a number per cinema;
//! sold online only from the cinema's release time before the show.

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use service_kit::{auth::Role, testing};
use sqlx::PgPool;

use crate::admin::{call, seeded};

fn seat<'a>(map: &'a Value, label: &str) -> &'a Value {
    map["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|seat| {
            format!(
                "{}{}",
                seat["seat_row"].as_str().unwrap(),
                seat["seat_number"]
            ) == label
        })
        .unwrap()
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn an_admin_keeps_seats_for_the_box_office_and_only_staff_see_them_on_sale(pool: PgPool) {
    let app = seeded(pool).await;
    let rules = json!({
        "slug": "marquee-hue", "name": "Marquee Hue", "address": "2 Le Loi", "city": "Hue",
        "counter_seats_per_showtime": 2, "counter_release_minutes": 45
    });
    let cinema = call(
        &app,
        Method::POST,
        "/theaters",
        Some(Role::Admin),
        Some(rules),
    )
    .await;
    assert_eq!(cinema.status, StatusCode::CREATED, "{}", cinema.body);
    let cinema_id = cinema.body["id"].as_str().unwrap();
    let layout = json!({ "name": "Hall 1", "layout": ["SSSS", "SSSS", "SSSS"] });
    let hall = call(
        &app,
        Method::POST,
        &format!("/theaters/{cinema_id}/halls"),
        Some(Role::Admin),
        Some(layout),
    )
    .await;
    let hall_id = hall.body["id"].as_str().unwrap();
    let (_, movies) = testing::get_json(&app, "/movies").await;
    let starts = Utc::now() + Duration::days(2);
    let mut showtime = json!({
        "movie_id": movies[0]["id"], "hall_id": hall_id, "starts_at": starts,
        "audio_language": "Vietnamese", "prices": { "standard": 90000 }
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
    let id = created.body["id"].as_str().unwrap().to_owned();

    // None marked: the cinema's two, the best of the hall (row B, the middle).
    let (_, seating) = testing::get_json(&app, &format!("/showtimes/{id}/seating")).await;
    let kept: Vec<String> = seating["seats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|seat| seat["counter_only"] == true)
        .map(|seat| {
            format!(
                "{}{}",
                seat["seat_row"].as_str().unwrap(),
                seat["seat_number"]
            )
        })
        .collect();
    assert_eq!(kept, ["B2", "B3"]);
    let until: DateTime<Utc> = serde_json::from_value(seating["counter_until"].clone()).unwrap();
    let starts_at: DateTime<Utc> = serde_json::from_value(seating["starts_at"].clone()).unwrap();
    assert_eq!(starts_at - until, Duration::minutes(45));
    assert_eq!(seating["cinema_name"], "Marquee Hue");
    assert_eq!(seating["time_zone"], "Asia/Ho_Chi_Minh");

    // Marked seats replace the cinema's number; an unknown one is named. (The same start, as
    // stored: a move would ask the booking service whether tickets are sold.)
    showtime["starts_at"] = seating["starts_at"].clone();
    showtime["counter_seats"] = json!(["a1", "Z9"]);
    let refused = call(
        &app,
        Method::PUT,
        &format!("/showtimes/{id}"),
        Some(Role::Admin),
        Some(showtime.clone()),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(
        refused.body["detail"][0]["msg"],
        "No such seat in this hall: Z9"
    );
    showtime["counter_seats"] = json!(["a1"]);
    let marked = call(
        &app,
        Method::PUT,
        &format!("/showtimes/{id}"),
        Some(Role::Admin),
        Some(showtime),
    )
    .await;
    assert_eq!(marked.status, StatusCode::OK, "{}", marked.body);

    // The public sees it not for sale; staff see it on sale and marked.
    let (_, public) = testing::get_json(&app, &format!("/showtimes/{id}/seats")).await;
    assert_eq!(seat(&public, "A1")["status"], "blocked");
    assert_eq!(seat(&public, "A1")["counter_only"], true);
    assert_eq!(seat(&public, "B2")["status"], "available");
    let staff = call(
        &app,
        Method::GET,
        &format!("/showtimes/{id}/seats"),
        Some(Role::Staff),
        None,
    )
    .await;
    assert_eq!(seat(&staff.body, "A1")["status"], "available");
    assert_eq!(seat(&staff.body, "A1")["counter_only"], true);
}
