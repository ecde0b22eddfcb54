//! Showtimes: the use cases; [`model`] holds the types and rules, [`repository`] the SQL,
//! [`handlers`] HTTP. Listings and seat maps count seats taken from the booking service
//! ([`crate::bookings`]); scheduling keeps a hall to one showtime at a time (film length plus
//! the cleaning buffer), and a showtime with tickets sold keeps its film, hall and time.

pub mod counter;
pub mod handlers;
pub mod listing;
pub mod model;
pub mod repository;
pub mod seat_plans;

use api_types::seats::{SaleSeat, SeatStatus, ShowtimeSeating, ShowtimeStatus};
use service_kit::{
    events::{Event, outbox},
    http_client::CallError,
};
use std::sync::Arc;

use uuid::Uuid;

pub use self::{
    listing::{detail, subtract_taken},
    model::*,
};
use crate::{
    error::{CatalogError, CatalogResult},
    state::AppState,
};

pub async fn find(state: &AppState, id: Uuid) -> CatalogResult<Showtime> {
    repository::find(&state.pool, id)
        .await?
        .ok_or(CatalogError::NotFound("Showtime"))
}

fn showtime_status(showtime: &Showtime) -> ShowtimeStatus {
    if showtime.status == "cancelled" {
        ShowtimeStatus::Cancelled
    } else {
        ShowtimeStatus::Scheduled
    }
}

async fn counter_rules(state: &AppState, id: Uuid) -> CatalogResult<counter::CounterRules> {
    repository::counter_rules(&state.pool, id)
        .await?
        .ok_or(CatalogError::NotFound("Showtime"))
}

/// What the booking service sells the showtime's seats by, with the catalog version it was
/// read at (read first, so a copy is never kept under a newer version than its data).
pub async fn seating(state: &AppState, id: Uuid) -> CatalogResult<ShowtimeSeating> {
    let catalog_version = state.cache.current_version().await?;
    let showtime = find(state, id).await?;
    let (_, seats) = repository::hall_seats(&state.pool, showtime.hall_id).await?;
    let rules = counter_rules(state, id).await?;
    let kept = rules.seats(&seats);
    Ok(ShowtimeSeating {
        showtime_id: showtime.id,
        starts_at: showtime.starts_at,
        ends_at: showtime.ends_at,
        counter_until: rules.until(showtime.starts_at, &kept),
        accessible_release: api_types::seats::AccessibleRelease {
            rule: rules.accessible_release,
            minutes: rules.accessible_release_minutes,
        },
        cinema_id: rules.cinema_id,
        cinema_name: rules.cinema_name,
        time_zone: rules.time_zone,
        status: showtime_status(&showtime),
        catalog_version,
        seats: seats
            .into_iter()
            .map(|seat| SaleSeat {
                price: showtime.price_of(&seat.seat_type),
                counter_only: kept.contains(&seat.id),
                id: seat.id,
                seat_row: seat.seat_row,
                seat_number: seat.seat_number,
                seat_type: seat.seat_type,
                pair_with: seat.pair_with,
                grid_row: seat.grid_row,
                grid_column: seat.grid_column,
                blocked: seat.is_blocked,
            })
            .collect(),
    })
}

/// The hall drawn from its layout, each seat with its type, price and status, and the version
/// live changes follow; the caller's own holds marked (`caller`: their id and `Authorization`).
/// Seats kept for the box office are `blocked` to everyone but staff (`for_staff`) until
/// released. Built from the showtime's plan, kept in memory, and one Redis read (see
/// [`seat_plans`]).
pub async fn seat_map(
    state: &AppState,
    id: Uuid,
    caller: Option<(Uuid, &str)>,
    for_staff: bool,
) -> CatalogResult<SeatMap> {
    let (plan, live, _) = plan_and_statuses(state, id, caller).await?;
    Ok(draw(&plan, live.as_ref(), for_staff))
}

