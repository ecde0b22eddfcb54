//! Showtimes as listings and a showtime's page read them: the catalog's part kept in memory
//! under the catalog version (see [`crate::versioned`]), the seats left counted live. Taken
//! seats are counted in the statuses hashes the booking service keeps in Redis; the booking
//! service is asked only for showtimes without one (and builds theirs for the next reader).
//! A listing's page is serialized and tagged once per change of its seat counts: readers of an
//! unchanged page get the same bytes.

use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
    sync::Arc,
    time::Duration,
};

use axum::http::HeaderValue;
use chrono::Utc;
use uuid::Uuid;

use super::{Showtime, ShowtimeDetail, ShowtimeFilter, repository};
use crate::{
    cache,
    error::{CatalogError, CatalogResult},
    state::AppState,
    versioned::Versioned,
};

/// A listing is read again after this long even while the catalog is unchanged: what is "still
/// to come" moves with the clock (and started showtimes are dropped from a kept one meanwhile).
const LISTING_LIFETIME: Duration = Duration::from_secs(10);
/// Listings kept at most: one per filter and page asked for.
const MAX_LISTINGS: usize = 256;
/// A showtime's catalog part changes only with the catalog.
const DETAIL_LIFETIME: Duration = Duration::from_secs(60);
const MAX_DETAILS: usize = 2_000;

/// A page of showtimes, and with a limit how many match in all.
#[derive(Debug, Clone)]
pub struct Listing {
    pub showtimes: Vec<Showtime>,
    pub total: Option<i64>,
}

/// A page of showtimes as it is sent: its JSON, its tag, and with a limit how many match in
/// all.
pub struct ListedPage {
    pub body: bytes::Bytes,
    pub etag: HeaderValue,
    pub total: Option<i64>,
}

/// The catalog's part of listings and showtimes, kept by filter and by id, and each listing's
/// page as last sent.
#[derive(Clone)]
pub struct KeptShowtimes {
    listings: Versioned<ShowtimeFilter, Listing>,
    pages: Versioned<ShowtimeFilter, ListedPage>,
    details: Versioned<Uuid, ShowtimeDetail>,
}

impl Default for KeptShowtimes {
    fn default() -> Self {
        Self {
            listings: Versioned::new(LISTING_LIFETIME, MAX_LISTINGS),
            pages: Versioned::new(LISTING_LIFETIME, MAX_LISTINGS),
            details: Versioned::new(DETAIL_LIFETIME, MAX_DETAILS),
        }
    }
}

/// The showtimes `filter` matches, with their seats left now, as JSON.
pub async fn list(state: &AppState, filter: ShowtimeFilter) -> CatalogResult<Arc<ListedPage>> {
    let version = catalog_version(state).await?;
    let kept = state
        .kept_showtimes
        .listings
        .get_or_load(filter.clone(), Some(&version), || {
            read_listing(state, filter.clone())
        })
        .await?;
    let now = Utc::now();
    let shown: Vec<&Showtime> = (kept.showtimes.iter())
        .filter(|showtime| filter.date.is_some() || showtime.starts_at > now)
        .collect();
    let ids: Vec<Uuid> = shown.iter().map(|showtime| showtime.id).collect();
    let taken = taken_counts(state, &ids).await;
    // The page differs from the one kept only if the catalog, the showtimes still to come or a
    // count of seats left does.
    let mut counts = DefaultHasher::new();
    for showtime in &shown {
        (showtime.id, seats_left(showtime, &taken)).hash(&mut counts);
    }
    let page_version = format!("{version}/{:x}", counts.finish());
    (state.kept_showtimes.pages)
        .get_or_load(filter, Some(&page_version), || async {
            let showtimes: Vec<Showtime> = (shown.iter())
                .map(|showtime| Showtime {
                    available_seats: seats_left(showtime, &taken),
                    ..(*showtime).clone()
                })
                .collect();
            let body = serde_json::to_vec(&showtimes)
                .map(bytes::Bytes::from)
                .map_err(|error| CatalogError::Internal(error.into()))?;
            Ok::<_, CatalogError>(ListedPage {
                etag: cache::etag(&body),
                body,
                total: kept.total,
            })
        })
        .await
}

async fn read_listing(state: &AppState, filter: ShowtimeFilter) -> CatalogResult<Listing> {
    let showtimes = repository::list(&state.pool, &filter).await?;
    let total = match filter.limit {
        Some(_) => Some(repository::count(&state.pool, &filter).await?),
        None => None,
    };
    Ok(Listing { showtimes, total })
}

/// The showtime with its seats left, its film and its cinema.
pub async fn detail(state: &AppState, id: Uuid) -> CatalogResult<ShowtimeDetail> {
    let version = catalog_version(state).await?;
    let kept = state
        .kept_showtimes
        .details
        .get_or_load(id, Some(&version), || read_detail(state, id))
        .await?;
    let mut detail = (*kept).clone();
    subtract_taken(state, std::slice::from_mut(&mut detail.showtime)).await;
    Ok(detail)
}

async fn read_detail(state: &AppState, id: Uuid) -> CatalogResult<ShowtimeDetail> {
    let showtime = repository::find(&state.pool, id)
        .await?
        .ok_or(CatalogError::NotFound("Showtime"))?;
    let movie = crate::movies::response(state, showtime.movie_id).await?;
    let theater = crate::cinemas::find(state, showtime.theater_id).await?;
    let counter_seats = repository::marked_counter_labels(&state.pool, id).await?;
    Ok(ShowtimeDetail {
        showtime,
        movie,
        theater,
        counter_seats,
    })
}

/// The catalog's version: Redis's copy, else read from PostgreSQL (and published again).
pub async fn catalog_version(state: &AppState) -> CatalogResult<String> {
    Ok(state.cache.version_for_reads().await?)
}

/// Takes the seats booked or held out of each showtime's `available_seats` (which start as the
/// hall's open seats). Without Redis or the booking service the counts stay the hall's.
pub async fn subtract_taken(state: &AppState, showtimes: &mut [Showtime]) {
    let ids: Vec<Uuid> = showtimes.iter().map(|showtime| showtime.id).collect();
    let taken = taken_counts(state, &ids).await;
    for showtime in showtimes {
        showtime.available_seats = seats_left(showtime, &taken);
    }
}

/// How many seats of each showtime are booked or held: from Redis, else from the booking
/// service; a showtime neither can count for is left out.
async fn taken_counts(state: &AppState, ids: &[Uuid]) -> HashMap<Uuid, i64> {
    if ids.is_empty() {
        return HashMap::new();
    }
    let mut taken = state.seat_plans.taken_counts(ids).await;
    let unknown: Vec<Uuid> = (ids.iter().copied())
        .filter(|id| !taken.contains_key(id))
        .collect();
    if !unknown.is_empty() {
        match state.bookings.occupancy(&unknown).await {
            Ok(counts) => taken.extend(
                (counts.into_iter()).map(|count| (count.showtime_id, count.booked + count.held)),
            ),
            Err(error) => tracing::warn!(%error, "seat counts unavailable; showing the hall's"),
        }
    }
    taken
}

/// The showtime's seats left: its hall's open seats (as read from the catalog) less those
/// `taken`.
fn seats_left(showtime: &Showtime, taken: &HashMap<Uuid, i64>) -> i64 {
    match taken.get(&showtime.id) {
        Some(count) => (showtime.available_seats - count).max(0),
        None => showtime.available_seats,
    }
}
