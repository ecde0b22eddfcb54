//! Wheelchair spaces and companion seats: sold as such until the cinema's release rule frees
//! them (a set time before the show, or once every other seat is sold), each release audited.
//! The big demo halls' row A is "WP.SSSSSSSS.PW": A1 and A12 are spaces, A2 and A11 beside them.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use service_kit::auth::Role;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{User, app, call, showtime_in_hall_soon, spare_showtime, user};

async fn hold(
    app: &axum::Router,
    who: &User,
    showtime: Uuid,
    seats: &[&str],
    needs: bool,
) -> (StatusCode, Value) {
    let body =
        json!({ "showtime_id": showtime, "seat_ids": seats, "needs_wheelchair_space": needs });
    let answer = call(app, Method::POST, "/holds", who, Some(body)).await;
    (answer.status, answer.body)
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_wheelchair_space_needs_confirming_and_a_companion_seat_its_space(pool: PgPool) {
    let app = app(pool);
    // Days ahead: the demo cinemas release accessible seats only an hour before the show.
    let showtime = spare_showtime(24).await;
    let (ada, bob, cara) = (
        user(Role::Customer),
        user(Role::Customer),
        user(Role::Customer),
    );

    let (status, refused) = hold(&app, &ada, showtime, &["A1"], false).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(
        refused["detail"],
        "A1 is a wheelchair space, kept for guests who use a wheelchair: confirm that you need it (needs_wheelchair_space)"
    );
    let (status, space) = hold(&app, &ada, showtime, &["A1"], true).await;
    assert_eq!(status, StatusCode::CREATED, "{space}");

    let (status, alone) = hold(&app, &bob, showtime, &["A2"], false).await;
    assert_eq!(status, StatusCode::CONFLICT, "{alone}");
    assert_eq!(
        alone["detail"],
        "Companion seat A2: book it with the wheelchair space beside it"
    );
    // Whoever holds the space beside it may add its companion seat.
    let (status, companion) = hold(&app, &ada, showtime, &["A2"], false).await;
    assert_eq!(status, StatusCode::CREATED, "{companion}");
    // Together in one hold, the other end of the row.
    let (status, pair) = hold(&app, &cara, showtime, &["A11", "A12"], true).await;
    assert_eq!(status, StatusCode::CREATED, "{pair}");

    // A booking carries the same answer.
    let body = json!({ "showtime_id": spare_showtime(25).await, "seat_ids": ["A12"] });
    let booked = call(&app, Method::POST, "/bookings", &bob, Some(body)).await;
    assert_eq!(booked.status, StatusCode::CONFLICT, "{}", booked.body);
    for held in [&space, &companion, &pair] {
        let uri = format!("/holds/{}", held["id"].as_str().unwrap());
        let owner = if held == &pair { &cara } else { &ada };
        call(&app, Method::DELETE, &uri, owner, None).await;
    }
}

const ACCESSIBLE_HALL: &[&str] = &["WPSSPW", "SSSSSS"];

async fn releases(app: &axum::Router, showtime: Uuid) -> Value {
    let uri = format!("/accessible-releases?showtime_id={showtime}");
    let answer = call(app, Method::GET, &uri, &user(Role::Admin), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_timed_release_frees_them_so_many_minutes_before_the_show_and_is_audited(pool: PgPool) {
    let app = app(pool);
    let rule = json!({ "accessible_release": "timed", "accessible_release_minutes": 60 });
    let (_, later) =
        showtime_in_hall_soon(3 * 24 * 60, rule.clone(), 90_000, ACCESSIBLE_HALL).await;
    let (_, soon) = showtime_in_hall_soon(30, rule, 90_000, ACCESSIBLE_HALL).await;
    let ada = user(Role::Customer);

    let (status, _) = hold(&app, &ada, later, &["A2"], false).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(releases(&app, later).await, json!([]));
    let (status, freed) = hold(&app, &ada, soon, &["A2"], false).await;
    assert_eq!(status, StatusCode::CREATED, "{freed}");
    let audit = releases(&app, soon).await;
    assert_eq!(audit[0]["rule"], "timed", "{audit}");
    // Customers may not read the audit.
    let uri = format!("/accessible-releases?showtime_id={soon}");
    assert_eq!(
        call(&app, Method::GET, &uri, &ada, None).await.status,
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_rest_sold_release_frees_them_once_every_other_seat_is_sold(pool: PgPool) {
    let app = app(pool);
    let rule = json!({ "accessible_release": "rest_sold" });
    let (_, showtime) = showtime_in_hall_soon(30, rule, 90_000, ACCESSIBLE_HALL).await;
    let (ada, staff) = (user(Role::Customer), user(Role::Staff));

    let (status, _) = hold(&app, &ada, showtime, &["A2"], false).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "half an hour before the show, yet not released"
    );
    let others = ["A3", "A4", "B1", "B2", "B3", "B4", "B5", "B6"];
    let body = json!({ "showtime_id": showtime, "seat_ids": others });
    let sold = call(&app, Method::POST, "/bookings", &staff, Some(body)).await;
    assert_eq!(sold.status, StatusCode::CREATED, "{}", sold.body);

    let (status, freed) = hold(&app, &ada, showtime, &["A2"], false).await;
    assert_eq!(status, StatusCode::CREATED, "{freed}");
    assert_eq!(releases(&app, showtime).await[0]["rule"], "rest_sold");
}
