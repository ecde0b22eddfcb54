//! `payment.completed` and `payment.refunded` from the payment service, applied to bookings by
//! [`crate::domain::payments`]; afterwards what changed is counted, the holds on the booking's
//! seats are let go, and a cancelled booking's seats are announced free.

use service_kit::events::{
    Event,
    consumer::{EventHandler, Permanent, Subscription},
};
use sqlx::{PgConnection, PgPool};

use crate::{
    domain::{holds::give_back, payments},
    error::BookingError,
    live::SeatFeed,
    metrics::{BookingMetrics, Changes},
    repo::{self, holds::Holds},
    signer::TicketSigner,
};

pub const SUBSCRIPTION: Subscription = Subscription {
    queue: "booking.payment-events",
    bindings: &["payment.completed", "payment.refunded"],
};

pub struct PaymentEvents {
    pub pool: PgPool,
    pub holds: Holds,
    pub feed: SeatFeed,
    pub tickets: TicketSigner,
    pub metrics: BookingMetrics,
}

impl PaymentEvents {
    /// A handler of its own over `pool` and the Redis at `redis_url`, with the hold times of
    /// the environment: for tests and tools that apply payment events outside a running service.
    pub fn standalone(pool: PgPool, redis_url: &str) -> anyhow::Result<Self> {
        let redis = service_kit::cache::LazyRedis::open(redis_url)?;
        let config = crate::config::BookingConfig::from_env()?;
        Ok(Self {
            holds: Holds::new(redis.clone(), config.hold_ttl, config.hold_rest),
            feed: SeatFeed::new(redis),
            tickets: TicketSigner::new(pool.clone(), None),
            metrics: BookingMetrics::unregistered(),
            pool,
        })
    }
}

impl EventHandler for PaymentEvents {
    type Done = Changes;

    async fn handle(
        &self,
        event: &Event,
        connection: &mut PgConnection,
    ) -> anyhow::Result<Changes> {
        let id = super::id_of(event, "booking")?;
        let done = match event.event_type.as_str() {
            "payment.completed" => {
                let ticket_key = self.tickets.key().await?;
                let payment_id = &event.data["payment_id"];
                let correlation_id = event.correlation_id.clone();
                payments::paid(connection, id, payment_id, correlation_id, ticket_key).await
            }
            "payment.refunded" if payments::refund_ends_booking(&event.data) => {
                payments::refunded(connection, id).await
            }
            _ => Ok(Changes::default()),
        };
        match done {
            Err(BookingError::BookingNotFound) => {
                Err(Permanent(format!("payment for unknown booking {id}")).into())
            }
            other => Ok(other?),
        }
    }

    async fn after_commit(&self, event: &Event, changes: Changes) {
        self.metrics.count(changes);
        let Ok(id) = super::id_of(event, "booking") else {
            return;
        };
        let Ok(Some(booking)) = repo::bookings::find(&self.pool, id).await else {
            return;
        };
        // Confirmed or cancelled, the holds on its seats are done with.
        if booking.status == "cancelled" {
            give_back(
                &self.holds,
                &self.feed,
                (booking.user_id, booking.id),
                booking.showtime_id,
                &booking.seat_ids(),
            )
            .await;
        } else {
            self.holds
                .release_seats(booking.user_id, booking.showtime_id, &booking.seat_ids())
                .await;
        }
        if event.event_type == "payment.completed"
            && booking.status == "confirmed"
            && booking.sales_channel == api_types::bookings::SALES_BOX_OFFICE
        {
            self.metrics.sold_at_counter(booking.seats.len());
        }
        // A box office waiting on this payment hears at once that the booking is settled.
        self.feed.booking_settled(booking.id).await;
    }
}
