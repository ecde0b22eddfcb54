//! Seat maps read the statuses the booking service keeps in Redis (one read, no call back to
//! this service): kept exact through every change, built again when Redis loses them.

use api_types::live::{TakenSeats, TakenStatus, seat_statuses_key, seat_version_key};
use axum::http::{Method, StatusCode};
use redis::AsyncCommands;
use serde_json::Value;
use service_kit::auth::Role;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{User, app, book, call, hold, movie_service, showtime, user};

async fn redis() -> redis::aio::MultiplexedConnection {
    let client = redis::Client::open(std::env::var("REDIS_URL").unwrap()).unwrap();
    client.get_multiplexed_async_connection().await.unwrap()
}

async fn kept_statuses(showtime: Uuid) -> Option<TakenSeats> {
    let fields: Vec<(String, String)> = redis()
        .await
        .hgetall(seat_statuses_key(showtime))
        .await
        .unwrap();
    TakenSeats::from_fields(fields.iter().map(|(f, v)| (f.as_str(), v.as_str())))
}

/// The movie service's seat map as `who` sees it. That movie service has no booking service to
/// ask (see `support::movie_service`): a seat it shows taken, it read from Redis.
async fn seat_map(showtime: Uuid, who: &User) -> Value {
    reqwest::Client::new()
        .get(format!("{}/showtimes/{showtime}/seats", movie_service()))
        .bearer_auth(&who.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn seat<'a>(map: &'a Value, label: &str) -> &'a Value {
    let (row, number) = label.split_at(1);
    let number: i64 = number.parse().unwrap();
    map["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|seat| seat["seat_row"] == row && seat["seat_number"] == number)
        .unwrap_or_else(|| panic!("no seat {label}"))
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_seat_map_shows_every_change_from_the_kept_statuses_without_asking_the_booking_service(
    pool: PgPool,
) {
    let app = app(pool);
    let showtime = showtime(33).await;
    let (ada, bob) = (user(Role::Customer), user(Role::Customer));
    let _: () = redis()
        .await
        .del(seat_statuses_key(showtime))
        .await
        .unwrap();

    // Nobody asked yet: the movie service cannot tell (its booking service is unreachable).
    let before = seat_map(showtime, &ada).await;
    assert_eq!(before["live"], false, "{before}");

    // The booking service's answer keeps the statuses, at the feed's version.
    let status_uri = format!("/showtimes/{showtime}/seat-status");
    let status = call(&app, Method::GET, &status_uri, &ada, None).await;
    let kept = kept_statuses(showtime).await.expect("kept after a read");
    assert_eq!(kept.version, status.body["version"].as_i64().unwrap());

    // Each change is applied to them with the version it is announced with.
    assert_eq!(
        hold(&app, &ada, showtime, &["C3"]).await.status,
        StatusCode::CREATED
    );
    let map = seat_map(showtime, &ada).await;
    assert_eq!(map["live"], true);
    assert_eq!(seat(&map, "C3")["status"], "held");
    assert_eq!(
        seat(&map, "C3")["mine"],
        true,
        "Ada's own hold is marked as hers"
    );
    assert_eq!(seat(&seat_map(showtime, &bob).await, "C3")["mine"], false);
    let version: i64 = redis().await.get(seat_version_key(showtime)).await.unwrap();
    assert_eq!(map["version"], version);

    let booked = book(&app, &ada, showtime, &["C3"]).await;
    assert_eq!(booked.status, StatusCode::CREATED);
    let booking: Uuid = booked.body["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        seat(&seat_map(showtime, &bob).await, "C3")["status"],
        "booked"
    );
    let held = hold(&app, &bob, showtime, &["C4"]).await;
    let hold_id = held.body["id"].as_str().unwrap();
    call(
        &app,
        Method::DELETE,
        &format!("/holds/{hold_id}"),
        &bob,
        None,
    )
    .await;
    let map = seat_map(showtime, &bob).await;
    assert_eq!(
        seat(&map, "C4")["status"],
        "available",
        "a released hold is free again"
    );
    assert_eq!(
        kept_statuses(showtime).await.unwrap().seats,
        vec![(
            seat(&map, "C3")["id"].as_str().unwrap().parse().unwrap(),
            TakenStatus::Booked(booking)
        )]
    );

    // Redis lost them: the next read through the booking service builds them again.
    let _: () = redis()
        .await
        .del(seat_statuses_key(showtime))
        .await
        .unwrap();
    assert_eq!(seat_map(showtime, &bob).await["live"], false);
    call(&app, Method::GET, &status_uri, &bob, None).await;
    assert_eq!(
        seat(&seat_map(showtime, &bob).await, "C3")["status"],
        "booked"
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn statuses_read_before_a_change_are_not_kept_after_it(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(34).await;
    let ada = user(Role::Customer);
    let _: () = redis()
        .await
        .del(seat_statuses_key(showtime))
        .await
        .unwrap();
    let version: Option<i64> = redis().await.get(seat_version_key(showtime)).await.unwrap();

    // A reader read the statuses (none taken) at `version`; then Ada held a seat, which was
    // announced while no statuses were kept.
    assert_eq!(
        hold(&app, &ada, showtime, &["D5"]).await.status,
        StatusCode::CREATED
    );
    let redis_url = std::env::var("REDIS_URL").unwrap();
    let feed = booking_service::live::SeatFeed::new(
        service_kit::cache::LazyRedis::open(&redis_url).unwrap(),
    );
    feed.store_statuses(showtime, version.unwrap_or(0), &[])
        .await;
    assert_eq!(
        kept_statuses(showtime).await,
        None,
        "statuses older than the last change would hide Ada's hold"
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_late_freeing_never_shows_a_seat_someone_else_took_since_as_free(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(35).await;
    let ada = user(Role::Customer);
    let status_uri = format!("/showtimes/{showtime}/seat-status");
    call(&app, Method::GET, &status_uri, &ada, None).await;
    let held = hold(&app, &ada, showtime, &["E5"]).await;
    assert_eq!(held.status, StatusCode::CREATED);
    let seat_id: Uuid = held.body["seat_ids"][0].as_str().unwrap().parse().unwrap();
    let version: i64 = redis().await.get(seat_version_key(showtime)).await.unwrap();

    // Freeings that arrive after Ada took the seat: an earlier holder's lapse, and a refund
    // event of an earlier booking that was cancelled (its seats given back twice).
    let redis_url = std::env::var("REDIS_URL").unwrap();
    let feed = booking_service::live::SeatFeed::new(
        service_kit::cache::LazyRedis::open(&redis_url).unwrap(),
    );
    feed.announce_freed(showtime, TakenStatus::Held(Uuid::new_v4()), &[seat_id])
        .await;
    feed.announce_freed(showtime, TakenStatus::Booked(Uuid::new_v4()), &[seat_id])
        .await;

    let map = seat_map(showtime, &ada).await;
    assert_eq!(seat(&map, "E5")["status"], "held");
    assert_eq!(seat(&map, "E5")["mine"], true);
    let after: i64 = redis().await.get(seat_version_key(showtime)).await.unwrap();
    assert_eq!(after, version, "nothing was announced to viewers either");
}
