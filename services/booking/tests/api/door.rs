//! Letting tickets in at the door: once, however many scanners, only by staff, only genuine
//! tickets of confirmed bookings, at the right cinema and time.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{User, app, book, call, cinema_with_showtime_soon, pay, showtime, user};

/// A paid booking of `seats` by a new customer; answers the booking and its ticket's token.
async fn paid_ticket(
    app: &axum::Router,
    pool: &PgPool,
    showtime: uuid::Uuid,
    seats: &[&str],
) -> (Value, String) {
    let customer = user(Role::Customer);
    let booked = book(app, &customer, showtime, seats).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    let id = booked.body["id"].as_str().unwrap().to_owned();
    pay(pool, &id).await;
    let ticket = call(
        app,
        Method::GET,
        &format!("/bookings/{id}/ticket"),
        &customer,
        None,
    )
    .await;
    assert_eq!(ticket.status, StatusCode::OK, "{}", ticket.body);
    (
        booked.body,
        ticket.body["token"].as_str().unwrap().to_owned(),
    )
}

async fn admit(
    app: &axum::Router,
    staff: &User,
    body: Value,
) -> service_kit::testing::TestResponse {
    call(app, Method::POST, "/tickets/admit", staff, Some(body)).await
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_ticket_is_admitted_once_and_a_second_scan_says_when(pool: PgPool) {
    let app = app(pool.clone());
    let (_, showtime) = cinema_with_showtime_soon(30, json!({})).await;
    let (booking, token) = paid_ticket(&app, &pool, showtime, &["A1", "A2"]).await;
    let staff = user(Role::Staff);

    let first = admit(&app, &staff, json!({ "token": token })).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["admitted"], true);
    assert_eq!(first.body["seats"], json!(["A1", "A2"]));
    assert_eq!(first.body["count"], 2);
    assert_eq!(first.body["admitted_by"], staff.id.to_string());

    let again = admit(&app, &staff, json!({ "token": token })).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(again.body["reason"], "already_admitted");
    let detail = again.body["detail"].as_str().unwrap();
    assert!(detail.starts_with("Already admitted at "), "{detail}");
    assert_eq!(detail.len(), "Already admitted at 19:42".len(), "{detail}");
    // The code and the time beside the English, for screens in other languages.
    assert_eq!(again.body["code"], "already_admitted");
    assert_eq!(
        again.body["params"]["time"],
        detail.trim_start_matches("Already admitted at ")
    );
    assert_eq!(
        again.body["admitted_at"]
            .as_str()
            .map(|at| at.parse::<chrono::DateTime<chrono::Utc>>().is_ok()),
        Some(true)
    );
    // Typing the code is the same ticket.
    let code = booking["booking_code"].as_str().unwrap().to_lowercase();
    let by_code = admit(&app, &staff, json!({ "booking_code": code })).await;
    assert_eq!(by_code.status, StatusCode::CONFLICT);

    // Verifying stays read-only and now reports the admission.
    let verified = call(
        &app,
        Method::POST,
        "/tickets/verify",
        &staff,
        Some(json!({ "token": token })),
    )
    .await;
    assert_eq!(verified.body["valid"], true);
    assert_eq!(verified.body["admitted_at"], again.body["admitted_at"]);

    // A ticket used at the door is not cancelled (nor refunded) afterwards, not even by staff.
    let id = booking["id"].as_str().unwrap();
    let cancel = call(
        &app,
        Method::POST,
        &format!("/bookings/{id}/cancel"),
        &staff,
        None,
    )
    .await;
    assert_eq!(cancel.status, StatusCode::CONFLICT, "{}", cancel.body);
    assert_eq!(
        cancel.body["detail"],
        "This ticket has been used at the door; it can no longer be cancelled"
    );

    let counts = call(
        &app,
        Method::GET,
        &format!("/showtimes/{showtime}/admissions"),
        &staff,
        None,
    )
    .await;
    assert_eq!(counts.status, StatusCode::OK);
    assert_eq!(
        (
            counts.body["sold_seats"].as_i64(),
            counts.body["admitted_seats"].as_i64()
        ),
        (Some(2), Some(2))
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn two_scanners_at_the_same_moment_admit_a_ticket_once(pool: PgPool) {
    let app = app(pool.clone());
    let (_, showtime) = cinema_with_showtime_soon(20, json!({})).await;
    for seat in ["B1", "B2", "B3"] {
        let (_, token) = paid_ticket(&app, &pool, showtime, &[seat]).await;
        let (front, side) = (user(Role::Staff), user(Role::Admin));
        let (a, b) = tokio::join!(
            admit(&app, &front, json!({ "token": token })),
            admit(&app, &side, json!({ "token": token })),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "{} / {}",
            a.body,
            b.body
        );
    }
    let staff = user(Role::Staff);
    let counts = call(
        &app,
        Method::GET,
        &format!("/showtimes/{showtime}/admissions"),
        &staff,
        None,
    )
    .await;
    assert_eq!(counts.body["admitted_bookings"], 3);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn only_staff_admit_tickets_or_see_the_doors_count(pool: PgPool) {
    let app = app(pool.clone());
    let (_, showtime) = cinema_with_showtime_soon(25, json!({})).await;
    let (_, token) = paid_ticket(&app, &pool, showtime, &["C6"]).await;
    let anonymous = service_kit::testing::send(
        &app,
        service_kit::testing::json_request(
            Method::POST,
            "/tickets/admit",
            None,
            Some(json!({ "token": token })),
        ),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let customer = user(Role::Customer);
    let refused = admit(&app, &customer, json!({ "token": token })).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.body["detail"], "Only staff admit tickets");
    let counts = call(
        &app,
        Method::GET,
        &format!("/showtimes/{showtime}/admissions"),
        &customer,
        None,
    )
    .await;
    assert_eq!(counts.status, StatusCode::FORBIDDEN);
    // Nothing was recorded by the refusals.
    let admitted = admit(&app, &user(Role::Admin), json!({ "token": token })).await;
    assert_eq!(admitted.status, StatusCode::OK, "{}", admitted.body);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_tampered_ticket_is_refused_as_not_genuine(pool: PgPool) {
    let app = app(pool.clone());
    let (_, showtime) = cinema_with_showtime_soon(15, json!({})).await;
    let (booking, token) = paid_ticket(&app, &pool, showtime, &["A6"]).await;
    let staff = user(Role::Staff);
    let code = booking["booking_code"].as_str().unwrap();
    let other_code = if code.starts_with('A') {
        code.replacen('A', "B", 1)
    } else {
        format!("A{}", &code[1..])
    };
    for forged in [
        token.replace(code, &other_code),
        format!("{token}x"),
        "MQT1.nonsense".into(),
    ] {
        let refused = admit(&app, &staff, json!({ "token": forged })).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{forged}: {}",
            refused.body
        );
        assert_eq!(refused.body["reason"], "forged");
        assert_eq!(refused.body["detail"], "Not a genuine Marquee ticket");
    }
    let unknown = admit(&app, &staff, json!({ "booking_code": "ZZZZ2222" })).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let neither = admit(&app, &staff, json!({})).await;
    assert_eq!(neither.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The genuine ticket is still good.
    assert_eq!(
        admit(&app, &staff, json!({ "token": token })).await.status,
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn cancelled_and_unpaid_bookings_are_not_admitted(pool: PgPool) {
    let app = app(pool.clone());
    let (_, showtime) = cinema_with_showtime_soon(35, json!({})).await;
    let (booking, token) = paid_ticket(&app, &pool, showtime, &["B5"]).await;
    let staff = user(Role::Staff);
    let id = booking["id"].as_str().unwrap();
    let cancelled = call(
        &app,
        Method::POST,
        &format!("/bookings/{id}/cancel"),
        &staff,
        None,
    )
    .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
    let refused = admit(&app, &staff, json!({ "token": token })).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.body["reason"], "not_confirmed");
    assert_eq!(refused.body["detail"], "The booking is cancelled");

    let unpaid = book(&app, &user(Role::Customer), showtime, &["B6"]).await;
    let code = unpaid.body["booking_code"].as_str().unwrap();
    let refused = admit(&app, &staff, json!({ "booking_code": code })).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        refused.body["detail"],
        "Not paid: the booking is still pending"
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_ticket_is_refused_before_its_door_opens_and_at_another_cinema(pool: PgPool) {
    let app = app(pool.clone());
    let staff = user(Role::Staff);
    // The demo's showtimes are days ahead: the door opens an hour before.
    let (_, early) = paid_ticket(&app, &pool, showtime(23).await, &["E5"]).await;
    let refused = admit(&app, &staff, json!({ "token": early })).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.body["reason"], "too_early");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("Too early: doors open at ")
    );

    let (cinema, showtime) = cinema_with_showtime_soon(40, json!({})).await;
    let (_, token) = paid_ticket(&app, &pool, showtime, &["C1"]).await;
    let elsewhere = uuid::Uuid::new_v4();
    let refused = admit(
        &app,
        &staff,
        json!({ "token": token, "cinema_id": elsewhere }),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["reason"], "wrong_cinema");
    assert_eq!(
        refused.body["detail"],
        "This ticket is for Marquee Door Test"
    );
    let here = admit(&app, &staff, json!({ "token": token, "cinema_id": cinema })).await;
    assert_eq!(here.status, StatusCode::OK, "{}", here.body);
}
