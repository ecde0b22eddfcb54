//! Cancelling some seats of a paid booking: freed, announced, refunded at their price (through
//! `booking.seats_cancelled`) and the ticket reissued, the old one no longer good at the door.

use axum::http::{Method, StatusCode};
use futures::StreamExt;
use serde_json::{Value, json};
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{User, app, book, call, pay, spare_showtime, user};

async fn cancel(app: &axum::Router, who: &User, id: &str, seats: &[&str]) -> (StatusCode, Value) {
    let uri = format!("/bookings/{id}/cancel");
    let response = call(
        app,
        Method::POST,
        &uri,
        who,
        Some(json!({ "seat_ids": seats })),
    )
    .await;
    (response.status, response.body)
}

async fn ticket_of(app: &axum::Router, who: &User, id: &str) -> String {
    let ticket = call(
        app,
        Method::GET,
        &format!("/bookings/{id}/ticket"),
        who,
        None,
    )
    .await;
    assert_eq!(ticket.status, StatusCode::OK, "{}", ticket.body);
    ticket.body["token"].as_str().unwrap().to_owned()
}

fn labels(seats: &Value) -> Vec<&str> {
    (seats.as_array().unwrap().iter())
        .map(|seat| seat["label"].as_str().unwrap())
        .collect()
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn cancelling_some_seats_frees_them_refunds_their_price_and_reissues_the_ticket(
    pool: PgPool,
) {
    let app = app(pool.clone());
    let showtime = spare_showtime(5).await;
    let (ada, staff) = (user(Role::Customer), user(Role::Staff));
    let booked = book(&app, &ada, showtime, &["E1", "E2", "E3"]).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    let id = booked.body["id"].as_str().unwrap().to_owned();
    pay(&pool, &id).await;
    let first_ticket = ticket_of(&app, &ada, &id).await;

    let client = redis::Client::open(std::env::var("REDIS_URL").unwrap()).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    let channel = api_types::live::seat_channel(showtime);
    pubsub.subscribe(channel).await.unwrap();

    // Customers are past this test's refund cutoff; staff may cancel for them.
    let (status, refused) = cancel(&app, &ada, &id, &["E2"]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("minutes before")
    );
    let (status, kept) = cancel(&app, &staff, &id, &["e2"]).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["status"], "confirmed");
    assert_eq!(labels(&kept["seats"]), ["E1", "E3"]);
    assert_eq!(labels(&kept["cancelled_seats"]), ["E2"]);
    assert_eq!(kept["total_seats"], 2);
    assert_eq!(kept["ticket_generation"], 1);
    let price = kept["cancelled_seats"][0]["price"].as_str().unwrap();
    let each: f64 = price.parse().unwrap();
    let total: f64 = kept["total_price"].as_str().unwrap().parse().unwrap();
    assert_eq!(total, 2.0 * each);

    // The freed seat is announced on the live feed and is free on the seat map.
    let message = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        pubsub.on_message().next(),
    )
    .await
    .expect("an announcement within 5 s")
    .unwrap();
    let announced: Value = serde_json::from_str(&message.get_payload::<String>().unwrap()).unwrap();
    assert_eq!(announced["status"], "available");
    assert_eq!(
        announced["seat_ids"],
        json!([kept["cancelled_seats"][0]["seat_id"]])
    );
    let map = call(
        &app,
        Method::GET,
        &format!("/showtimes/{showtime}/seat-status"),
        &ada,
        None,
    )
    .await;
    let taken: Vec<&str> = (map.body["seats"].as_array().unwrap().iter())
        .map(|seat| seat["seat_id"].as_str().unwrap())
        .collect();
    let freed = kept["cancelled_seats"][0]["seat_id"].as_str().unwrap();
    assert!(!taken.contains(&freed) && taken.len() == 2, "{}", map.body);

    // The payment service is asked to refund that seat's price, and the new ticket travels along.
    let event: Value = sqlx::query_scalar(
        "SELECT payload->'data' FROM outbox WHERE event_type = 'booking.seats_cancelled'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(event["refund_amount"], price);
    assert_eq!(labels(&event["released_seats"]), ["E2"]);
    let new_ticket = ticket_of(&app, &ada, &id).await;
    assert_eq!(event["ticket_token"], new_ticket.as_str());
    assert_ne!(new_ticket, first_ticket);

    // Only the new ticket is good: the old one neither verifies nor admits.
    let verify = async |token: &str| {
        let body = json!({ "token": token });
        call(&app, Method::POST, "/tickets/verify", &staff, Some(body))
            .await
            .body
    };
    let old = verify(&first_ticket).await;
    assert_eq!(old["valid"], false, "{old}");
    assert!(
        old["reason"].as_str().unwrap().contains("replaced"),
        "{old}"
    );
    let new = verify(&new_ticket).await;
    assert_eq!(new["valid"], true, "{new}");
    assert_eq!(new["seats"], json!(["E1", "E3"]));
    let at_door = call(
        &app,
        Method::POST,
        "/tickets/admit",
        &staff,
        Some(json!({ "token": first_ticket })),
    )
    .await;
    assert_eq!(at_door.status, StatusCode::CONFLICT, "{}", at_door.body);
    assert_eq!(at_door.body["reason"], "replaced");
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn only_seats_of_a_paid_booking_can_be_cancelled_one_by_one(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = spare_showtime(6).await;
    let (ada, staff) = (user(Role::Customer), user(Role::Staff));
    let booked = book(&app, &ada, showtime, &["E4", "E5"]).await;
    let id = booked.body["id"].as_str().unwrap().to_owned();

    let (status, unpaid) = cancel(&app, &ada, &id, &["E4"]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{unpaid}");
    assert!(
        unpaid["detail"]
            .as_str()
            .unwrap()
            .contains("cancel it whole")
    );

    pay(&pool, &id).await;
    let (status, stranger) = cancel(&app, &staff, &id, &["E4", "Z99"]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{stranger}");
    assert_eq!(stranger["detail"], "Not seats of this booking: Z99");
    let (status, _) = cancel(&app, &staff, &id, &["E4"]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, again) = cancel(&app, &staff, &id, &["E4"]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{again}");
    assert_eq!(again["detail"], "Not seats of this booking: E4");
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn naming_every_seat_left_cancels_the_whole_booking(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = spare_showtime(7).await;
    let (ada, staff) = (user(Role::Customer), user(Role::Staff));
    let booked = book(&app, &ada, showtime, &["E6", "E7"]).await;
    let id = booked.body["id"].as_str().unwrap().to_owned();
    pay(&pool, &id).await;

    let (_, kept) = cancel(&app, &staff, &id, &["E6"]).await;
    assert_eq!(kept["status"], "confirmed");
    let (status, ended) = cancel(&app, &staff, &id, &["E7"]).await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    assert_eq!(ended["status"], "cancelled");
    assert_eq!(ended["message"], "Booking cancelled");
    let events: Vec<String> = sqlx::query_scalar(
        "SELECT event_type FROM outbox WHERE event_type LIKE 'booking.%cancelled' ORDER BY created_at",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(events, ["booking.seats_cancelled", "booking.cancelled"]);
    let ticket = call(
        &app,
        Method::GET,
        &format!("/bookings/{id}/ticket"),
        &ada,
        None,
    )
    .await;
    assert_eq!(ticket.status, StatusCode::CONFLICT);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn staff_find_a_booking_by_the_code_read_out_and_customers_cannot(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = spare_showtime(8).await;
    let (ada, staff) = (user(Role::Customer), user(Role::Staff));
    let booked = book(&app, &ada, showtime, &["E8"]).await;
    let code = booked.body["booking_code"].as_str().unwrap().to_lowercase();

    let uri = format!("/bookings/by-code/{code}");
    let found = call(&app, Method::GET, &uri, &staff, None).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert_eq!(found.body["id"], booked.body["id"]);
    let customer = call(&app, Method::GET, &uri, &ada, None).await;
    assert_eq!(customer.status, StatusCode::FORBIDDEN);
    let unknown = call(
        &app,
        Method::GET,
        "/bookings/by-code/ZZZZ9999",
        &staff,
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
