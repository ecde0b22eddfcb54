use std::{process::Stdio, time::Duration};

use axum::http::StatusCode;
use service_kit::{BrokerProbe, Dependency, cache::LazyRedis};
use tokio::process::{Child, Command};

use crate::support::{amqp_url, app, database, get_request, json_body, redis_url, send};

#[tokio::test]
async fn health_reports_every_dependency_as_connected() {
    let app = app(vec![
        Dependency::Database(database().await),
        Dependency::Redis(LazyRedis::open(&redis_url()).unwrap()),
        Dependency::RabbitMq(BrokerProbe::new(amqp_url())),
    ]);
    let response = send(&app, get_request("/health")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_body(response).await;
    assert_eq!(body["status"], "healthy");
    assert_eq!(body["service"], "kit-service");
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    for dependency in ["database", "redis", "rabbitmq"] {
        assert_eq!(body["dependencies"][dependency], "connected", "{body}");
    }
}

#[tokio::test]
async fn an_unreachable_dependency_makes_health_503_and_names_the_error() {
    let app = app(vec![
        Dependency::Database(database().await),
        // Nothing listens on port 9 of loopback.
        Dependency::RabbitMq(BrokerProbe::new("amqp://guest:guest@127.0.0.1:9/%2f")),
    ]);
    let response = send(&app, get_request("/health")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = json_body(response).await;
    assert_eq!(body["status"], "unhealthy");
    assert_eq!(body["dependencies"]["database"], "connected");
    assert!(
        body["dependencies"]["rabbitmq"]
            .as_str()
            .unwrap()
            .starts_with("error")
    );
}

#[tokio::test]
async fn liveness_answers_without_probing_dependencies() {
    let app = app(vec![Dependency::RabbitMq(BrokerProbe::new(
        "amqp://127.0.0.1:9/%2f",
    ))]);
    let response = send(&app, get_request("/health/live")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await["status"], "alive");
}

/// A Redis server of this test's own, so stopping it disturbs no other test.
struct OwnRedis {
    child: Child,
    port: u16,
}

impl OwnRedis {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self::start_on(port).await
    }

    async fn start_on(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
            ])
            .args(["--appendonly", "no"])
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("redis-server is installed");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self { child, port };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server did not start on port {port}");
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    async fn stop(mut self) {
        self.child.kill().await.unwrap();
    }
}

#[tokio::test]
async fn health_turns_503_when_redis_is_stopped_and_recovers_when_it_is_back() {
    let redis = OwnRedis::start().await;
    let port = redis.port;
    let app = app(vec![
        Dependency::Database(database().await),
        Dependency::Redis(LazyRedis::open(&redis.url()).unwrap()),
    ]);

    let response = send(&app, get_request("/health")).await;
    assert_eq!(response.status(), StatusCode::OK);

    redis.stop().await;
    let response = send(&app, get_request("/health")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = json_body(response).await;
    assert_eq!(body["status"], "unhealthy");
    assert_eq!(body["dependencies"]["database"], "connected");
    let redis_state = body["dependencies"]["redis"].as_str().unwrap();
    assert!(redis_state.starts_with("error"), "{redis_state}");

    // The same server coming back on its port is noticed without a restart (the shared
    // connection reconnects in the background, so within a few probes).
    let mut restarted = OwnRedis::start_on(port).await;
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        status = send(&app, get_request("/health")).await.status();
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::OK);
    restarted.child.kill().await.unwrap();
}

/// A TCP relay to `upstream` that counts the connections made through it.
async fn counting_relay(upstream: String) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let upstream = upstream.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (port, accepted)
}

fn host_and_port(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    rest.split(['/', '?']).next().unwrap().to_owned()
}

#[tokio::test]
async fn repeated_health_checks_reuse_one_connection_to_redis_and_to_the_broker() {
    use std::sync::atomic::Ordering;
    let (redis_port, redis_connections) = counting_relay(host_and_port(&redis_url())).await;
    let (broker_port, broker_connections) = counting_relay(host_and_port(&amqp_url())).await;
    let amqp = amqp_url().replacen(
        &host_and_port(&amqp_url()),
        &format!("127.0.0.1:{broker_port}"),
        1,
    );
    let app = app(vec![
        Dependency::Redis(LazyRedis::open(&format!("redis://127.0.0.1:{redis_port}")).unwrap()),
        Dependency::RabbitMq(BrokerProbe::new(amqp)),
    ]);
    for _ in 0..10 {
        let response = send(&app, get_request("/health")).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(redis_connections.load(Ordering::SeqCst), 1);
    assert_eq!(broker_connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_public_status_names_no_error_only_that_a_dependency_is_unavailable() {
    let app = app(vec![
        Dependency::Database(database().await),
        Dependency::RabbitMq(BrokerProbe::new("amqp://guest:guest@127.0.0.1:9/%2f")),
    ]);
    let response = send(&app, get_request("/health/status")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = json_body(response).await;
    assert_eq!(body["status"], "unhealthy");
    assert_eq!(body["dependencies"]["database"], "connected");
    assert_eq!(body["dependencies"]["rabbitmq"], "unavailable");
    assert!(!body.to_string().contains("127.0.0.1"), "{body}");
}
