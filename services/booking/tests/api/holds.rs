use axum::http::{Method, StatusCode};
use futures::future::join_all;
use redis::AsyncCommands;
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{app, book, call, hold, showtime, spare_showtime, user};

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn two_hundred_concurrent_holds_of_the_same_seats_have_one_winner(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(0).await;
    let users: Vec<_> = (0..200).map(|_| user(Role::Customer)).collect();
    let attempts = users.iter().map(|who| {
        let app = app.clone();
        async move { hold(&app, who, showtime, &["C5", "C6"]).await.status }
    });
    let statuses = join_all(attempts).await;
    let won = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((won, refused), (1, 199), "{statuses:?}");
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn overlapping_requests_never_leave_partial_holds(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(1).await;
    let requests = [["D1", "D2"], ["D2", "D3"], ["D3", "D4"], ["D4", "D5"]];
    let users: Vec<_> = (0..40).map(|_| user(Role::Customer)).collect();
    let attempts = users.iter().enumerate().map(|(i, who)| {
        let app = app.clone();
        let seats = requests[i % requests.len()];
        async move { (who.id, seats, hold(&app, who, showtime, &seats).await) }
    });
    let outcomes = join_all(attempts).await;
    // Every seat key belongs to a winner that holds its whole request, and nobody else.
    let map: serde_json::Value = reqwest::get(format!(
        "{}/showtimes/{showtime}/seats",
        crate::support::movie_service()
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let seat_id = |label: &str| {
        map["seats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| format!("{}{}", s["seat_row"].as_str().unwrap(), s["seat_number"]) == label)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut redis = redis::Client::open(std::env::var("REDIS_URL").unwrap())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    for (user_id, seats, response) in &outcomes {
        let mut holders = Vec::new();
        for seat in seats {
            let holder: Option<String> = redis
                .get(format!("seat:{showtime}:{}", seat_id(seat)))
                .await
                .unwrap();
            holders.push(holder);
        }
        let mine = holders
            .iter()
            .filter(|h| h.as_deref() == Some(&user_id.to_string()))
            .count();
        if response.status == StatusCode::CREATED {
            assert_eq!(mine, seats.len(), "a winner holds all its seats");
        } else {
            assert_eq!(response.status, StatusCode::CONFLICT);
            assert_eq!(mine, 0, "a loser holds none of its seats");
        }
    }
    assert!(
        outcomes
            .iter()
            .any(|(_, _, r)| r.status == StatusCode::CREATED)
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_hold_can_be_extended_once_and_released(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(2).await;
    let ada = user(Role::Customer);
    let held = hold(&app, &ada, showtime, &["E1"]).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    // Holding the same seat again is no way to more time.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let again = hold(&app, &ada, showtime, &["E1"]).await;
    assert_eq!(again.status, StatusCode::CREATED);
    let expiry = |body: &serde_json::Value| {
        body["expires_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    };
    // (A renewed hold would end at least the 50 ms slept later.)
    assert!(
        expiry(&again.body) < expiry(&held.body) + chrono::Duration::milliseconds(40),
        "{} then {}",
        held.body,
        again.body
    );
    // A reloaded page finds it again; nobody else does.
    let current = format!("/holds?showtime_id={showtime}");
    let found = call(&app, Method::GET, &current, &ada, None).await;
    assert_eq!(found.body[0]["id"], again.body["id"], "{}", found.body);
    let id = again.body["id"].as_str().unwrap();

    let extended = call(
        &app,
        Method::POST,
        &format!("/holds/{id}/extend"),
        &ada,
        None,
    )
    .await;
    assert_eq!(extended.status, StatusCode::OK);
    assert!(
        extended.body["expires_at"].as_str().unwrap() > held.body["expires_at"].as_str().unwrap()
    );
    let again = call(
        &app,
        Method::POST,
        &format!("/holds/{id}/extend"),
        &ada,
        None,
    )
    .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);

    // Someone else can neither see nor release it.
    let eve = user(Role::Customer);
    let theirs = call(&app, Method::GET, &current, &eve, None).await;
    assert_eq!(theirs.body, serde_json::json!([]));
    assert_eq!(
        call(&app, Method::DELETE, &format!("/holds/{id}"), &eve, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        hold(&app, &eve, showtime, &["E1"]).await.status,
        StatusCode::CONFLICT
    );

    assert_eq!(
        call(&app, Method::DELETE, &format!("/holds/{id}"), &ada, None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let released = call(&app, Method::GET, &current, &ada, None).await;
    assert_eq!(released.body, serde_json::json!([]));
    assert_eq!(
        hold(&app, &eve, showtime, &["E1"]).await.status,
        StatusCode::CREATED
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn couple_seats_are_held_as_a_pair_and_blocked_seats_not_at_all(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(3).await;
    let ada = user(Role::Customer);
    let held = hold(&app, &ada, showtime, &["H1"]).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    assert_eq!(held.body["seats"], serde_json::json!(["H1", "H2"]));

    let blocked = hold(&app, &ada, showtime, &["B5"]).await;
    assert_eq!(blocked.status, StatusCode::BAD_REQUEST);
    assert!(blocked.body["detail"].as_str().unwrap().contains("B5"));

    let too_many: Vec<String> = (1..=11).map(|n| format!("C{n}")).collect();
    let refs: Vec<&str> = too_many.iter().map(String::as_str).collect();
    assert_eq!(
        hold(&app, &ada, showtime, &refs).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn occupancy_counts_booked_and_held_seats_per_showtime(pool: PgPool) {
    let app = app(pool);
    let (busy, quiet) = (showtime(17).await, showtime(18).await);
    let booked = book(&app, &user(Role::Customer), busy, &["E1", "E2"]).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    let held_by = user(Role::Customer);
    let held = hold(&app, &held_by, busy, &["E5"]).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);

    let uri = format!("/showtimes/occupancy?ids={busy},{quiet}");
    let counts = call(&app, Method::GET, &uri, &user(Role::Customer), None).await;
    assert_eq!(counts.status, StatusCode::OK, "{}", counts.body);
    assert_eq!(
        counts.body,
        serde_json::json!([
            { "showtime_id": busy, "booked": 2, "held": 1 },
            { "showtime_id": quiet, "booked": 0, "held": 0 },
        ])
    );

    // The showtime's index of held seats lives no longer than its last hold...
    let mut redis = redis::Client::open(std::env::var("REDIS_URL").unwrap())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let index_ttl: i64 = redis.pttl(format!("seats:held:{busy}")).await.unwrap();
    assert!((1..=8 * 60 * 1000).contains(&index_ttl), "{index_ttl}");
    // ...and a released hold leaves it.
    let hold_id = held.body["id"].as_str().unwrap();
    let released = call(
        &app,
        Method::DELETE,
        &format!("/holds/{hold_id}"),
        &held_by,
        None,
    )
    .await;
    assert_eq!(released.status, StatusCode::NO_CONTENT);
    let counts = call(&app, Method::GET, &uri, &user(Role::Customer), None).await;
    assert_eq!(counts.body[0]["held"], 0, "{}", counts.body);
    assert_eq!(counts.body[0]["booked"], 2);

    let bad = call(
        &app,
        Method::GET,
        "/showtimes/occupancy?ids=not-an-id",
        &user(Role::Customer),
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["detail"][0]["loc"][1], "ids");
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn eleven_seats_are_refused_before_the_catalog_is_asked(pool: PgPool) {
    let app = app(pool);
    // An unknown showtime: a list this long is refused before the catalog is even asked.
    let showtime = uuid::Uuid::new_v4();
    let eleven: Vec<String> = (1..=11).map(|n| format!("Z{n}")).collect();
    let refs: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let refused = hold(&app, &user(Role::Customer), showtime, &refs).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert_eq!(
        refused.body["detail"],
        "At most 10 seats can be held at once"
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_customer_may_have_at_most_ten_seats_of_a_showtime_held_or_awaiting_payment(
    pool: PgPool,
) {
    let app = app(pool);
    let showtime = showtime(24).await;
    let ada = user(Role::Customer);
    let held = hold(&app, &ada, showtime, &["F1", "F2", "F3", "F4", "F5", "F6"]).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    let booked = book(&app, &ada, showtime, &["G1", "G2", "G3", "G4"]).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);

    let eleventh = hold(&app, &ada, showtime, &["F7"]).await;
    assert_eq!(eleventh.status, StatusCode::CONFLICT, "{}", eleventh.body);
    assert_eq!(
        eleventh.body["detail"],
        "You already have 10 seats held or awaiting payment for this showtime; at most 10 per person"
    );
    let eleventh = book(&app, &ada, showtime, &["F7"]).await;
    assert_eq!(eleventh.status, StatusCode::CONFLICT, "{}", eleventh.body);
    // Holding again seats already hers adds nothing.
    let again = hold(&app, &ada, showtime, &["F1", "F2"]).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    // Someone else is not limited by her seats.
    let bob = hold(&app, &user(Role::Customer), showtime, &["F7"]).await;
    assert_eq!(bob.status, StatusCode::CREATED, "{}", bob.body);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn many_small_holds_from_one_account_stop_at_ten_seats(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(25).await;
    let hoarder = user(Role::Customer);
    let mut statuses = Vec::new();
    for number in 1..=12 {
        let seat = format!("E{number}");
        statuses.push(
            hold(&app, &hoarder, showtime, &[seat.as_str()])
                .await
                .status,
        );
    }
    let created = statuses
        .iter()
        .filter(|status| **status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 10, "{statuses:?}");
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn seats_let_go_rest_ten_minutes_before_the_same_customer_may_hold_them_again(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(26).await;
    let ada = user(Role::Customer);
    let held = hold(&app, &ada, showtime, &["D7", "D8"]).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    let id = held.body["id"].as_str().unwrap();
    let released = call(&app, Method::DELETE, &format!("/holds/{id}"), &ada, None).await;
    assert_eq!(released.status, StatusCode::NO_CONTENT);

    let again = hold(&app, &ada, showtime, &["D8", "D9"]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(
        again.body["detail"],
        "You let go of D8 a moment ago; you can hold them again in 10 minutes, or choose other seats"
    );
    // Other seats, and other people, are not held back.
    assert_eq!(
        hold(&app, &ada, showtime, &["D9"]).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        hold(&app, &user(Role::Customer), showtime, &["D7", "D8"])
            .await
            .status,
        StatusCode::CREATED
    );
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn staff_at_the_box_office_are_neither_limited_nor_held_back(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(27).await;
    let seller = user(Role::Staff);
    let seats: Vec<String> = (1..=8).map(|n| format!("C{n}")).collect();
    let first: Vec<&str> = seats.iter().map(String::as_str).collect();
    let held = hold(&app, &seller, showtime, &first).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    let id = held.body["id"].as_str().unwrap();
    assert_eq!(
        call(&app, Method::DELETE, &format!("/holds/{id}"), &seller, None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let again = hold(&app, &seller, showtime, &first).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let more = hold(&app, &seller, showtime, &["D1", "D2", "D3", "D4"]).await;
    assert_eq!(more.status, StatusCode::CREATED, "{}", more.body);
}

#[tokio::test]
async fn a_hold_left_to_lapse_rests_like_a_released_one() {
    use booking_service::repo::holds::{HoldRules, Holds};
    let showtime = showtime(28).await;
    let redis = service_kit::cache::LazyRedis::open(&std::env::var("REDIS_URL").unwrap()).unwrap();
    let seating = crate::support::catalog().seating(showtime).await.unwrap();
    let seats = booking_service::domain::seats::resolve(&seating, &["H7".to_owned()]).unwrap();
    let holds = Holds::new(
        redis,
        std::time::Duration::from_millis(300),
        std::time::Duration::from_secs(600),
    );
    let customer = HoldRules {
        max_seats: Some(10),
        pending: &[],
        rest_applies: true,
    };
    let holder = uuid::Uuid::new_v4();
    holds
        .acquire(holder, showtime, &seats, customer)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let again = holds.acquire(holder, showtime, &seats, customer).await;
    assert!(
        matches!(
            again,
            Err(booking_service::error::BookingError::SeatsResting { .. })
        ),
        "{again:?}"
    );
    holds
        .acquire(uuid::Uuid::new_v4(), showtime, &seats, customer)
        .await
        .unwrap();
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_hundred_thousand_seat_list_is_refused_before_it_is_read(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(31).await;
    let labels: Vec<String> = (0..100_000).map(|n| format!("Z{n}")).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let refused = hold(&app, &user(Role::Customer), showtime, &refs).await;
    assert_eq!(
        refused.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        refused.body
    );
    assert_eq!(refused.body["detail"], "Request body too large");
    println!("refused in {:?}", started.elapsed());
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_hold_made_and_let_go_is_counted_once_in_the_metrics(pool: PgPool) {
    let app = app(pool);
    let showtime = spare_showtime(13).await;
    let ada = user(Role::Customer);
    let held = hold(&app, &ada, showtime, &["F4", "F5"]).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    let id = held.body["id"].as_str().unwrap();
    let released = call(&app, Method::DELETE, &format!("/holds/{id}"), &ada, None).await;
    assert_eq!(released.status, StatusCode::NO_CONTENT);

    let metrics = service_kit::testing::metrics(&app).await;
    let holds = |event| service_kit::testing::sample(&metrics, "holds_total", &[("event", event)]);
    assert_eq!(holds("created"), Some(1.0), "one hold, however many seats");
    assert_eq!(holds("released"), Some(1.0));
    assert_eq!(holds("expired"), Some(0.0));
}
