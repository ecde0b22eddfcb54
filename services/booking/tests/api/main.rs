//! The booking service against real PostgreSQL, Redis and a real movie service (the seat maps).

mod accessible;
mod best_available;
mod bookings;
mod cancellations;
mod counter;
mod door;
mod events;
mod holds;
mod moves;
mod outage;
mod realtime;
mod seat_maps;
mod seating;
mod support;

use sqlx::PgPool;

#[sqlx::test(migrator = "booking_service::MIGRATOR")]
async fn migrations_apply_and_health_reports_every_dependency(pool: PgPool) {
    service_kit::testing::assert_healthy_with(
        &booking_service::spec(),
        pool,
        &["database", "rabbitmq", "redis"],
    )
    .await;
}
