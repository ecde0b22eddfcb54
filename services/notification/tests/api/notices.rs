// Tests set environment variables before any service of the process reads them.
#![allow(unsafe_code)]
use axum::http::{Method, StatusCode};
use notification_service::{
    booking_events::Notices,
    mailer::{Mailer, Transport},
};
use serde_json::json;
use service_kit::{
    auth::Role,
    events::{Event, consumer},
    testing::{self, issuer},
};
use sqlx::PgPool;
use uuid::Uuid;

use crate::smtp;

fn handler() -> Notices {
    Notices {
        public_url: "http://marquee.test".into(),
        currency: "VND".into(),
        default_language: marquee_i18n::Language::english(),
    }
}

async fn deliver(pool: &PgPool, event: &Event) {
    consumer::process(
        pool,
        "test",
        &handler(),
        &serde_json::to_vec(event).unwrap(),
    )
    .await
    .unwrap();
}

fn booking(user_id: Uuid, booking_id: Uuid) -> serde_json::Value {
    json!({
        "id": booking_id, "user_id": user_id, "booking_code": "ABCD2345",
        "seats": [{ "label": "F7" }, { "label": "F8" }], "total_price": "240000.00",
        "payment_status": "paid", "contact_email": "ada@example.test",
    })
}

#[sqlx::test(migrator = "notification_service::MIGRATOR")]
async fn a_confirmation_is_a_notice_and_an_email_with_the_ticket(pool: PgPool) {
    // SAFETY: set before any service of this test process reads it.
    unsafe { std::env::set_var("BACKGROUND_WORK", "off") };
    let (user_id, booking_id) = (Uuid::new_v4(), Uuid::new_v4());
    deliver(
        &pool,
        &Event::new("booking.created", booking(user_id, booking_id), None),
    )
    .await;
    let mut confirmed = booking(user_id, booking_id);
    confirmed["ticket_token"] = json!("MQT1.ABCD2345.abc.sig");
    let confirmation = Event::new("booking.confirmed", confirmed, None);
    deliver(&pool, &confirmation).await;
    deliver(&pool, &confirmation).await; // redelivered: still one notice

    let (url, inbox) = smtp::listen().await;
    let mailer = Mailer::new(
        Transport::Smtp(notification_service::mailer::smtp(&url).unwrap()),
        "Marquee <tickets@marquee.test>",
    )
    .unwrap();
    assert_eq!(mailer.send_due(&pool).await.unwrap(), 1);
    assert_eq!(mailer.send_due(&pool).await.unwrap(), 0, "sent once");
    let messages = inbox.messages();
    assert_eq!(messages.len(), 1);
    let mail = &messages[0];
    assert!(mail.contains("To: ada@example.test"), "{mail}");
    assert!(
        mail.contains("Subject: Your tickets: booking ABCD2345"),
        "{mail}"
    );
    assert!(mail.contains("MQT1.ABCD2345.abc.sig"), "{mail}");
    assert!(
        mail.contains("text/html") && mail.contains("text/plain"),
        "{mail}"
    );

    // In the app: one unread notice, for this user only.
    let token = issuer().token_for(user_id, Role::Customer);
    let app = testing::app(&notification_service::spec(), pool.clone());
    let get = |uri: &'static str, token: String| {
        let app = app.clone();
        async move {
            testing::send(
                &app,
                testing::json_request(Method::GET, uri, Some(&token), None),
            )
            .await
        }
    };
    let listed = get("/notifications", token.clone()).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_eq!(listed.body[0]["type"], "booking_confirmed");
    assert_eq!(listed.body[0]["status"], "sent");
    assert_eq!(
        listed.body[0]["link"],
        format!("http://marquee.test/bookings/{booking_id}")
    );
    assert_eq!(
        get("/notifications/unread-count", token.clone()).await.body["unread"],
        1
    );
    let someone_else = issuer().token_for(Uuid::new_v4(), Role::Customer);
    assert_eq!(
        get("/notifications", someone_else.clone()).await.body,
        json!([])
    );

    let id = listed.body[0]["id"].as_str().unwrap();
    let read_uri = format!("/notifications/{id}/read");
    let not_theirs = testing::send(
        &app,
        testing::json_request(Method::POST, &read_uri, Some(&someone_else), None),
    )
    .await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);
    let read = testing::send(
        &app,
        testing::json_request(Method::POST, &read_uri, Some(&token), None),
    )
    .await;
    assert_eq!(read.body["read"], true);
    assert_eq!(
        get("/notifications/unread-count", token).await.body["unread"],
        0
    );
}

