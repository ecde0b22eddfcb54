//! A payment confirmed while the booking database is away for a minute is not lost: the
//! consumer keeps retrying the event until the database is back.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use axum::http::{Method, StatusCode};
use serde_json::json;
use service_kit::{
    auth::Role,
    events::{Event, consumer},
};
use sqlx::{PgPool, postgres::PgPoolOptions};

use crate::support::{app, book, call, payment_events, showtime, user};

/// A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused) and
/// restored: an outage of the database as its clients see it.
struct Relay {
    port: u16,
    open: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Relay {
    async fn to(upstream: (String, u16)) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let open = Arc::new(AtomicBool::new(true));
        let links: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>> = Arc::default();
        let (is_open, all_links) = (open.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !is_open.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                let upstream = upstream.clone();
                all_links.lock().unwrap().push(tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                }));
            }
        });
        Self { port, open, links }
    }

    fn cut(&self) {
        self.open.store(false, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_booking_database_outage_of_a_minute_during_payments_loses_no_confirmation(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(32).await;
    let ada = user(Role::Customer);
    let booked = book(&app, &ada, showtime, &["C9"]).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    let id = booked.body["id"].as_str().unwrap().to_owned();

    // The consumer's own pool reaches the database through the relay.
    let direct = pool.connect_options();
    let relay = Relay::to((direct.get_host().to_owned(), direct.get_port())).await;
    let through_relay = PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(2))
        .connect_lazy_with(direct.as_ref().clone().host("127.0.0.1").port(relay.port));
    let handler = payment_events(&through_relay);

    relay.cut();
    let paid = Event::new(
        "payment.completed",
        json!({ "payment_id": uuid::Uuid::new_v4(), "booking_id": id, "amount": "90000.00" }),
        None,
    );
    let body = serde_json::to_vec(&paid).unwrap();
    let registry = prometheus::Registry::new();
    let settings = consumer::Settings::new(Duration::from_secs(300), &registry).unwrap();
    let consuming = tokio::spawn(async move {
        consumer::process_with(&through_relay, "test", &handler, &body, &settings).await
    });
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(
        !consuming.is_finished(),
        "still retrying while the database is away"
    );
    relay.restore();

    let handled = tokio::time::timeout(Duration::from_secs(30), consuming)
        .await
        .expect("handled soon after the database is back")
        .unwrap();
    assert_eq!(handled, Ok(()));
    let metrics = service_kit::metrics::render(&registry);
    let tries = |outcome| {
        let labels = [("event_type", "payment.completed"), ("outcome", outcome)];
        service_kit::testing::sample(&metrics, "events_consumed_total", &labels)
    };
    assert!(
        tries("retried").is_some_and(|retried| retried >= 1.0),
        "{metrics}"
    );
    assert_eq!(tries("handled"), Some(1.0));
    let seen = call(&app, Method::GET, &format!("/bookings/{id}"), &ada, None).await;
    assert_eq!(seen.body["status"], "confirmed", "{}", seen.body);
}
