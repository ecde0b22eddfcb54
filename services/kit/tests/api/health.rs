use std::{process::Stdio, time::Duration};

use axum::http::StatusCode;
use service_kit::Dependency;
use tokio::process::{Child, Command};

use crate::support::{amqp_url, app, database, get_request, json_body, redis_url, send};

#[tokio::test]
async fn health_reports_every_dependency_as_connected() {
    let redis = redis::Client::open(redis_url()).unwrap();
    let app = app(vec![
        Dependency::Database(database().await),
        Dependency::Redis(redis),
        Dependency::RabbitMq(amqp_url()),
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
        Dependency::RabbitMq("amqp://guest:guest@127.0.0.1:9/%2f".into()),
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
    let app = app(vec![Dependency::RabbitMq("amqp://127.0.0.1:9/%2f".into())]);
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
        Dependency::Redis(redis::Client::open(redis.url()).unwrap()),
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

    // The same server coming back on its port is noticed without a restart.
    let mut restarted = OwnRedis::start_on(port).await;
    let response = send(&app, get_request("/health")).await;
    assert_eq!(response.status(), StatusCode::OK);
    restarted.child.kill().await.unwrap();
}
