//! Live seat maps over WebSockets: a snapshot, then each change, and one Redis subscription per
//! watched showtime however many people watch it.

use std::time::Duration;

use futures::StreamExt;
use marquee_server::config::BffConfig;
use redis::AsyncCommands;
use serde_json::{Value, json};
use sqlx::PgPool;
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

async fn serve(app: axum::Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(
    bff: std::net::SocketAddr,
    showtime: &str,
    origin: &str,
) -> Result<Socket, tungstenite::Error> {
    let mut request = format!("ws://{bff}/ws/showtimes/{showtime}")
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("origin", origin.parse().unwrap());
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("a message within 5 s")
            .unwrap()
            .unwrap();
        if let tungstenite::Message::Text(text) = message {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// A BFF (knowing each client's address) in front of a movie service with the demo catalog;
/// answers its address and a showtime of the catalog.
async fn bff_with_catalog(pool: PgPool) -> (std::net::SocketAddr, uuid::Uuid) {
    movie_service::demo::seed(&pool).await.unwrap();
    movie_service::demo_cinemas::seed(&pool).await.unwrap();
    let showtime: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM showtimes ORDER BY starts_at DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let movie = serve(service_kit::testing::app(&movie_service::spec(), pool)).await;
    let mut config = BffConfig::from_env().unwrap();
    config.set_service_url("movie", format!("http://{movie}"));
    // The limit as deployed, whatever the environment (make test raises it for its browsers).
    config.live_sockets_per_address = 20;
    let app = marquee_server::app(&config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bff = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    (bff, showtime)
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn viewers_get_a_snapshot_then_changes_through_one_subscription(pool: PgPool) {
    let (bff, showtime) = bff_with_catalog(pool).await;
    let origin = format!("http://{bff}");

    let mut first = connect(bff, &showtime.to_string(), &origin).await.unwrap();
    let mut second = connect(bff, &showtime.to_string(), &origin).await.unwrap();
    for socket in [&mut first, &mut second] {
        let snapshot = next_json(socket).await;
        assert_eq!(snapshot["type"], "snapshot");
        assert!(snapshot["seats"].as_array().unwrap().len() > 50);
    }

    let mut redis = redis::Client::open(BffConfig::from_env().unwrap().redis_url.as_str())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let channel = api_types::live::seat_channel(showtime);
    let (_, subscribers): (String, i64) = redis::cmd("PUBSUB")
        .arg("NUMSUB")
        .arg(&channel)
        .query_async(&mut redis)
        .await
        .unwrap();
    assert_eq!(subscribers, 1, "two viewers, one Redis subscription");

    let seat = uuid::Uuid::new_v4();
    let change =
        json!({ "showtime_id": showtime, "status": "held", "seat_ids": [seat], "version": 1 });
    let _: i64 = redis.publish(&channel, change.to_string()).await.unwrap();
    for socket in [&mut first, &mut second] {
        let delta = next_json(socket).await;
        assert_eq!(delta["type"], "change");
        assert_eq!(delta["version"], 1);
        assert_eq!(delta["seat_ids"][0], seat.to_string());
    }
    first.close(None).await.unwrap();
    second.close(None).await.unwrap();
}

#[tokio::test]
async fn a_websocket_from_another_site_is_refused() {
    let config = BffConfig::from_env().unwrap();
    let bff = serve(marquee_server::app(&config).unwrap()).await;
    let refused = connect(
        bff,
        &uuid::Uuid::new_v4().to_string(),
        "https://evil.example",
    )
    .await;
    match refused {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("expected a 403, got {other:?}"),
    }
}

fn refusal_status(outcome: Result<Socket, tungstenite::Error>) -> u16 {
    match outcome {
        Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
        Ok(_) => 101,
        Err(other) => panic!("expected an HTTP refusal, got {other:?}"),
    }
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_showtime_that_does_not_exist_gets_no_socket(pool: PgPool) {
    let (bff, _) = bff_with_catalog(pool).await;
    let origin = format!("http://{bff}");
    let unknown = connect(bff, &uuid::Uuid::new_v4().to_string(), &origin).await;
    assert_eq!(refusal_status(unknown), 404);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn one_address_gets_at_most_twenty_live_sockets(pool: PgPool) {
    let (bff, showtime) = bff_with_catalog(pool).await;
    let origin = format!("http://{bff}");
    let mut open = Vec::new();
    for _ in 0..20 {
        open.push(connect(bff, &showtime.to_string(), &origin).await.unwrap());
    }
    let one_more = connect(bff, &showtime.to_string(), &origin).await;
    assert_eq!(refusal_status(one_more), 429);
    // One closes: a socket is free again.
    open.pop().unwrap().close(None).await.unwrap();
    let mut again = None;
    for _ in 0..50 {
        if let Ok(socket) = connect(bff, &showtime.to_string(), &origin).await {
            again = Some(socket);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(again.is_some(), "a socket after one closed");
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_socket_sending_an_oversized_message_is_closed(pool: PgPool) {
    use futures::SinkExt;
    let (bff, showtime) = bff_with_catalog(pool).await;
    let origin = format!("http://{bff}");
    let mut socket = connect(bff, &showtime.to_string(), &origin).await.unwrap();
    next_json(&mut socket).await;
    socket
        .send(tungstenite::Message::Text("x".repeat(64 * 1024).into()))
        .await
        .unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                None | Some(Err(_)) | Some(Ok(tungstenite::Message::Close(_))) => return true,
                Some(Ok(_)) => {}
            }
        }
    })
    .await;
    assert_eq!(ended, Ok(true));
}
