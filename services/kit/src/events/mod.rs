//! Domain events over RabbitMQ, never lost and acted on once. A service writes an event into
//! its own `outbox` table in the same transaction as the change it describes ([`outbox`]); a
//! relay publishes it with publisher confirms. Consumers record the ids of events they have
//! handled in the same transaction as their work and acknowledge only after it is committed
//! ([`consumer`]); what cannot be handled lands in a dead-letter queue. Both tables are pruned
//! past a retention ([`retention`]). The message format is
//! documented in `docs/events.md`.

pub mod consumer;
mod lanes;
pub mod outbox;
pub mod queues;
pub mod retention;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The topic exchange every event goes through (as in the original).
pub const EXCHANGE: &str = "booking_events";
/// Where messages no consumer could handle are parked, by queue name.
pub const DEAD_LETTER_EXCHANGE: &str = "booking_events.dead";

/// One event: what happened (`type`, also its routing key), to what (`data`, whose shape is
/// `version`ed), when, and the request it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub event_type: String,
    pub version: u32,
    pub time: DateTime<Utc>,
    pub correlation_id: Option<String>,
    pub data: Value,
}

impl Event {
    pub fn new(event_type: &str, data: Value, correlation_id: Option<String>) -> Self {
        Self {
            id: Uuid::new_v4(),
            event_type: event_type.to_owned(),
            version: 1,
            time: Utc::now(),
            correlation_id,
            data,
        }
    }

    /// An event caused by the work in hand: it carries the current correlation id, so whatever
    /// it causes in other services is logged under the same chain.
    pub fn caused_now(event_type: &str, data: Value) -> Self {
        let correlation_id = crate::correlation::CorrelationId::current();
        Self::new(
            event_type,
            data,
            correlation_id.map(|id| id.as_str().to_owned()),
        )
    }

    /// The booking the event is about: its `booking_id`, or the `id` of a booking service's
    /// own event (whose data is the booking); what consumers keep the order of events by.
    pub fn booking_id(&self) -> Option<Uuid> {
        let field = match &self.data["booking_id"] {
            Value::Null if self.event_type.starts_with("booking.") => &self.data["id"],
            other => other,
        };
        field.as_str().and_then(|id| id.parse().ok())
    }
}

/// The largest frame asked of the broker, in bytes, unless the URL names its own `frame_max`.
/// lapin keeps 32 frames' worth of buffer each way per connection, all of it written: at
/// RabbitMQ's default of 128 KiB that is 8 MiB a connection, resident from the start, for
/// events of a few hundred bytes (a larger message is sent in several frames).
pub const FRAME_MAX: u32 = 8192;

/// Opens a connection to the broker at `amqp_url`, asking for frames of at most [`FRAME_MAX`]
/// bytes unless the URL says otherwise.
pub async fn open(amqp_url: &str) -> lapin::Result<lapin::Connection> {
    let mut uri: lapin::uri::AMQPUri = amqp_url.parse().map_err(|error: String| {
        lapin::Error::from(std::io::Error::new(std::io::ErrorKind::InvalidInput, error))
    })?;
    uri.query.frame_max.get_or_insert(FRAME_MAX);
    lapin::Connection::connect_uri(uri, lapin::ConnectionProperties::default()).await
}

/// Connects to the broker and declares the exchanges every publisher and consumer relies on.
pub async fn connect(amqp_url: &str) -> lapin::Result<(lapin::Connection, lapin::Channel)> {
    use lapin::{ExchangeKind, options::ExchangeDeclareOptions, types::FieldTable};

    let connection = open(amqp_url).await?;
    let channel = connection.create_channel().await?;
    let durable = ExchangeDeclareOptions {
        durable: true,
        ..Default::default()
    };
    channel
        .exchange_declare(
            EXCHANGE.into(),
            ExchangeKind::Topic,
            durable,
            FieldTable::default(),
        )
        .await?;
    channel
        .exchange_declare(
            DEAD_LETTER_EXCHANGE.into(),
            ExchangeKind::Direct,
            durable,
            FieldTable::default(),
        )
        .await?;
    Ok((connection, channel))
}

/// The wait before retry `attempt` (0-based): doubling from 200 ms up to 10 s, less up to half
/// so that many retries do not fall on the same instant.
pub fn backoff(attempt: u32) -> std::time::Duration {
    let ceiling = 200u64.saturating_mul(1 << attempt.min(6)).min(10_000);
    // The clock's nanoseconds spread retries well enough; no random-number crate needed.
    let spread = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| u64::from(since.subsec_nanos()) % 1000);
    std::time::Duration::from_millis(ceiling - ceiling / 2 * spread / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_names_its_booking_whether_it_carries_the_booking_or_points_at_it() {
        let booking = Uuid::new_v4();
        let payment = Event::new(
            "payment.completed",
            serde_json::json!({"payment_id": Uuid::new_v4(), "booking_id": booking}),
            None,
        );
        let confirmed = Event::new(
            "booking.confirmed",
            serde_json::json!({"id": booking}),
            None,
        );
        let showtime = Event::new(
            "showtime.cancelled",
            serde_json::json!({"id": booking}),
            None,
        );
        assert_eq!(payment.booking_id(), Some(booking));
        assert_eq!(confirmed.booking_id(), Some(booking));
        assert_eq!(showtime.booking_id(), None);
    }

    #[test]
    fn events_serialise_with_their_type_and_version() {
        let event = Event::new(
            "payment.completed",
            serde_json::json!({ "x": 1 }),
            Some("c".into()),
        );
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], "payment.completed");
        assert_eq!(json["version"], 1);
        assert_eq!(json["correlation_id"], "c");
        let back: Event = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);
    }

    #[test]
    fn retries_back_off_to_ten_seconds() {
        assert!(backoff(0).as_millis() <= 200 && backoff(0).as_millis() >= 100);
        assert!(backoff(20).as_millis() <= 10_000 && backoff(20).as_millis() >= 5_000);
    }
}
