//! Connections to the broker ask for small frames: lapin keeps 32 frames' worth of buffer each
//! way per connection, written in full, so at RabbitMQ's default frame size every connection
//! held 8 MiB from the start.

use service_kit::events;

use crate::support::amqp_url;

#[tokio::test]
async fn a_connection_asks_the_broker_for_small_frames() {
    let (connection, _channel) = events::connect(&amqp_url()).await.unwrap();
    assert_eq!(connection.configuration().frame_max(), events::FRAME_MAX);
    connection.close(0, "done".into()).await.unwrap();
}

#[tokio::test]
async fn a_frame_size_named_in_the_url_is_kept() {
    let url = amqp_url();
    let separator = if url.contains('?') { '&' } else { '?' };
    let connection = events::open(&format!("{url}{separator}frame_max=16384"))
        .await
        .unwrap();
    assert_eq!(connection.configuration().frame_max(), 16384);
    connection.close(0, "done".into()).await.unwrap();
}
