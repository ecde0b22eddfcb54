//! Helpers for services' own integration tests.

// Tests set environment variables before any service of the process reads them.
#![allow(unsafe_code)]

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::PgPool;
use tower::ServiceExt;

use crate::{cli::ServiceSpec, config::ServiceConfig};

/// The service's whole application over `pool`, configured from the environment.
pub fn app(spec: &ServiceSpec, pool: PgPool) -> Router {
    let config = ServiceConfig::from_env(spec.name, 0).expect("test configuration is valid");
    crate::cli::app(spec, config, pool).expect("the application builds")
}

/// A response read whole: status, headers and JSON body (`Null` when empty).
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

/// Sends `request` and reads the answer.
pub async fn send(app: &Router, mut request: Request<Body>) -> TestResponse {
    // The test stands where the gateway does, on this machine, so `X-Real-IP` is believed; a
    // loopback address of its own keeps requests without one from sharing a login throttle.
    request.extensions_mut().get_or_insert_with(|| {
        let [_, a, b, c, ..] = uuid::Uuid::new_v4().into_bytes();
        axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, a, b, c], 0)))
    });
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("routers are infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a readable body")
        .to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
    };
    TestResponse {
        status,
        headers,
        body,
    }
}

/// Builds a request with an optional bearer token and JSON body.
pub fn json_request(
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    }
    .expect("a valid request")
}

/// Sends a GET and returns the status and JSON body.
pub async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let response = send(app, json_request(Method::GET, uri, None, None)).await;
    (response.status, response.body)
}

/// The app's `GET /metrics`, in Prometheus' text format.
pub async fn metrics(app: &Router) -> String {
    let request = json_request(Method::GET, "/metrics", None, None);
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("routers are infallible");
    assert_eq!(response.status(), StatusCode::OK, "/metrics answers");
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a readable body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("the text format is UTF-8")
}

/// The value of the sample of `name` whose labels include every one of `labels`, read from
/// `exposition` (Prometheus' text format, as [`metrics`] answers it); `None` when there is no
/// such sample. (Label values with commas in them are not told apart.)
pub fn sample(exposition: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    exposition.lines().find_map(|line| {
        let (series, value) = line.rsplit_once(' ')?;
        let series_labels = match series.strip_prefix(name)? {
            "" => "",
            braced => braced.strip_prefix('{')?.strip_suffix('}')?,
        };
        let has_every_label = labels.iter().all(|(label, wanted)| {
            let pair = format!("{label}=\"{wanted}\"");
            series_labels.split(',').any(|each| each == pair)
        });
        if has_every_label {
            value.parse::<f64>().ok()
        } else {
            None
        }
    })
}

/// Checks that `/health` answers 200 and reports exactly `expected` dependencies as connected,
/// against the real servers named by the environment.
pub async fn assert_healthy_with(spec: &ServiceSpec, pool: PgPool, expected: &[&str]) {
    let app = app(spec, pool);
    let (status, body) = get_json(&app, "/health").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "healthy");
    assert_eq!(body["service"], format!("{}-service", spec.name));
    let reported: Vec<&str> = body["dependencies"]
        .as_object()
        .expect("dependencies is an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(reported, expected);
    assert!(
        body["dependencies"]
            .as_object()
            .unwrap()
            .values()
            .all(|state| state == "connected"),
        "{body}"
    );
}

/// Signs access tokens for tests, as the auth service would, and publishes its key at a JWKS
/// URL that services built afterwards in this process verify against (`AUTH_JWKS_URL`).
pub struct TestIssuer {
    kid: String,
    encoding: jsonwebtoken::EncodingKey,
}

static ISSUER: std::sync::OnceLock<TestIssuer> = std::sync::OnceLock::new();

/// The process's test issuer, started on first use.
pub fn issuer() -> &'static TestIssuer {
    ISSUER.get_or_init(|| {
        use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
        use ed25519_dalek::pkcs8::EncodePrivateKey;

        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("randomness");
        let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
        let kid = "test-issuer".to_owned();
        let jwks = serde_json::json!({ "keys": [{
            "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": kid,
            "x": URL_SAFE_NO_PAD.encode(signing.verifying_key().to_bytes()),
        }]});
        // A server on a thread and runtime of its own: it must outlive every test's runtime.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = listener.local_addr().expect("an address");
        listener.set_nonblocking(true).expect("non-blocking");
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
                let app = Router::new().route(
                    "/.well-known/jwks.json",
                    axum::routing::get(move || async move { axum::Json(jwks) }),
                );
                axum::serve(listener, app)
                    .await
                    .expect("the JWKS server runs");
            });
        });
        // SAFETY: set once, before any service of the test process reads it.
        unsafe {
            std::env::set_var(
                "AUTH_JWKS_URL",
                format!("http://{address}/.well-known/jwks.json"),
            );
        }
        let der = signing.to_pkcs8_der().expect("encodable key");
        TestIssuer {
            kid,
            encoding: jsonwebtoken::EncodingKey::from_ed_der(der.as_bytes()),
        }
    })
}

