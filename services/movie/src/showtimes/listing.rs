//! Showtimes as listings and a showtime's page read them: the catalog's part kept in memory
//! under the catalog version (see [`crate::versioned`]), the seats left counted live. Taken
//! seats are counted in the statuses hashes the booking service keeps in Redis; the booking
//! service is asked only for showtimes without one (and builds theirs for the next reader).

use std::{collections::HashMap, time::Duration};

use chrono::Utc;
use uuid::Uuid;

use super::{Showtime, ShowtimeDetail, ShowtimeFilter, repository};
use crate::{
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

/// The catalog's part of listings and showtimes, kept by filter and by id.
#[derive(Clone)]
pub struct KeptShowtimes {
    listings: Versioned<ShowtimeFilter, Listing>,
    details: Versioned<Uuid, ShowtimeDetail>,
}

impl Default for KeptShowtimes {
    fn default() -> Self {
        Self {
            listings: Versioned::new(LISTING_LIFETIME, MAX_LISTINGS),
            details: Versioned::new(DETAIL_LIFETIME, MAX_DETAILS),
        }
    }
}

/// The showtimes `filter` matches, with their seats left now.
pub async fn list(state: &AppState, filter: ShowtimeFilter) -> CatalogResult<Listing> {
    let version = catalog_version(state).await?;
    let still_to_come_only = filter.date.is_none();
    let kept = state
        .kept_showtimes
        .listings
        .get_or_load(filter.clone(), Some(&version), || {
            read_listing(state, filter)
        })
        .await?;
    let mut listing = (*kept).clone();
    if still_to_come_only {
        let now = Utc::now();
        listing
            .showtimes
            .retain(|showtime| showtime.starts_at > now);
    }
    subtract_taken(state, &mut listing.showtimes).await;
    Ok(listing)
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
    match state.seat_plans.catalog_version().await {
        Some(version) => Ok(version),
        None => Ok(state.cache.current_version().await?),
    }
}

/// Takes the seats booked or held out of each showtime's `available_seats` (which start as the
/// hall's open seats). Without Redis or the booking service the counts stay the hall's.
pub async fn subtract_taken(state: &AppState, showtimes: &mut [Showtime]) {
    if showtimes.is_empty() {
        return;
    }
    let ids: Vec<Uuid> = showtimes.iter().map(|showtime| showtime.id).collect();
    let mut taken = state.seat_plans.taken_counts(&ids).await;
    let unknown: Vec<Uuid> = (ids.into_iter())
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
    apply_taken(showtimes, &taken);
}

fn apply_taken(showtimes: &mut [Showtime], taken: &HashMap<Uuid, i64>) {
    for showtime in showtimes {
        if let Some(count) = taken.get(&showtime.id) {
            showtime.available_seats = (showtime.available_seats - count).max(0);
        }
    }
}
