//! The seat map: the most frequent call while people choose seats, every seat's status live
//! each time (the showtime's plan from memory, the taken seats from one Redis read). Measured at
//! rising connection counts for the latency curve; 32 connections is the headline row. Then the
//! map of another showtime whose seats are mostly held (`seat_map_busy`), as a premiere's is
//! minutes into its sale. Then the BFF's seat-map page of the first showtime, which renders it
//! server-side: as signed-out visitors ask for it, and as a signed-in customer does. Each
//! audience shares one render a second (`PAGE_CACHE_TTL_MS`); the signed-in one names nobody,
//! and the browser then asks who it is and for its hold there. So the signed-in page is measured
//! twice: the page alone, and with those two calls. The headline row samples the movie
//! service's memory through its load, and the signed-out page the BFF's (`crate::memory`).

use std::sync::Arc;

use anyhow::Context;

use super::{Baseline, Bench, CurvePoint, Outcome, Row, contention::register_customers};
use crate::{
    api::{Customer, Hold},
    load, memory,
};

/// The BFF's session cookie (`marquee_app::api::session::ACCESS_COOKIE`): the bench speaks to
/// the stack as a browser would, without linking the web app.
const ACCESS_COOKIE: &str = "marquee_access";

/// The connection count whose row is called `seat_map`.
const HEADLINE_CONNECTIONS: usize = 32;

pub async fn run(bench: &mut Bench) -> anyhow::Result<Outcome> {
    let picked = bench.showtimes.take(1).await?;
    let showtime = picked.showtime_id;
    let duration = bench.plan.seat_map_duration;
    let map_url = format!("{}/showtimes/{showtime}/seats", bench.api.urls.movie);
    let mut outcome = Outcome::default();
    for &connections in &bench.plan.seat_map_levels {
        eprintln!(
            "  seat map of {showtime}: {connections} connection(s), {} s",
            duration.as_secs()
        );
        let loading = load::get_loop(&bench.api, &map_url, connections, duration);
        let summary = if connections == HEADLINE_CONNECTIONS {
            let movie = ("seat_map", "movie", bench.api.urls.movie.as_str());
            let (summary, memory) = memory::sampled_during(&bench.api, movie, loading).await;
            outcome.memory_under_load.extend(memory);
            summary
        } else {
            loading.await
        };
        outcome.curve.push(CurvePoint {
            connections,
            throughput: summary.throughput,
            p50_ms: summary.p50_ms,
            p99_ms: summary.p99_ms,
        });
        if connections == HEADLINE_CONNECTIONS {
            outcome.rows.push(
                Row::new("seat_map", summary, Some(Baseline::PgbenchSelect))
                    .with("connections", connections)
                    .with("showtime_id", showtime.to_string()),
            );
        }
    }
    outcome.rows.push(busy_map(bench, duration).await?);
    let page_url = format!("{}/showtimes/{showtime}", bench.api.urls.bff);
    eprintln!("  seat-map page {page_url}: {HEADLINE_CONNECTIONS} connections");
    let loading = load::get_loop(&bench.api, &page_url, HEADLINE_CONNECTIONS, duration);
    let bff = ("seat_map_page", "bff", bench.api.urls.bff.as_str());
    let (summary, memory) = memory::sampled_during(&bench.api, bff, loading).await;
    outcome.memory_under_load.extend(memory);
    outcome.rows.push(
        Row::new("seat_map_page", summary, Some(Baseline::PgbenchSelect))
            .with("connections", HEADLINE_CONNECTIONS)
            .with("showtime_id", showtime.to_string()),
    );
    let customer = bench
        .api
        .new_customer(bench.username("page", 0))
        .await
        .context("registering the signed-in viewer")?;
    let session = format!("{ACCESS_COOKIE}={}", customer.token);
    eprintln!("  seat-map page, signed in: {HEADLINE_CONNECTIONS} connections");
    let summary = load::get_loop_with_cookie(
        &bench.api,
        &page_url,
        Some(session.clone()),
        HEADLINE_CONNECTIONS,
        duration,
    )
    .await;
    outcome
        .rows
        .push(signed_in_row("seat_map_page_signed_in", summary, showtime));
    eprintln!(
        "  seat-map page, signed in, with the page's own calls: {HEADLINE_CONNECTIONS} connections"
    );
    let summary = page_with_its_calls(bench, &page_url, session, showtime, duration).await;
    outcome.rows.push(signed_in_row(
        "seat_map_page_signed_in_with_calls",
        summary,
        showtime,
    ));
    Ok(outcome)
}

