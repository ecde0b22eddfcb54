//! The events the booking service acts on, read from RabbitMQ: each consumer parses an event
//! and hands it to the domain. (What it publishes goes through the outbox, in
//! [`crate::repo::bookings::record_event`].)

pub mod payments;
pub mod showtimes;

use service_kit::events::{Event, consumer::Permanent};
use uuid::Uuid;

/// The id of the `what` the event is about (`{what}_id` in its data); an event without one can
/// never be handled.
fn id_of(event: &Event, what: &str) -> anyhow::Result<Uuid> {
    event.data[format!("{what}_id")]
        .as_str()
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| Permanent(format!("{} names no {what}", event.event_type)).into())
}
