//! What every request handler of the movie service shares, built once at start.

use std::sync::Arc;

use axum::extract::FromRef;
use service_kit::auth::TokenVerifier;
use sqlx::PgPool;

use crate::{
    bookings::Bookings,
    cache::CatalogCache,
    error::{CatalogError, CatalogResult},
    showtimes::{listing::KeptShowtimes, seat_plans::SeatPlans},
};

/// Cloned for every request (axum's `State`), so it is one pointer to what is shared: cloning the
/// fields themselves, connection settings' strings included, was about a tenth of the seat map's
/// time in the movie service (docs/PERFORMANCE.md).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts handlers and extractors ask the state for (the caller's token is checked with the
/// verifier).
impl FromRef<AppState> for Arc<TokenVerifier> {
    fn from_ref(state: &AppState) -> Self {
        state.verifier.clone()
    }
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.pool.clone()
    }
}

/// What every request handler shares, built once at start.
pub struct Shared {
    pub pool: PgPool,
    pub verifier: Arc<TokenVerifier>,
    pub cache: CatalogCache,
    /// Minutes a hall needs between two showtimes.
    pub cleaning_buffer_minutes: i32,
    /// Where seat holds and bookings are known: the booking service.
    pub bookings: Bookings,
    /// Seat maps' plans kept in memory, and the reader of their live part.
    pub seat_plans: SeatPlans,
    /// Listings and showtimes as the catalog has them, kept in memory.
    pub kept_showtimes: KeptShowtimes,
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }

    /// Deletes one catalog entry with `delete` (which says whether there was one): a `what` not
    /// found, a conflict saying `in_use` while showtimes refer to it, or gone, and the cached
    /// reads with it.
    pub async fn delete_entry(
        &self,
        delete: impl Future<Output = sqlx::Result<bool>>,
        what: &'static str,
        in_use: &str,
    ) -> CatalogResult<()> {
        if !delete.await.map_err(CatalogError::on_conflict(in_use))? {
            return Err(CatalogError::NotFound(what));
        }
        self.cache.invalidate().await?;
        Ok(())
    }
}
