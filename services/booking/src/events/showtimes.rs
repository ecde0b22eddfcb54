//! `showtime.cancelled` from the catalog: the showtime's bookings are cancelled
//! ([`crate::domain::showtimes::cancel_showtime`]), and counted once that is committed.

use service_kit::events::{
    Event,
    consumer::{EventHandler, Subscription},
};
use sqlx::PgConnection;

use crate::{
    domain::showtimes::cancel_showtime,
    metrics::{BookingMetrics, Changes},
};

pub const SUBSCRIPTION: Subscription = Subscription {
    queue: "booking.showtime-events",
    bindings: &["showtime.cancelled"],
};

pub struct ShowtimeEvents {
    pub metrics: BookingMetrics,
}

impl EventHandler for ShowtimeEvents {
    type Done = Changes;

    async fn handle(
        &self,
        event: &Event,
        connection: &mut PgConnection,
    ) -> anyhow::Result<Changes> {
        let showtime_id = super::id_of(event, "showtime")?;
        Ok(cancel_showtime(connection, showtime_id).await?)
    }

    async fn after_commit(&self, _event: &Event, changes: Changes) {
        self.metrics.count(changes);
    }
}
