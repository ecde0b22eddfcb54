//! What every request handler of the payment service shares, built once at start.

use std::{sync::Arc, time::Duration};

use axum::extract::FromRef;
use service_kit::auth::TokenVerifier;
use sqlx::PgPool;

use crate::{metrics::PaymentMetrics, provider::PaymentProvider, upstream::Upstream};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub verifier: Arc<TokenVerifier>,
    pub upstream: Upstream,
    pub provider: Arc<dyn PaymentProvider>,
    pub provider_timeout: Duration,
    /// No refunds (except by staff) this close to the showtime.
    pub refund_cutoff: chrono::Duration,
    pub metrics: PaymentMetrics,
}
