//! Plumbing shared by every Marquee service, so that each service's own crate holds only its
//! domain: configuration, typed JSON errors, health checks, Prometheus metrics, correlation ids,
//! the standard middleware stack and graceful serving.

pub mod auth;
pub mod breaker;
pub mod cache;
pub mod cli;
pub mod client_address;
pub mod config;
pub mod correlation;
pub mod cors;
pub mod db;
pub mod error;
pub mod events;
pub mod health;
pub mod http_client;
pub mod metrics;
pub mod openapi;
pub mod preferred_language;
pub mod revocation;
pub mod server;
pub mod telemetry;
#[cfg(feature = "testing")]
pub mod testing;
mod verified_tokens;

pub use config::ServiceConfig;
pub use error::{ApiError, ApiResult, FieldError, Form, Json, Path, Query, Validator};
pub use health::{BrokerProbe, Dependencies, Dependency};
pub use server::{ServiceContext, run, with_standard_layers};
