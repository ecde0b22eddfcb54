use axum::{
    Router,
    body::Body,
    http::{Request, Response},
    routing::{get, post},
};
use http_body_util::BodyExt;
use serde::Deserialize;
use serde_json::Value;
use service_kit::{ApiResult, Dependency, Json, Path, ServiceConfig, ServiceContext};
use tower::ServiceExt;

pub fn config() -> ServiceConfig {
    let mut config = ServiceConfig::from_env("kit", 0).expect("defaults are valid");
    config.max_body_bytes = 1024;
    config.dependency_timeout = std::time::Duration::from_millis(1500);
    config
}

#[derive(Debug, Deserialize, serde::Serialize)]
pub struct Ticket {
    pub seat: String,
    pub count: u8,
}

async fn echo(Json(ticket): Json<Ticket>) -> ApiResult<Json<Ticket>> {
    Ok(Json(ticket))
}

async fn item(Path(id): Path<uuid::Uuid>) -> String {
    id.to_string()
}

pub fn app(dependencies: Vec<Dependency>) -> Router {
    app_with(config(), dependencies)
}

pub fn app_with(config: ServiceConfig, dependencies: Vec<Dependency>) -> Router {
    let context = ServiceContext::new(config, dependencies);
    let routes = Router::new()
        .route("/echo", post(echo))
        .route("/items/{id}", get(item));
    service_kit::with_standard_layers(routes, &context)
}

pub async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone()
        .oneshot(request)
        .await
        .expect("the router is infallible")
}

pub async fn json_body(response: Response<Body>) -> Value {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!("not JSON: {}", String::from_utf8_lossy(&bytes));
    })
}

pub async fn text_body(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

pub fn get_request(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

pub fn env_or(key: &str, default: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| default.to_owned())
}

pub fn redis_url() -> String {
    env_or("REDIS_URL", service_kit::config::DEFAULT_REDIS_URL)
}

pub fn amqp_url() -> String {
    env_or("AMQP_URL", service_kit::config::DEFAULT_AMQP_URL)
}

pub async fn database() -> sqlx::PgPool {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the test PostgreSQL");
    sqlx::PgPool::connect(&url).await.expect("PostgreSQL is up")
}
