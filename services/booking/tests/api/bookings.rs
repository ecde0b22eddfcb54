use axum::http::{Method, StatusCode};
use redis::AsyncCommands;
use serde_json::json;
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{app, book, call, hold, showtime, user};

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn booking_answers_the_original_fields_priced_on_the_server(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(4).await;
    let ada = user(Role::Customer);
    // The original's integration tests send `seats`, its README `seat_ids`: both work.
    let booked = call(
        &app,
        Method::POST,
        "/bookings",
        &ada,
        Some(json!({ "showtime_id": showtime, "seats": ["F1", "B6"] })),
    )
    .await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    let body = &booked.body;
    for field in [
        "id",
        "user_id",
        "booking_code",
        "showtime_id",
        "total_seats",
        "total_price",
        "status",
        "payment_status",
        "expires_at",
    ] {
        assert!(body.get(field).is_some(), "{field}");
    }
    assert_eq!(body["status"], "pending");
    assert_eq!(body["payment_status"], "unpaid");
    assert_eq!(body["total_seats"], 2);
    assert_eq!(body["user_id"], ada.id.to_string());
    assert_eq!(body["booking_code"].as_str().unwrap().len(), 8);
    // A VIP seat plus a standard one, at the showtime's prices.
    let total: f64 = body["total_price"].as_str().unwrap().parse().unwrap();
    let prices: Vec<f64> = body["seats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["price"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(total, prices.iter().sum::<f64>());
    assert!(prices[0] != prices[1]);

    let mine = call(&app, Method::GET, "/bookings", &ada, None).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 1);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_held_seat_cannot_be_booked_by_someone_else(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(5).await;
    let (ada, bob) = (user(Role::Customer), user(Role::Customer));
    assert_eq!(
        hold(&app, &ada, showtime, &["C3"]).await.status,
        StatusCode::CREATED
    );
    let refused = book(&app, &bob, showtime, &["C3"]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["detail"], "Seats already taken: C3");
    assert_eq!(refused.body["conflicts"], serde_json::json!(["C3"]));
    // The holder books its own hold.
    assert_eq!(
        book(&app, &ada, showtime, &["C3"]).await.status,
        StatusCode::CREATED
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn with_redis_flushed_postgres_still_prevents_a_double_booking(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(6).await;
    let (ada, bob) = (user(Role::Customer), user(Role::Customer));
    assert_eq!(
        book(&app, &ada, showtime, &["D7", "D8"]).await.status,
        StatusCode::CREATED
    );

    // Every hold of this showtime vanishes, as in a flush (other tests' showtimes untouched).
    let mut redis = redis::Client::open(std::env::var("REDIS_URL").unwrap())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let keys: Vec<String> = redis.keys(format!("seat:{showtime}:*")).await.unwrap();
    assert!(!keys.is_empty());
    let _: () = redis.del(keys).await.unwrap();

    let refused = book(&app, &bob, showtime, &["D8", "D9"]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["detail"], "Seats already taken: D8");
    let active: Vec<String> =
        sqlx::query_scalar("SELECT seat_label FROM booking_seats WHERE active ORDER BY seat_label")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(active, ["D7", "D8"]);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn unpaid_bookings_expire_and_free_their_seats(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(7).await;
    let (ada, bob) = (user(Role::Customer), user(Role::Customer));
    let booked = book(&app, &ada, showtime, &["E4"]).await;
    assert_eq!(booked.status, StatusCode::CREATED);
    sqlx::query("UPDATE bookings SET expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    let redis = service_kit::cache::LazyRedis::open(&std::env::var("REDIS_URL").unwrap()).unwrap();
    let holds = booking_service::repo::holds::Holds::new(
        redis.clone(),
        std::time::Duration::from_secs(480),
        std::time::Duration::from_secs(600),
    );
    let feed = booking_service::live::SeatFeed::new(redis);
    let metrics = booking_service::metrics::BookingMetrics::unregistered();
    assert_eq!(
        booking_service::domain::bookings::expire_overdue(&pool, &holds, &feed, &metrics)
            .await
            .unwrap(),
        1
    );

    let id = booked.body["id"].as_str().unwrap();
    let expired = call(&app, Method::GET, &format!("/bookings/{id}"), &ada, None).await;
    assert_eq!(expired.body["status"], "expired");
    assert_eq!(
        book(&app, &bob, showtime, &["E4"]).await.status,
        StatusCode::CREATED
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn other_peoples_bookings_are_404_and_cancel_frees_the_seats(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(8).await;
    let (ada, eve, staff) = (
        user(Role::Customer),
        user(Role::Customer),
        user(Role::Staff),
    );
    let booked = book(&app, &ada, showtime, &["G2"]).await;
    let id = booked.body["id"].as_str().unwrap();

    assert_eq!(
        call(&app, Method::GET, &format!("/bookings/{id}"), &eve, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            Method::POST,
            &format!("/bookings/{id}/cancel"),
            &eve,
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&app, Method::GET, &format!("/bookings/{id}"), &staff, None)
            .await
            .status,
        StatusCode::OK
    );

    let cancelled = call(
        &app,
        Method::POST,
        &format!("/bookings/{id}/cancel"),
        &ada,
        None,
    )
    .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
    assert_eq!(cancelled.body["status"], "cancelled");
    assert!(cancelled.body["message"].is_string());
    let twice = call(
        &app,
        Method::POST,
        &format!("/bookings/{id}/cancel"),
        &ada,
        None,
    )
    .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);

    assert_eq!(
        book(&app, &eve, showtime, &["G2"]).await.status,
        StatusCode::CREATED
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn bad_requests_say_what_is_wrong(pool: PgPool) {
    let app = app(pool);
    let ada = user(Role::Customer);
    let unknown = book(&app, &ada, uuid::Uuid::new_v4(), &["A1"]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["detail"], "Showtime not found");
    let showtime = showtime(9).await;
    let no_seat = book(&app, &ada, showtime, &["Z99"]).await;
    assert_eq!(no_seat.status, StatusCode::BAD_REQUEST);
    let anonymous = service_kit::testing::send(
        &app,
        service_kit::testing::json_request(Method::GET, "/bookings", None, None),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_free_showtime_is_confirmed_at_once_with_its_ticket(pool: PgPool) {
    let app = app(pool.clone());
    let (_, showtime) =
        crate::support::priced_showtime_soon(3 * 24 * 60, serde_json::json!({}), 0).await;
    let guest = user(Role::Customer);
    let booked = book(&app, &guest, showtime, &["A1", "A2"]).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    assert_eq!(booked.body["total_price"], "0.00");
    // Nothing to pay (the payment service refuses a zero amount): it does not wait to expire.
    assert_eq!(booked.body["status"], "confirmed");
    assert_eq!(booked.body["expires_at"], serde_json::Value::Null);
    let id = booked.body["id"].as_str().unwrap();
    let ticket = call(
        &app,
        Method::GET,
        &format!("/bookings/{id}/ticket"),
        &guest,
        None,
    )
    .await;
    assert_eq!(ticket.status, StatusCode::OK, "{}", ticket.body);
    let events: Vec<String> =
        sqlx::query_scalar("SELECT event_type FROM outbox ORDER BY created_at")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(events, ["booking.created", "booking.confirmed"]);
}
