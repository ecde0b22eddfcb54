//! `GET /health`: each dependency the service needs is probed (with a timeout) and reported as
//! `connected` or the error; any failure makes the answer 503 `unhealthy`. `GET /health/live`
//! only says the process answers, for restarts by an orchestrator. `GET /health/status` is the
//! same report in the same shape with each dependency only `connected` or `unavailable`: what
//! the gateway serves the public as `/api/<service>/health` (error texts name internal hosts).
//!
//! Probes reuse one connection per dependency: a health check every few seconds from an
//! orchestrator (or anyone, before the gateway hid it) must not open a connection each time.

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use futures::future::join_all;
use serde::Serialize;
use sqlx::PgPool;

use crate::{cache::LazyRedis, error::Json};

/// The broker, probed over one connection that is opened on the first probe and again only
/// after it is lost.
#[derive(Clone)]
pub struct BrokerProbe {
    url: String,
    connection: Arc<tokio::sync::Mutex<Option<lapin::Connection>>>,
}

impl BrokerProbe {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            connection: Default::default(),
        }
    }

    async fn probe(&self) -> Result<(), String> {
        let mut connection = self.connection.lock().await;
        if let Some(open) = connection.as_ref()
            && open.status().connected()
        {
            return Ok(());
        }
        let opened = crate::events::open(&self.url)
            .await
            .map_err(|error| error.to_string())?;
        *connection = Some(opened);
        Ok(())
    }
}

/// A dependency of a service that `/health` probes.
#[derive(Clone)]
pub enum Dependency {
    Database(PgPool),
    Redis(LazyRedis),
    RabbitMq(BrokerProbe),
    /// Another HTTP service, probed with a GET that must answer 2xx.
    Service {
        name: &'static str,
        url: String,
        client: reqwest::Client,
    },
}

impl Dependency {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Database(_) => "database",
            Self::Redis(_) => "redis",
            Self::RabbitMq(_) => "rabbitmq",
            Self::Service { name, .. } => name,
        }
    }

    async fn probe(&self) -> Result<(), String> {
        match self {
            Self::Database(pool) => sqlx::query("SELECT 1")
                .execute(pool)
                .await
                .map(drop)
                .map_err(|error| error.to_string()),
            Self::Redis(redis) => {
                let mut connection = redis
                    .connection()
                    .await
                    .map_err(|error| error.to_string())?;
                redis::cmd("PING")
                    .query_async::<String>(&mut connection)
                    .await
                    .map(drop)
                    .map_err(|error| error.to_string())
            }
            Self::RabbitMq(broker) => broker.probe().await,
            Self::Service { url, client, .. } => {
                let response = crate::http_client::with_correlation(client.get(url), None)
                    .send()
                    .await
                    .map_err(|error| error.to_string())?;
                match response.status() {
                    status if status.is_success() => Ok(()),
                    status => Err(format!("answered {status}")),
                }
            }
        }
    }
}

#[derive(Clone)]
pub struct Dependencies {
    service: String,
    timeout: Duration,
    list: Arc<Vec<Dependency>>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HealthReport {
    /// `healthy` or `unhealthy`.
    pub status: &'static str,
    /// `movie-service`, ...
    pub service: String,
    /// When it was checked (RFC 3339).
    pub timestamp: String,
    /// Each dependency (`database`, `redis`, `rabbitmq`): `connected`, or what went wrong.
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub dependencies: BTreeMap<&'static str, String>,
}

/// `GET /health/live`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Liveness {
    /// `alive`.
    pub status: &'static str,
    pub service: String,
}

impl Dependencies {
    pub fn new(service: String, timeout: Duration, list: Vec<Dependency>) -> Self {
        Self {
            service,
            timeout,
            list: Arc::new(list),
        }
    }

    pub async fn report(&self) -> HealthReport {
        let probes = self.list.iter().map(|dependency| async move {
            let outcome = match tokio::time::timeout(self.timeout, dependency.probe()).await {
                Ok(Ok(())) => "connected".to_owned(),
                Ok(Err(error)) => format!("error: {error}"),
                Err(_) => format!("error: no answer within {} ms", self.timeout.as_millis()),
            };
            (dependency.name(), outcome)
        });
        // Probed concurrently, so one slow dependency does not add up with the others.
        let dependencies: BTreeMap<_, _> = join_all(probes).await.into_iter().collect();
        let healthy = dependencies.values().all(|outcome| outcome == "connected");
        HealthReport {
            status: if healthy { "healthy" } else { "unhealthy" },
            service: self.service.clone(),
            timestamp: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            dependencies,
        }
    }
}

/// Whether the service and each of its dependencies answer (what failed, in words). Through the
/// gateway this is the plain report of `/health/status`; the detailed one is for the service's own
/// port and its orchestrator.
#[utoipa::path(get, path = "/health", tag = "service", responses(
    (status = 200, description = "Healthy", body = HealthReport),
    (status = 503, description = "A dependency is down", body = HealthReport)))]
pub async fn health(State(dependencies): State<Dependencies>) -> impl IntoResponse {
    let report = dependencies.report().await;
    if report.status != "healthy" {
        tracing::warn!(dependencies = ?report.dependencies, "unhealthy");
    }
    answer(report)
}

/// `/health` without what each dependency said when it failed: safe to show anyone. (The gateway
/// serves it as `/api/<service>/health`; at this path it is for the service's own port only.)
#[utoipa::path(get, path = "/health/status", tag = "service", responses(
    (status = 200, description = "Healthy", body = HealthReport),
    (status = 503, description = "A dependency is unavailable", body = HealthReport)))]
pub async fn status(State(dependencies): State<Dependencies>) -> impl IntoResponse {
    let mut report = dependencies.report().await;
    for outcome in report.dependencies.values_mut() {
        if outcome != "connected" {
            *outcome = "unavailable".into();
        }
    }
    answer(report)
}

/// 200 when healthy, else 503, with the report.
fn answer(report: HealthReport) -> impl IntoResponse {
    let status = if report.status == "healthy" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(report))
}

/// The process answers (no dependency is asked).
#[utoipa::path(get, path = "/health/live", tag = "service",
    responses((status = 200, description = "Alive", body = Liveness)))]
pub async fn live(State(dependencies): State<Dependencies>) -> Json<Liveness> {
    Json(Liveness {
        status: "alive",
        service: dependencies.service,
    })
}
