//! `showtime.cancelled` from the catalog: the showtime's bookings are cancelled
//! ([`crate::domain::showtimes::cancel_showtime`]).

use service_kit::events::{
    Event,
    consumer::{EventHandler, Subscription},
};
use sqlx::PgConnection;

use crate::domain::showtimes::cancel_showtime;

pub const SUBSCRIPTION: Subscription = Subscription {
    queue: "booking.showtime-events",
    bindings: &["showtime.cancelled"],
};

pub struct ShowtimeEvents;

impl EventHandler for ShowtimeEvents {
    async fn handle(&self, event: &Event, connection: &mut PgConnection) -> anyhow::Result<()> {
        let showtime_id = super::id_of(event, "showtime")?;
        Ok(cancel_showtime(connection, showtime_id).await?)
    }
}
