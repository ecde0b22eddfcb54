//! While the cinema moves a showtime (another film, hall or time), no booking slips in: the
//! catalog pauses its bookings under the same per-showtime lock that bookings take.

use axum::http::{Method, StatusCode};
use service_kit::auth::Role;
use sqlx::PgPool;

use crate::support::{app, book, call, showtime, user};

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn bookings_pause_while_a_showtime_is_moved(pool: PgPool) {
    let app = app(pool);
    let showtime = showtime(29).await;
    let admin = user(Role::Admin);
    let changes = format!("/showtimes/{showtime}/changes");

    let paused = call(&app, Method::POST, &changes, &admin, None).await;
    assert_eq!(paused.status, StatusCode::NO_CONTENT, "{}", paused.body);
    let refused = book(&app, &user(Role::Customer), showtime, &["A3"]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(
        refused.body["detail"],
        "The cinema is changing this showtime right now; try again in a moment"
    );

    let resumed = call(&app, Method::DELETE, &changes, &admin, None).await;
    assert_eq!(resumed.status, StatusCode::NO_CONTENT);
    let booked = book(&app, &user(Role::Customer), showtime, &["A3"]).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);

    // With a booking on, the move is refused.
    let refused = call(&app, Method::POST, &changes, &admin, None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    // Only admins move showtimes.
    let customer = call(&app, Method::POST, &changes, &user(Role::Customer), None).await;
    assert_eq!(customer.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn a_booking_racing_a_move_either_stops_the_move_or_waits_for_it(pool: PgPool) {
    let app = app(pool.clone());
    let showtime = showtime(30).await;
    let admin = user(Role::Admin);
    let changes = format!("/showtimes/{showtime}/changes");
    for round in 1..=8 {
        let seat = format!("B{round}");
        let seats = [seat.as_str()];
        let customer = user(Role::Customer);
        let (booking, pause) = tokio::join!(
            book(&app, &customer, showtime, &seats),
            call(&app, Method::POST, &changes, &admin, None)
        );
        let booked = booking.status == StatusCode::CREATED;
        let paused = pause.status == StatusCode::NO_CONTENT;
        assert!(
            booked != paused,
            "round {round}: booking {} and pause {}",
            booking.status,
            pause.status
        );
        if paused {
            call(&app, Method::DELETE, &changes, &admin, None).await;
        } else {
            let id = booking.body["id"].as_str().unwrap();
            let cancelled = call(
                &app,
                Method::POST,
                &format!("/bookings/{id}/cancel"),
                &customer,
                None,
            )
            .await;
            assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
        }
    }
}
