use std::time::Duration;

use axum::http::{Method, StatusCode};
use futures::StreamExt;
use lapin::{
    BasicProperties,
    options::{
        BasicConsumeOptions, BasicGetOptions, BasicPublishOptions, QueueBindOptions,
        QueueDeclareOptions,
    },
    types::FieldTable,
};
use serde_json::{Value, json};
use service_kit::{
    auth::Role,
    events::{self, Event, consumer, outbox},
};
use sqlx::PgPool;

use crate::support::{app, book, call, payment_events, showtime, spare_showtime, user};

fn amqp_url() -> String {
    std::env::var("AMQP_URL").expect("AMQP_URL is set")
}

/// A queue of the test's own on the real exchange, receiving `routing_key`.
async fn listen(channel: &lapin::Channel, routing_key: &str) -> lapin::Consumer {
    let queue = channel
        .queue_declare(
            "".into(),
            QueueDeclareOptions {
                exclusive: true,
                auto_delete: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap();
    channel
        .queue_bind(
            queue.name().clone(),
            events::EXCHANGE.into(),
            routing_key.into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .unwrap();
    channel
        .basic_consume(
            queue.name().clone(),
            "test".into(),
            BasicConsumeOptions {
                no_ack: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap()
}

async fn outbox_types(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar("SELECT event_type FROM outbox ORDER BY created_at")
        .fetch_all(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_payment_confirms_the_booking_once_however_often_it_arrives(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(12).await;
    let ada = user(Role::Customer);
    let booked = book(&app, &ada, showtime, &["D3"]).await;
    assert_eq!(booked.status, StatusCode::CREATED);
    let id = booked.body["id"].as_str().unwrap();
    assert_eq!(outbox_types(&pool).await, ["booking.created"]);

    let paid = Event::new(
        "payment.completed",
        json!({ "payment_id": uuid::Uuid::new_v4(), "booking_id": id, "amount": "90000.00" }),
        None,
    );
    let body = serde_json::to_vec(&paid).unwrap();
    let handler = payment_events(&pool);
    for _ in 0..3 {
        consumer::process(&pool, "test", &handler, &body)
            .await
            .unwrap();
    }
    let seen = call(&app, Method::GET, &format!("/bookings/{id}"), &ada, None).await;
    assert_eq!(
        (
            seen.body["status"].as_str(),
            seen.body["payment_status"].as_str()
        ),
        (Some("confirmed"), Some("paid"))
    );
    assert_eq!(
        outbox_types(&pool).await,
        ["booking.created", "booking.confirmed"]
    );

    // Unreadable or unknown messages are refused (to be parked), not retried forever.
    assert!(
        consumer::process(&pool, "test", &handler, b"not json")
            .await
            .is_err()
    );
    let unknown = Event::new(
        "payment.completed",
        json!({ "booking_id": uuid::Uuid::new_v4() }),
        None,
    );
    assert!(
        consumer::process(
            &pool,
            "test",
            &handler,
            &serde_json::to_vec(&unknown).unwrap()
        )
        .await
        .is_err()
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn consumed_events_are_counted_by_type_and_outcome(pool: PgPool) {
    let registry = prometheus::Registry::new();
    let settings = consumer::Settings::new(Duration::from_secs(60), &registry).unwrap();
    let handler = payment_events(&pool);
    // A refund that does not end the booking changes nothing here: handled without a booking.
    let goodwill = Event::new(
        "payment.refunded",
        json!({ "booking_id": uuid::Uuid::new_v4(), "full": false, "ends_booking": false }),
        None,
    );
    let body = serde_json::to_vec(&goodwill).unwrap();
    for _ in 0..2 {
        consumer::process_with(&pool, "test", &handler, &body, &settings)
            .await
            .unwrap();
    }
    let unreadable = consumer::process_with(&pool, "test", &handler, b"not json", &settings);
    assert!(unreadable.await.is_err());

    let metrics = service_kit::metrics::render(&registry);
    let consumed = |event_type, outcome| {
        let labels = [("event_type", event_type), ("outcome", outcome)];
        service_kit::testing::sample(&metrics, "events_consumed_total", &labels)
    };
    assert_eq!(consumed("payment.refunded", "handled"), Some(1.0));
    assert_eq!(consumed("payment.refunded", "duplicate"), Some(1.0));
    assert_eq!(consumed("unreadable", "dead_lettered"), Some(1.0));
    assert_eq!(consumed("payment.refunded", "retried"), None);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_payment_for_an_expired_booking_asks_for_a_refund(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(13).await;
    let ada = user(Role::Customer);
    let booked = book(&app, &ada, showtime, &["D4"]).await;
    let id = booked.body["id"].as_str().unwrap();
    let id_uuid: uuid::Uuid = id.parse().unwrap();
    sqlx::query("UPDATE bookings SET status = 'expired' WHERE id = $1")
        .bind(id_uuid)
        .execute(&pool)
        .await
        .unwrap();
    let paid = Event::new(
        "payment.completed",
        json!({ "payment_id": "p1", "booking_id": id }),
        None,
    );
    consumer::process(
        &pool,
        "test",
        &payment_events(&pool),
        &serde_json::to_vec(&paid).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        outbox_types(&pool).await,
        ["booking.created", "booking.payment_rejected"]
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn the_outbox_reaches_the_broker_and_poison_lands_in_the_dead_letter_queue(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(14).await;
    let ada = user(Role::Customer);
    let booked = book(&app, &ada, showtime, &["D5"]).await;
    let booking_id = booked.body["id"].clone();

    // A queue of our own on the real exchange sees the booking's event, once confirmed.
    let (_connection, channel) = events::connect(&amqp_url()).await.unwrap();
    let mut deliveries = listen(&channel, "booking.created").await;
    channel.confirm_select(Default::default()).await.unwrap();
    let registry = prometheus::Registry::new();
    let relay = outbox::RelayMetrics::new(&registry).unwrap();
    let publish = || outbox::publish_pending(&pool, &channel, &relay);
    assert_eq!(
        outbox::backlog(&pool).await.unwrap().0,
        1,
        "the event waits"
    );
    assert_eq!(publish().await.unwrap(), 1);
    assert_eq!(publish().await.unwrap(), 0, "sent once");
    assert_eq!(outbox::backlog(&pool).await.unwrap(), (0, 0.0));
    let published = service_kit::testing::sample(
        &service_kit::metrics::render(&registry),
        "events_published_total",
        &[("event_type", "booking.created")],
    );
    assert_eq!(published, Some(1.0));
    let delivery = loop {
        let delivery = tokio::time::timeout(Duration::from_secs(5), deliveries.next())
            .await
            .expect("the event arrives")
            .unwrap()
            .unwrap();
        let event: Value = serde_json::from_slice(&delivery.data).unwrap();
        // Other runs' events may share the exchange; ours names our booking.
        if event["data"]["id"] == booking_id {
            break event;
        }
    };
    assert_eq!(delivery["type"], "booking.created");
    assert_eq!(delivery["version"], 1);

    // A consumer parks what it cannot read.
    let subscription = consumer::Subscription {
        queue: Box::leak(format!("test.poison.{}", uuid::Uuid::new_v4()).into_boxed_str()),
        bindings: Box::leak(
            vec![&*Box::leak(
                format!("poison.{}", uuid::Uuid::new_v4()).into_boxed_str(),
            )]
            .into_boxed_slice(),
        ),
    };
    service_kit::events::queues::declare(&channel, subscription)
        .await
        .unwrap();
    consumer::spawn(
        pool.clone(),
        amqp_url(),
        subscription,
        std::sync::Arc::new(payment_events(&pool)),
        consumer::Settings::default(),
    );
    channel
        .basic_publish(
            events::EXCHANGE.into(),
            subscription.bindings[0].into(),
            BasicPublishOptions::default(),
            b"{not an event",
            BasicProperties::default(),
        )
        .await
        .unwrap()
        .await
        .unwrap();
    let dead = format!("{}.dead", subscription.queue);
    let mut parked = None;
    for _ in 0..50 {
        parked = channel
            .basic_get(dead.as_str().into(), BasicGetOptions { no_ack: true })
            .await
            .unwrap();
        if parked.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        parked.expect("the poison message is parked").delivery.data,
        b"{not an event"
    );
    for queue in [subscription.queue, dead.as_str()] {
        let _ = channel.queue_delete(queue.into(), Default::default()).await;
    }
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_paid_booking_gets_a_signed_ticket_that_staff_can_check(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(15).await;
    let (ada, staff) = (user(Role::Customer), user(Role::Staff));
    let booked = book(&app, &ada, showtime, &["D6"]).await;
    let id = booked.body["id"].as_str().unwrap();
    let ticket_uri = format!("/bookings/{id}/ticket");
    let unpaid = call(&app, Method::GET, &ticket_uri, &ada, None).await;
    assert_eq!(unpaid.status, StatusCode::CONFLICT);

    let paid = Event::new(
        "payment.completed",
        json!({ "payment_id": "p", "booking_id": id }),
        None,
    );
    consumer::process(
        &pool,
        "test",
        &payment_events(&pool),
        &serde_json::to_vec(&paid).unwrap(),
    )
    .await
    .unwrap();
    let ticket = call(&app, Method::GET, &ticket_uri, &ada, None).await;
    assert_eq!(ticket.status, StatusCode::OK, "{}", ticket.body);
    let token = ticket.body["token"].as_str().unwrap();
    assert!(token.starts_with(&format!(
        "MQT2.{}.",
        booked.body["booking_code"].as_str().unwrap()
    )));

    let verify = |token: String| {
        let (app, staff) = (&app, &staff);
        async move {
            call(
                app,
                Method::POST,
                "/tickets/verify",
                staff,
                Some(json!({ "token": token })),
            )
            .await
        }
    };
    let checked = verify(token.to_owned()).await;
    assert_eq!(checked.body["valid"], true, "{}", checked.body);
    assert_eq!(checked.body["seats"], json!(["D6"]));
    let forged = verify(token.replacen(".", ".X", 1)).await;
    assert_eq!(forged.body["valid"], false);
    // Customers cannot use the checker; anyone can fetch the public key for offline checks.
    assert_eq!(
        call(
            &app,
            Method::POST,
            "/tickets/verify",
            &ada,
            Some(json!({ "token": token }))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let key = call(&app, Method::GET, "/tickets/public-key", &ada, None).await;
    assert_eq!(key.body["algorithm"], "Ed25519");
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_broker_outage_delays_events_but_loses_none(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(16).await;
    let ada = user(Role::Customer);
    let booked = book(&app, &ada, showtime, &["D7"]).await;
    let booking_id = booked.body["id"].clone();

    // The broker is unreachable: the relay keeps trying, the event waits in the outbox.
    outbox::spawn_relay(
        pool.clone(),
        "amqp://guest:guest@127.0.0.1:9/%2f".into(),
        Duration::from_millis(50),
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    let waiting: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE published_at IS NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(waiting, 1);

    // The broker is back: the event arrives, once.
    let (_connection, channel) = events::connect(&amqp_url()).await.unwrap();
    let mut deliveries = listen(&channel, "booking.created").await;
    outbox::spawn_relay(pool.clone(), amqp_url(), Duration::from_millis(50));
    let mut ours = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while let Ok(Some(Ok(delivery))) = tokio::time::timeout_at(deadline, deliveries.next()).await {
        let event: Value = serde_json::from_slice(&delivery.data).unwrap();
        if event["data"]["id"] == booking_id {
            ours += 1;
        }
    }
    assert_eq!(ours, 1, "published exactly once after the outage");
    let waiting: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE published_at IS NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(waiting, 0);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn an_event_is_published_as_its_change_commits_not_at_the_relays_next_poll(pool: PgPool) {
    let app = app(pool.clone());
    let (_connection, channel) = events::connect(&amqp_url()).await.unwrap();
    let mut deliveries = listen(&channel, "booking.created").await;
    // A relay that, left to poll, would look at the outbox again only in a minute; it has
    // found it empty and is waiting.
    outbox::spawn_relay(pool.clone(), amqp_url(), Duration::from_secs(60));
    tokio::time::sleep(Duration::from_millis(500)).await;

    let showtime = spare_showtime(20).await;
    let booked = book(&app, &user(Role::Customer), showtime, &["D8"]).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let mut published = false;
    while let Ok(Some(Ok(delivery))) = tokio::time::timeout_at(deadline, deliveries.next()).await {
        let event: Value = serde_json::from_slice(&delivery.data).unwrap();
        if event["data"]["id"] == booked.body["id"] {
            published = true;
            break;
        }
    }
    assert!(
        published,
        "the booking's event was published when it committed"
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_cancelled_showtime_cancels_its_bookings_once_each_so_they_are_refunded(pool: PgPool) {
    let app = app(pool.clone());
    let (cancelled_show, other_show) = (showtime(19).await, showtime(20).await);
    let (ada, bob) = (user(Role::Customer), user(Role::Customer));
    let paid = book(&app, &ada, cancelled_show, &["G3", "G4"]).await;
    let pending = book(&app, &bob, cancelled_show, &["D7"]).await;
    let elsewhere = book(&app, &bob, other_show, &["D7"]).await;
    for response in [&paid, &pending, &elsewhere] {
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    }
    let paid_id = paid.body["id"].as_str().unwrap();
    let payment = Event::new(
        "payment.completed",
        json!({ "payment_id": uuid::Uuid::new_v4(), "booking_id": paid_id, "amount": "300000.00" }),
        None,
    );
    consumer::process(
        &pool,
        "test",
        &payment_events(&pool),
        &serde_json::to_vec(&payment).unwrap(),
    )
    .await
    .unwrap();

    let cancelled = Event::new(
        "showtime.cancelled",
        json!({ "showtime_id": cancelled_show, "movie_title": "Neon Tide" }),
        Some("admin-cancel-42".into()),
    );
    let body = serde_json::to_vec(&cancelled).unwrap();
    let handler = booking_service::events::showtimes::ShowtimeEvents {
        metrics: booking_service::metrics::BookingMetrics::unregistered(),
    };
    for _ in 0..2 {
        consumer::process(&pool, "test", &handler, &body)
            .await
            .unwrap();
    }

    let status = |who, id: &str| {
        let app = app.clone();
        let uri = format!("/bookings/{id}");
        async move { call(&app, Method::GET, &uri, who, None).await.body["status"].clone() }
    };
    assert_eq!(status(&ada, paid_id).await, "cancelled");
    assert_eq!(
        status(&bob, pending.body["id"].as_str().unwrap()).await,
        "cancelled"
    );
    assert_eq!(
        status(&bob, elsewhere.body["id"].as_str().unwrap()).await,
        "pending"
    );

    let reasons: Vec<(String, Value)> = sqlx::query_as(
        "SELECT payload->'data'->>'payment_status', payload->'data'->'reason' FROM outbox
         WHERE event_type = 'booking.cancelled' ORDER BY payload->'data'->>'payment_status'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        reasons,
        [
            ("paid".to_owned(), json!("showtime_cancelled")),
            ("unpaid".to_owned(), json!("showtime_cancelled")),
        ],
        "one booking.cancelled a booking, carrying what the payment service refunds by"
    );
    let chains: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT payload->>'correlation_id' FROM outbox WHERE event_type = 'booking.cancelled'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        chains,
        [
            Some("admin-cancel-42".to_owned()),
            Some("admin-cancel-42".to_owned())
        ],
        "the events the cancellation caused continue its correlation id"
    );
    let uri = format!("/showtimes/occupancy?ids={cancelled_show}");
    let counts = call(&app, Method::GET, &uri, &ada, None).await;
    assert_eq!(
        counts.body[0]["booked"], 0,
        "the seats are no longer booked"
    );

    // A booking that checked the catalog before the cancellation reached it is still refused.
    let late = book(&app, &user(Role::Customer), cancelled_show, &["A5"]).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert!(late.body["detail"].as_str().unwrap().contains("cancelled"));
}