/// The seat map as everyone sees it who is neither staff nor holding seats of the showtime (the
/// map [`seat_map`] draws without a caller), as JSON. Thousands ask for it while a premiere goes
/// on sale, and it changes only when a seat does: it is drawn once per change and kept.
pub async fn public_seat_map_json(state: &AppState, id: Uuid) -> CatalogResult<bytes::Bytes> {
    if let Some(kept) = state.seat_plans.kept_public_map(id).await {
        return Ok(kept.as_ref().clone());
    }
    let (plan, live, catalog_version) = plan_and_statuses(state, id, None).await?;
    let encode = |map: &SeatMap| {
        serde_json::to_vec(map)
            .map(bytes::Bytes::from)
            .map_err(|error| CatalogError::Internal(error.into()))
    };
    let live = match live {
        Some(live) if live.from_statuses_hash => live,
        // Read from the booking service, at no version kept with the seats: drawn each time.
        other => return encode(&draw(&plan, other.as_ref(), false)),
    };
    let version = seat_plans::public_map_version(&catalog_version, live.version, &plan);
    let map = (state.seat_plans)
        .public_map(id, &version, || encode(&draw(&plan, Some(&live), false)))
        .await?;
    Ok(map.as_ref().clone())
}

/// The showtime's plan, which seats are taken now (`None`: nobody can say; the layout only),
/// and the catalog version the plan is of.
async fn plan_and_statuses(
    state: &AppState,
    id: Uuid,
    caller: Option<(Uuid, &str)>,
) -> CatalogResult<(Arc<seat_plans::SeatPlan>, Option<Taken>, String)> {
    let live = state.seat_plans.read_live(id).await;
    let catalog_version = match live.catalog_version {
        Some(version) => version,
        // (Redis lost it: read from PostgreSQL, and published again for the next reader.)
        None => state.cache.current_version().await?,
    };
    let plan = state
        .seat_plans
        .plan(state, id, Some(&catalog_version))
        .await?;
    let live = match live.taken {
        Some(taken) => Some(taken_from_statuses(taken, caller.map(|(user, _)| user))),
        // Not built yet (or lapsed): the booking service says, and builds it for the next ones.
        None => state
            .bookings
            .seat_statuses(id, caller.map(|(_, authorization)| authorization))
            .await
            .map(|status| Taken {
                version: status.version,
                from_statuses_hash: false,
                seats: (status.seats.into_iter())
                    .map(|seat| (seat.seat_id, (seat.status, seat.mine)))
                    .collect(),
            }),
    };
    Ok((plan, live, catalog_version))
}

/// Which seats are taken, with whether by the caller, at a version of the live feed.
struct Taken {
    version: i64,
    /// Read from the statuses hash, whose version always names the same statuses.
    from_statuses_hash: bool,
    seats: std::collections::HashMap<Uuid, (SeatStatus, bool)>,
}

fn taken_from_statuses(taken: api_types::live::TakenSeats, caller: Option<Uuid>) -> Taken {
    Taken {
        version: taken.version,
        from_statuses_hash: true,
        seats: (taken.seats.into_iter())
            .map(|(seat, status)| {
                let mine = matches!(status, api_types::live::TakenStatus::Held(holder) if Some(holder) == caller);
                (seat, (status.status(), mine))
            })
            .collect(),
    }
}

/// The map from the plan and the live statuses (`None`: the layout only, all seats open).
fn draw(plan: &seat_plans::SeatPlan, live: Option<&Taken>, for_staff: bool) -> SeatMap {
    let showtime = &plan.showtime;
    let kept_now = plan.counter_seats_kept_now();
    let seats: Vec<MapSeat> = (plan.seats.iter())
        .map(|seat| {
            let taken = live.and_then(|live| live.seats.get(&seat.id));
            let counter_only = kept_now && plan.kept.contains(&seat.id);
            let (status, mine) = match taken {
                _ if seat.is_blocked => (SeatStatus::Blocked, false),
                Some(&(status, mine)) => (status, mine),
                None if counter_only && !for_staff => (SeatStatus::Blocked, false),
                None => (SeatStatus::Available, false),
            };
            MapSeat {
                counter_only,
                price: showtime.price_of(&seat.seat_type),
                id: seat.id,
                seat_row: seat.seat_row.clone(),
                seat_number: seat.seat_number,
                grid_row: seat.grid_row,
                grid_column: seat.grid_column,
                seat_type: seat.seat_type.clone(),
                pair_with: seat.pair_with,
                status,
                mine,
            }
        })
        .collect();
    let available_seats = seats
        .iter()
        .filter(|seat| seat.status == SeatStatus::Available)
        .count() as i64;
    SeatMap {
        showtime_id: showtime.id,
        starts_at: showtime.starts_at,
        showtime_status: showtime_status(showtime),
        version: live.map_or(0, |live| live.version),
        hall_id: showtime.hall_id,
        hall_name: showtime.hall_name.clone(),
        rows: plan.layout.len(),
        columns: (plan.layout.iter())
            .map(|row| row.chars().count())
            .max()
            .unwrap_or(0),
        layout: plan.layout.clone(),
        prices: showtime.prices.0.clone(),
        total_seats: showtime.total_seats,
        available_seats,
        live: live.is_some(),
        seats,
    }
}

