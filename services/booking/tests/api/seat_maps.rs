//! Seat maps read the statuses the booking service keeps in Redis (one read, no call back to
//! this service): kept exact through every change, built again when Redis loses them.

use api_types::live::{TakenSeats, TakenStatus, seat_statuses_key, seat_version_key};
use axum::http::{Method, StatusCode};
use redis::AsyncCommands;
use serde_json::Value;
use service_kit::auth::Role;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{User, app, book, call, hold, movie_service, showtime, spare_showtime, user};

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
    feed.store_statuses(&[booking_service::live::KeptStatuses {
        showtime_id: showtime,
        version: version.unwrap_or(0),
        seats: Vec::new(),
    }])
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

/// The movie service's answers for the showtime: its own page and its entry in the listing.
async fn seats_left(showtime: Uuid) -> (i64, i64) {
    let get = |path: String| async move {
        reqwest::get(format!("{}{path}", movie_service()))
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let detail = get(format!("/showtimes/{showtime}")).await;
    let listing = get("/showtimes?limit=500".into()).await;
    let listed = (listing.as_array().unwrap().iter())
        .find(|entry| entry["id"] == showtime.to_string())
        .expect("listed");
    (
        detail["available_seats"].as_i64().unwrap(),
        listed["available_seats"].as_i64().unwrap(),
    )
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn occupancy_keeps_the_statuses_of_every_showtime_it_counted(pool: PgPool) {
    let app = app(pool);
    let (first, second) = (spare_showtime(14).await, spare_showtime(15).await);
    let ada = user(Role::Customer);
    for showtime in [first, second] {
        let _: () = redis()
            .await
            .del(seat_statuses_key(showtime))
            .await
            .unwrap();
    }
    assert_eq!(
        hold(&app, &ada, second, &["E7"]).await.status,
        StatusCode::CREATED
    );

    let uri = format!("/showtimes/occupancy?ids={first},{second}");
    let counts = call(&app, Method::GET, &uri, &ada, None).await;
    assert_eq!(counts.status, StatusCode::OK);
    assert_eq!(counts.body[1]["held"], 1, "{}", counts.body);

    assert_eq!(kept_statuses(first).await.expect("kept").seats, vec![]);
    let kept = kept_statuses(second).await.expect("kept");
    assert_eq!(kept.seats.len(), 1);
    assert!(matches!(kept.seats[0].1, TakenStatus::Held(holder) if holder == ada.id));
    let version: i64 = redis().await.get(seat_version_key(second)).await.unwrap();
    assert_eq!(kept.version, version);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn listings_and_a_showtimes_page_count_taken_seats_from_the_kept_statuses(pool: PgPool) {
    // (The movie service here has no booking service to ask: what it subtracts, it read from
    // Redis.)
    let app = app(pool);
    let showtime = spare_showtime(16).await;
    let ada = user(Role::Customer);
    let status_uri = format!("/showtimes/{showtime}/seat-status");
    call(&app, Method::GET, &status_uri, &ada, None).await;
    let (page_before, listed_before) = seats_left(showtime).await;
    assert_eq!(page_before, listed_before);

    assert_eq!(
        hold(&app, &ada, showtime, &["F5", "F6"]).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        seats_left(showtime).await,
        (page_before - 2, listed_before - 2),
        "the held seats are no longer counted as left"
    );
}

/// The movie service's seat map as someone signed out sees it: drawn once per change of the
/// showtime's seats and kept (`showtimes::public_seat_map_json`).
async fn public_seat_map(showtime: Uuid) -> Value {
    let url = format!("{}/showtimes/{showtime}/seats", movie_service());
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_signed_out_visitors_seat_map_is_kept_only_until_a_seat_changes(pool: PgPool) {
    let app = app(pool);
    let showtime = spare_showtime(17).await;
    let ada = user(Role::Customer);
    let status_uri = format!("/showtimes/{showtime}/seat-status");
    call(&app, Method::GET, &status_uri, &ada, None).await;
    let first = public_seat_map(showtime).await;
    assert_eq!(first["live"], true);
    assert_eq!(seat(&first, "F5")["status"], "available");
    assert_eq!(
        public_seat_map(showtime).await,
        first,
        "unchanged, the same map"
    );

    let held = hold(&app, &ada, showtime, &["F5"]).await;
    assert_eq!(held.status, StatusCode::CREATED);
    let map = public_seat_map(showtime).await;
    assert_eq!(seat(&map, "F5")["status"], "held");
    assert_eq!(seat(&map, "F5")["mine"], false);
    assert!(map["version"].as_i64() > first["version"].as_i64());

    let hold_id = held.body["id"].as_str().unwrap();
    call(
        &app,
        Method::DELETE,
        &format!("/holds/{hold_id}"),
        &ada,
        None,
    )
    .await;
    assert_eq!(
        seat(&public_seat_map(showtime).await, "F5")["status"],
        "available"
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_seat_every_seat_map_shows_booked_is_refused_without_asking_the_bookings(pool: PgPool) {
    let app = app(pool);
    let showtime = spare_showtime(18).await;
    let ada = user(Role::Customer);
    let status_uri = format!("/showtimes/{showtime}/seat-status");
    call(&app, Method::GET, &status_uri, &ada, None).await;
    let map = public_seat_map(showtime).await;
    let seat_id: Uuid = seat(&map, "G5")["id"].as_str().unwrap().parse().unwrap();

    // The maps show G5 booked (here by a booking only Redis has heard of): the refusal is
    // what every viewer already sees, and costs no query.
    let redis_url = std::env::var("REDIS_URL").unwrap();
    let feed = booking_service::live::SeatFeed::new(
        service_kit::cache::LazyRedis::open(&redis_url).unwrap(),
    );
    feed.announce_booked(showtime, Uuid::new_v4(), &[seat_id])
        .await;
    let refused = hold(&app, &ada, showtime, &["G5", "G6"]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.body["code"], "seats_taken");
    assert!(refused.body["detail"].as_str().unwrap().contains("G5"));

    // A seat the maps show free is still the bookings' to decide, and it is free.
    assert_eq!(
        hold(&app, &ada, showtime, &["G6"]).await.status,
        StatusCode::CREATED
    );
}
