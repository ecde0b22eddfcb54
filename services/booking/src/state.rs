//! What every request handler of the booking service shares, built once at start.

use std::sync::Arc;

use axum::extract::FromRef;
use service_kit::auth::TokenVerifier;
use sqlx::PgPool;

use crate::{
    catalog::Catalog, config::BookingConfig, live::SeatFeed, metrics::BookingMetrics,
    repo::holds::Holds, signer::TicketSigner,
};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub verifier: Arc<TokenVerifier>,
    pub config: Arc<BookingConfig>,
    pub holds: Holds,
    pub feed: SeatFeed,
    pub catalog: Catalog,
    pub tickets: TicketSigner,
    pub metrics: BookingMetrics,
}
