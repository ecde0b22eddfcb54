//! The standard router every service gets (health, metrics, JSON fallbacks, middleware) and the
//! serving loop with graceful shutdown.

use axum::{
    Router,
    extract::Request,
    http::StatusCode,
    middleware::{from_fn, from_fn_with_state},
    routing::get,
};
use tokio::net::TcpListener;
use tower_http::{
    catch_panic::CatchPanicLayer,
    limit::RequestBodyLimitLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::{Level, Span};

use crate::{
    client_address::TrustedProxies,
    config::ServiceConfig,
    correlation::{self, CorrelationId},
    error, health,
    health::{Dependencies, Dependency},
    metrics::{self, HttpMetrics},
};

/// What a service's handlers share with the standard endpoints.
#[derive(Clone)]
pub struct ServiceContext {
    pub config: ServiceConfig,
    pub dependencies: Dependencies,
    pub metrics: HttpMetrics,
}

impl ServiceContext {
    /// How this service's event consumers retry, reporting into its metrics.
    pub fn consumer_settings(&self) -> anyhow::Result<crate::events::consumer::Settings> {
        crate::events::consumer::Settings::new(self.config.event_retry_for, self.metrics.registry())
    }

    /// The verifier of access tokens, from the auth service's keys at `AUTH_JWKS_URL`, for the
    /// issuer and audience in `AUTH_ISSUER` and `AUTH_AUDIENCE`.
    /// The verifier of access tokens: the auth service's published keys (re-read now and
    /// then), and the list of revoked sessions in Redis.
    pub fn token_verifier(&self) -> std::sync::Arc<crate::auth::TokenVerifier> {
        use crate::{auth, config::env_or};
        let verifier = auth::TokenVerifier::from_jwks_url(
            self.config.auth_jwks_url.clone(),
            &env_or("AUTH_ISSUER", auth::DEFAULT_ISSUER),
            &env_or("AUTH_AUDIENCE", auth::DEFAULT_AUDIENCE),
        )
        .reread_keys_periodically();
        match crate::cache::LazyRedis::open(&self.config.redis_url) {
            Ok(redis) => {
                verifier.with_revocations(crate::revocation::RevocationList::kept_from(redis))
            }
            Err(error) => {
                tracing::error!(%error, "REDIS_URL unusable: revoked sessions cannot be known");
                verifier
            }
        }
    }

    pub fn new(config: ServiceConfig, dependencies: Vec<Dependency>) -> Self {
        let service = config.service_name();
        Self {
            dependencies: Dependencies::new(
                service.clone(),
                config.dependency_timeout,
                dependencies,
            ),
            metrics: HttpMetrics::new(&service),
            config,
        }
    }
}

/// Adds `/` (what the service is), `/health`, `/health/live`, `/metrics`, the JSON 404 fallback
/// and the middleware stack (outermost first: CORS when `CORS_ORIGINS` allows other origins,
/// JSON error bodies, correlation id, request span, timeout, body limit, metrics) to a
/// service's own routes.
pub fn with_standard_layers(routes: Router, context: &ServiceContext) -> Router {
    let info = ServiceInfo {
        service: context.config.service_name(),
        version: env!("CARGO_PKG_VERSION"),
        status: "running",
        health: "/health",
        docs: "/docs/",
    };
    let standard = Router::new()
        .route("/", get(about).with_state(std::sync::Arc::new(info)))
        .route("/health", get(health::health))
        .route("/health/status", get(health::status))
        .route("/health/live", get(health::live))
        .with_state(context.dependencies.clone())
        .route(
            "/metrics",
            get(metrics::endpoint).with_state(context.metrics.clone()),
        );
    routes
        .merge(standard)
        .fallback(error::not_found)
        // A handler that panics answers a 500 like any other failure, never a dropped connection.
        .layer(CatchPanicLayer::custom(error::panicked))
        .layer(from_fn_with_state(context.metrics.clone(), metrics::track))
        .layer(RequestBodyLimitLayer::new(context.config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            context.config.request_timeout,
        ))
        .layer(trace_layer())
        .layer(from_fn(correlation::propagate))
        .layer(from_fn(error::json_error_bodies))
        .layer(axum::Extension(TrustedProxies::from_env()))
        .layer(tower::util::option_layer(
            context.config.cors_origins.layer(),
        ))
}

/// What a service says at its root, as the original's services did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ServiceInfo {
    /// `movie-service`, ...
    service: String,
    version: &'static str,
    /// `running`.
    status: &'static str,
    /// Where its health is reported.
    health: &'static str,
    /// Where its API is described (Swagger UI; the document is `openapi.json`).
    docs: &'static str,
}

/// Which service answers.
#[utoipa::path(get, path = "/", tag = "service",
    responses((status = 200, description = "The service's name and version", body = ServiceInfo)))]
pub async fn about(
    axum::extract::State(info): axum::extract::State<std::sync::Arc<ServiceInfo>>,
) -> axum::Json<ServiceInfo> {
    axum::Json(info.as_ref().clone())
}

/// One span a request, carrying its correlation id, and one INFO line when it is answered.
pub fn trace_layer() -> TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    fn(&Request) -> Span,
> {
    TraceLayer::new_for_http()
        .make_span_with(request_span as fn(&Request) -> Span)
        .on_response(DefaultOnResponse::new().level(Level::INFO))
}

pub fn request_span(request: &Request) -> Span {
    let correlation_id = request
        .extensions()
        .get::<CorrelationId>()
        .map(|id| id.0.as_str())
        .unwrap_or_default();
    let span = tracing::info_span!(
        "request",
        correlation_id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    crate::telemetry::continue_trace(&span, request.headers());
    span
}

/// Serves `app` on the configured address until SIGTERM or Ctrl-C, then lets requests in
/// flight finish.
pub async fn run(app: Router, config: &ServiceConfig) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.listen).await?;
    tracing::info!(address = %config.listen, service = config.name, "listening");
    // Peers' addresses reach handlers, for `ClientAddress`.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!(service = config.name, "stopped");
    Ok(())
}

pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
