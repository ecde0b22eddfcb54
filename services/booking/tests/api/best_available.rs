//! Best available: the service chooses the seats for a group, side by side, two thirds back
//! and central, split over adjacent rows only when it must, and never the same seat for two
//! customers asking at once. The big demo halls are rows A-H of "WP.SSSSSSSS.PW" (A),
//! "SS.SSSSSSSS.SS" (B-E), VIP rows F-G and couple row H.

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use futures::future::join_all;
use serde_json::{Value, json};
use service_kit::auth::Role;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{User, app, call, spare_showtime, user};

async fn best(
    app: &axum::Router,
    who: &User,
    showtime: Uuid,
    wanted: Value,
) -> (StatusCode, Value) {
    let body = json!({ "showtime_id": showtime, "best_available": wanted });
    let answer = call(app, Method::POST, "/holds", who, Some(body)).await;
    (answer.status, answer.body)
}

async fn let_go(app: &axum::Router, who: &User, hold: &Value) {
    let uri = format!("/holds/{}", hold["id"].as_str().unwrap());
    call(app, Method::DELETE, &uri, who, None).await;
}

fn row_and_numbers(seats: &Value) -> (String, Vec<i32>) {
    let labels: Vec<&str> = (seats.as_array().unwrap().iter())
        .map(|s| s.as_str().unwrap())
        .collect();
    let row = labels[0][..1].to_owned();
    let mut numbers: Vec<i32> = labels
        .iter()
        .map(|label| label[1..].parse().unwrap())
        .collect();
    numbers.sort_unstable();
    (row, numbers)
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn four_best_seats_are_held_side_by_side_two_thirds_back_in_the_middle(pool: PgPool) {
    let app = app(pool);
    let showtime = spare_showtime(9).await;
    let ada = user(Role::Customer);
    let (status, hold) = best(&app, &ada, showtime, json!({ "count": 4 })).await;
    assert_eq!(status, StatusCode::CREATED, "{hold}");
    assert_eq!(hold["split"], false);
    assert_eq!(hold["groups"].as_array().unwrap().len(), 1);
    let (row, numbers) = row_and_numbers(&hold["seats"]);
    // Rows A-H: two thirds back lies between E and F; the middle block is seats 3-10.
    assert_eq!((row.as_str(), numbers), ("E", vec![5, 6, 7, 8]), "{hold}");

    let (status, vip) = best(
        &app,
        &ada,
        showtime,
        json!({ "count": 2, "seat_type": "vip" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{vip}");
    let (row, numbers) = row_and_numbers(&vip["seats"]);
    assert_eq!((row.as_str(), numbers), ("F", vec![6, 7]), "{vip}");
    let_go(&app, &ada, &hold).await;
    let_go(&app, &ada, &vip).await;
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_group_no_row_can_seat_is_split_over_adjacent_rows_and_says_so(pool: PgPool) {
    let app = app(pool);
    let showtime = spare_showtime(10).await;
    let staff = user(Role::Staff);
    // The widest block between aisles has eight seats.
    let (status, hold) = best(&app, &staff, showtime, json!({ "count": 10 })).await;
    assert_eq!(status, StatusCode::CREATED, "{hold}");
    assert_eq!(hold["split"], true);
    let groups = hold["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{hold}");
    let rows: Vec<u8> = groups
        .iter()
        .map(|group| group[0].as_str().unwrap().as_bytes()[0])
        .collect();
    assert_eq!(rows[0].abs_diff(rows[1]), 1, "adjacent rows: {hold}");
    let_go(&app, &staff, &hold).await;
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn best_available_refuses_what_it_cannot_choose(pool: PgPool) {
    let app = app(pool);
    let showtime = spare_showtime(11).await;
    let ada = user(Role::Customer);
    for (wanted, expected) in [
        (json!({ "count": 0 }), StatusCode::BAD_REQUEST),
        (json!({ "count": 11 }), StatusCode::BAD_REQUEST),
        (
            json!({ "count": 2, "seat_type": "wheelchair" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, body) = best(&app, &ada, showtime, wanted.clone()).await;
        assert_eq!(status, expected, "{wanted}: {body}");
    }
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn fifty_customers_asking_for_four_at_once_get_different_seats_or_a_clean_refusal(
    pool: PgPool,
) {
    let app = app(pool);
    let showtime = spare_showtime(12).await;
    let customers: Vec<User> = (0..50).map(|_| user(Role::Customer)).collect();
    let asked = customers.iter().map(|who| {
        let app = app.clone();
        async move { best(&app, who, showtime, json!({ "count": 4 })).await }
    });
    let answers = join_all(asked).await;

    let mut seen = HashSet::new();
    let mut held = 0;
    for (status, body) in &answers {
        match *status {
            StatusCode::CREATED => {
                held += 1;
                let seats = body["seat_ids"].as_array().unwrap();
                assert_eq!(seats.len(), 4, "{body}");
                for seat in seats {
                    assert!(
                        seen.insert(seat.as_str().unwrap().to_owned()),
                        "{seat} held twice"
                    );
                }
            }
            StatusCode::CONFLICT => assert!(body["detail"].is_string(), "{body}"),
            other => panic!("{other}: {body}"),
        }
    }
    // 92 seats for sale (wheelchair and companion spaces aside): room for 23 groups of four
    // when packed well. How well depends on who was first; fewer than 20 is acceptable only
    // when what is left has no room for a group of four (refusals were not needless).
    if held < 20 {
        let late = user(Role::Customer);
        let (status, body) = best(&app, &late, showtime, json!({ "count": 4 })).await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "only {held} groups held while there was room for more: {body}"
        );
    }
    for ((status, body), who) in answers.iter().zip(&customers) {
        if *status == StatusCode::CREATED {
            let_go(&app, who, body).await;
        }
    }
}