/// The original's summary of a showtime's seats, counted from the same statuses as its map.
pub async fn availability(state: &AppState, id: Uuid) -> CatalogResult<Availability> {
    let map = seat_map(state, id, None, false).await?;
    let with_status =
        |status: SeatStatus| map.seats.iter().filter(move |seat| seat.status == status);
    let count = |status: SeatStatus| with_status(status).count() as i64;
    Ok(Availability {
        showtime_id: map.showtime_id,
        total_seats: map.total_seats,
        available_count: count(SeatStatus::Available),
        booked_count: count(SeatStatus::Booked),
        held_count: count(SeatStatus::Held),
        blocked_count: count(SeatStatus::Blocked),
        available_seats: with_status(SeatStatus::Available).map(Into::into).collect(),
        booked_seats: with_status(SeatStatus::Booked).map(Into::into).collect(),
    })
}

/// Schedules (`id` none) or moves or re-prices a scheduled showtime, as the admin whose
/// `Authorization` is `admin` (a move pauses the showtime's bookings in their name). The hall is
/// busy for the film plus the cleaning buffer; a showtime that would overlap another in the hall
/// is a conflict naming the one in the way.
pub async fn save(
    state: &AppState,
    id: Option<Uuid>,
    input: &ShowtimeInput,
    admin: &str,
) -> CatalogResult<Uuid> {
    let pool = &state.pool;
    let starts_at = match (input.starts_at, input.local_start) {
        (Some(starts_at), _) => starts_at,
        (None, Some(local)) => repository::local_to_instant(pool, input.hall_id, local)
            .await?
            .ok_or_else(|| CatalogError::invalid("hall_id", "No such hall"))?,
        (None, None) => {
            return Err(CatalogError::invalid(
                "starts_at",
                "A start time is required",
            ));
        }
    };
    input.validate(starts_at)?;
    let counter_seats = match &input.counter_seats {
        Some(names) => Some(counter_seats_named(state, input.hall_id, names).await?),
        None => None,
    };
    let duration = repository::movie_duration(pool, input.movie_id)
        .await?
        .ok_or_else(|| CatalogError::invalid("movie_id", "No such movie"))?;
    if !repository::hall_exists(pool, input.hall_id).await? {
        return Err(CatalogError::invalid("hall_id", "No such hall"));
    }
    let mut moving = None;
    if let Some(id) = id {
        let moves = repository::placement(pool, id)
            .await?
            .is_some_and(|current| current != (input.movie_id, input.hall_id, starts_at));
        if moves {
            pause_bookings(state, id, admin, "moved to another film, hall or time").await?;
            moving = Some(id);
        }
    }
    let saved = store(state, id, input, starts_at, duration, counter_seats).await;
    if let Some(id) = moving {
        state.bookings.end_change(id, admin).await;
    }
    saved
}

/// Writes the showtime (see [`save`]).
async fn store(
    state: &AppState,
    id: Option<Uuid>,
    input: &ShowtimeInput,
    starts_at: chrono::DateTime<chrono::Utc>,
    duration: i32,
    counter_seats: Option<Vec<Uuid>>,
) -> CatalogResult<Uuid> {
    let pool = &state.pool;
    let busy_minutes = duration + state.cleaning_buffer_minutes;
    let saved = match repository::save(pool, id, input, starts_at, busy_minutes).await {
        Ok(Some(id)) => id,
        Ok(None) => return Err(CatalogError::NotFound("Showtime")),
        Err(error)
            if error.as_database_error().and_then(|db| db.constraint())
                == Some("showtimes_no_overlap") =>
        {
            let clash = repository::clash(pool, input.hall_id, starts_at, busy_minutes, id).await?;
            return Err(CatalogError::Conflict(match clash {
                Some((title, at)) => format!(
                    "The hall is busy then: it would overlap {title} at {at} (film length plus {} minutes of cleaning)",
                    state.cleaning_buffer_minutes
                ),
                None => "The hall is busy then".into(),
            }));
        }
        Err(error) => return Err(error.into()),
    };
    if let Some(seat_ids) = counter_seats {
        repository::replace_counter_seats(pool, saved, &seat_ids).await?;
    }
    state.cache.invalidate().await?;
    Ok(saved)
}