#[sqlx::test(migrator = "notification_service::MIGRATOR")]
async fn a_mail_server_that_is_down_delays_the_email_not_the_notice(pool: PgPool) {
    let (user_id, booking_id) = (Uuid::new_v4(), Uuid::new_v4());
    deliver(
        &pool,
        &Event::new("booking.cancelled", booking(user_id, booking_id), None),
    )
    .await;
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://{}", closed.local_addr().unwrap());
    drop(closed);
    let mailer = Mailer::new(
        Transport::Smtp(notification_service::mailer::smtp(&url).unwrap()),
        "Marquee <tickets@marquee.test>",
    )
    .unwrap();
    assert_eq!(mailer.send_due(&pool).await.unwrap(), 0);
    let (status, attempts, later): (String, i32, bool) =
        sqlx::query_as("SELECT status, attempts, next_attempt_at > now() FROM emails")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), attempts, later), ("pending", 1, true));
    let message: String = sqlx::query_scalar("SELECT message FROM notifications")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        message.contains("Your payment is being refunded"),
        "{message}"
    );
}

#[sqlx::test(migrator = "notification_service::MIGRATOR")]
async fn a_box_office_sale_emails_the_walk_in_and_leaves_the_seller_alone(pool: PgPool) {
    // SAFETY: set before any service of this test process reads it.
    unsafe { std::env::set_var("BACKGROUND_WORK", "off") };
    let (seller, booking_id) = (Uuid::new_v4(), Uuid::new_v4());
    // The seller's own booking made them known at their own address.
    deliver(
        &pool,
        &Event::new("booking.created", booking(seller, Uuid::new_v4()), None),
    )
    .await;
    let mut sale = booking(seller, booking_id);
    sale["sales_channel"] = json!("box_office");
    sale["contact_email"] = json!("walk-in@example.test");
    deliver(&pool, &Event::new("booking.created", sale.clone(), None)).await;
    sale["ticket_token"] = json!("MQT1.ABCD2345.abc.sig");
    deliver(&pool, &Event::new("booking.confirmed", sale, None)).await;

    let emails: Vec<(String, String)> =
        sqlx::query_as("SELECT to_address, subject FROM emails ORDER BY created_at")
            .fetch_all(&pool)
            .await
            .unwrap();
    let to_walk_in: Vec<&(String, String)> = emails
        .iter()
        .filter(|(to, _)| to == "walk-in@example.test")
        .collect();
    assert_eq!(to_walk_in.len(), 1, "{emails:?}");
    assert!(to_walk_in[0].1.starts_with("Your tickets"), "{emails:?}");
    let notices: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1")
        .bind(seller)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(notices, 0, "the seller has no notice of the sale");
    let address: String = sqlx::query_scalar("SELECT email FROM user_contacts WHERE user_id = $1")
        .bind(seller)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(address, "ada@example.test");

    let (url, inbox) = smtp::listen().await;
    let mailer = Mailer::new(
        Transport::Smtp(notification_service::mailer::smtp(&url).unwrap()),
        "Marquee <tickets@marquee.test>",
    )
    .unwrap();
    mailer.send_due(&pool).await.unwrap();
    assert!(
        inbox
            .messages()
            .iter()
            .any(|mail| mail.contains("To: walk-in@example.test"))
    );
}