impl TestIssuer {
    pub fn token(&self, role: crate::auth::Role) -> String {
        self.token_for(uuid::Uuid::new_v4(), role)
    }

    /// A token for a given user, so that one user's requests can be told from another's.
    pub fn token_for(&self, user_id: uuid::Uuid, role: crate::auth::Role) -> String {
        let now = chrono::Utc::now().timestamp();
        let claims = crate::auth::Claims {
            iss: crate::auth::DEFAULT_ISSUER.into(),
            aud: crate::auth::DEFAULT_AUDIENCE.into(),
            sub: user_id,
            exp: now + 600,
            iat: now,
            jti: uuid::Uuid::new_v4(),
            sid: uuid::Uuid::new_v4(),
            role,
            username: format!("test-{}", role.as_str()),
            email: Some(format!("{user_id}@example.test")),
        };
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).expect("signing works")
    }
}

/// Serves `app` on a free port of loopback, on the test's own runtime (so for as long as the
/// test runs), with peers' addresses as the services get them; answers its base URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("bound");
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

/// Serves another service for the whole test run (on a thread of its own) over a database
/// made afresh under `database` (so runs leave none behind), after `setup` (e.g. seeding);
/// answers its base URL. For tests of a service that calls others.
pub fn serve_on_fresh_database<F, Fut>(
    database: &'static str,
    spec: ServiceSpec,
    setup: F,
) -> String
where
    F: FnOnce(PgPool) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    use sqlx::Connection;

    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let admin_url = std::env::var("DATABASE_URL").expect("DATABASE_URL is set");
            let mut admin = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("the admin database");
            for statement in [
                format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
                format!("CREATE DATABASE {database}"),
            ] {
                sqlx::query(sqlx::AssertSqlSafe(statement))
                    .execute(&mut admin)
                    .await
                    .expect("the test database is made afresh");
            }
            let url = match admin_url.rsplit_once('/') {
                Some((base, _)) => format!("{base}/{database}"),
                None => panic!("DATABASE_URL names no database"),
            };
            let pool = PgPool::connect(&url).await.expect("the test database");
            spec.migrator.run(&pool).await.expect("migrations apply");
            setup(pool.clone()).await;
            let app = app(&spec, pool);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a port");
            sender
                .send(format!("http://{}", listener.local_addr().expect("bound")))
                .expect("the test waits");
            let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app).await.expect("serves");
        });
    });
    receiver.recv().expect("the service starts")
}

/// Hands the events waiting in `from`'s outbox to `handler` (acting on `to`), in order, as the
/// relay, the broker and the consumer of `subscription` would; every waiting event is then marked
/// sent (those the subscription does not bind are dropped, as no queue of this test wants them).
/// Answers how many were handled. Bindings are matched exactly (no `*` or `#`).
pub async fn deliver_outbox<H: crate::events::consumer::EventHandler>(
    from: &PgPool,
    to: &PgPool,
    subscription: &crate::events::consumer::Subscription,
    handler: &H,
) -> usize {
    let waiting: Vec<(String, Value)> = sqlx::query_as(
        "WITH sent AS (
             UPDATE outbox SET published_at = now()
             WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL FOR UPDATE)
             RETURNING event_type, payload, created_at)
         SELECT event_type, payload FROM sent ORDER BY created_at, payload->>'time'",
    )
    .fetch_all(from)
    .await
    .expect("the outbox is readable");
    let waiting: Vec<_> = waiting
        .into_iter()
        .filter(|(event_type, _)| subscription.bindings.contains(&event_type.as_str()))
        .collect();
    for (_, payload) in &waiting {
        let body = serde_json::to_vec(payload).expect("events serialise");
        crate::events::consumer::process(to, subscription.queue, handler, &body)
            .await
            .expect("the event is handled");
    }
    waiting.len()
}