/// The hall's seats an admin named to keep for the box office.
async fn counter_seats_named(
    state: &AppState,
    hall_id: Uuid,
    names: &[String],
) -> CatalogResult<Vec<Uuid>> {
    let (_, seats) = repository::hall_seats(&state.pool, hall_id).await?;
    seats_named(&seats, names).map_err(|unknown| {
        CatalogError::invalid(
            "counter_seats",
            format!("No such seat in this hall: {}", unknown.join(", ")),
        )
    })
}

/// A showtime with tickets sold keeps its film, hall and time: the tickets name them. (Its
/// prices may change; bookings keep what they were sold at.) The booking service checks that
/// none is sold and pauses bookings until the move is written, under the same per-showtime lock
/// as bookings, so none slips in between. When it cannot answer, nothing changes.
async fn pause_bookings(
    state: &AppState,
    id: Uuid,
    admin: &str,
    change: &str,
) -> CatalogResult<()> {
    match state.bookings.begin_change(id, admin).await {
        Ok(()) => Ok(()),
        Err(CallError::Answered(409)) => {
            let sold: i64 = state
                .bookings
                .occupancy(&[id])
                .await
                .map(|counts| counts.iter().map(|count| count.booked).sum())
                .unwrap_or_default();
            let seats = if sold > 0 {
                format!("{sold} seat(s) of this showtime are")
            } else {
                "Seats of this showtime are".into()
            };
            Err(CatalogError::Conflict(format!(
                "{seats} booked, so it cannot be {change}; \
                 the bookings must be cancelled (and refunded) first"
            )))
        }
        Err(error) => Err(CatalogError::Unavailable(format!(
            "cannot tell whether tickets are sold: {error}"
        ))),
    }
}

/// Cancels a showtime; it stays on record, and its time in the hall is free again. Tickets
/// already sold are not stranded: `showtime.cancelled` goes out with the change (same
/// transaction, through the outbox), and the booking service cancels those bookings, which
/// refunds and notifies their holders.
pub async fn cancel(state: &AppState, id: Uuid) -> CatalogResult<()> {
    let mut tx = state.pool.begin().await?;
    let Some(data) = repository::cancel(&mut tx, id).await? else {
        // A showtime that has begun was shown: its tickets were used, not to be refunded.
        return Err(match repository::has_started(&mut tx, id).await? {
            Some(true) => CatalogError::Conflict(
                "This showtime has already started; it can no longer be cancelled".into(),
            ),
            _ => CatalogError::NotFound("Showtime"),
        });
    };
    let event = Event::caused_now("showtime.cancelled", data);
    outbox::enqueue(&mut tx, &event).await?;
    tx.commit().await?;
    tracing::info!(showtime = %id, "showtime cancelled");
    state.cache.invalidate().await?;
    Ok(())
}

/// A `Link` to the page of `limit` showtimes from `offset`, with the request's other
/// parameters. Only its query is written: relative to the request's own address, it holds
/// behind the gateway's `/api/movies` prefix as well.
pub fn page_link(request: &axum::http::Uri, limit: i64, offset: i64) -> axum::http::HeaderValue {
    let paging = ["limit", "offset", "skip"];
    let mut query: Vec<String> = (request.query().unwrap_or_default().split('&'))
        .filter(|pair| !pair.is_empty())
        .filter(|pair| !paging.contains(&pair.split('=').next().unwrap_or_default()))
        .map(str::to_owned)
        .collect();
    query.push(format!("limit={limit}"));
    query.push(format!("offset={offset}"));
    axum::http::HeaderValue::from_str(&format!("<?{}>; rel=\"next\"", query.join("&")))
        .expect("a query from a valid request, and digits, make a valid header")
}