/// The seat map of another showtime once most of its seats are held, as a premiere's is a few
/// minutes into its sale: every request still reads that showtime's live statuses.
async fn busy_map(bench: &mut Bench, duration: std::time::Duration) -> anyhow::Result<Row> {
    let picked = bench.showtimes.take(1).await?;
    let showtime = picked.showtime_id;
    let chunks: Vec<&[uuid::Uuid]> = picked
        .seats
        .chunks(api_types::seats::MAX_SEATS_PER_HOLD)
        .collect();
    let customers = register_customers(bench, "busy", chunks.len()).await?;
    let mut holds: Vec<(&Customer, Hold)> = Vec::new();
    for (customer, seats) in customers.iter().zip(chunks) {
        // A chunk the seating rules refuse (it would leave a lone seat) is left free.
        if let Ok(hold) = bench.api.hold(&customer.token, showtime, seats).await {
            holds.push((customer, hold));
        }
    }
    let taken: usize = holds.iter().map(|(_, hold)| hold.seat_ids.len()).sum();
    let url = format!("{}/showtimes/{showtime}/seats", bench.api.urls.movie);
    eprintln!("  seat map of {showtime}, {taken} seats held: {HEADLINE_CONNECTIONS} connections");
    let summary = load::get_loop(&bench.api, &url, HEADLINE_CONNECTIONS, duration).await;
    for (customer, hold) in &holds {
        // Let go so nothing is left held; one that fails lapses by itself.
        let _ = bench.api.release_hold(&customer.token, hold.id).await;
    }
    Ok(
        Row::new("seat_map_busy", summary, Some(Baseline::PgbenchSelect))
            .with("connections", HEADLINE_CONNECTIONS)
            .with("seats_held", taken)
            .with("showtime_id", showtime.to_string()),
    )
}

/// A row of a signed-in visitor's page, at the headline connections.
fn signed_in_row(name: &'static str, summary: load::Summary, showtime: uuid::Uuid) -> Row {
    Row::new(name, summary, Some(Baseline::PgbenchSelect))
        .with("connections", HEADLINE_CONNECTIONS)
        .with("showtime_id", showtime.to_string())
}

/// A signed-in visitor's page as the browser gets it whole: the page, then (at once, as the
/// hydrated page does) who is signed in and their hold in the showtime. One sample is all three.
async fn page_with_its_calls(
    bench: &Bench,
    page_url: &str,
    session: String,
    showtime: uuid::Uuid,
    duration: std::time::Duration,
) -> load::Summary {
    let api = Arc::new(bench.api.clone());
    let bff = &bench.api.urls.bff;
    let urls: Arc<[String; 3]> = Arc::new([
        page_url.to_owned(),
        format!("{bff}/api/current_user"),
        format!("{bff}/api/current_hold"),
    ]);
    let (session, showtime): (Arc<str>, Arc<str>) = (session.into(), showtime.to_string().into());
    load::closed_loop(HEADLINE_CONNECTIONS, duration, move |_| {
        let (api, urls, session, showtime) =
            (api.clone(), urls.clone(), session.clone(), showtime.clone());
        async move {
            let [page, user, hold] = &*urls;
            let hold_form = [("showtime_id", &*showtime)];
            let answered = api.get_ok(page, Some(&session)).await
                && matches!(
                    tokio::join!(
                        api.server_function_ok(user, &session, &[]),
                        api.server_function_ok(hold, &session, &hold_form),
                    ),
                    (true, true)
                );
            if answered {
                load::Sample::Done
            } else {
                load::Sample::Failed
            }
        }
    })
    .await
}
