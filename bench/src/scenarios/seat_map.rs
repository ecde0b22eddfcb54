//! The seat map: the most frequent call while people choose seats, every seat's status live
//! each time (the showtime's plan from memory, the taken seats from one Redis read). Measured at rising connection counts for
//! the latency curve; 32 connections is the headline row. Then the BFF's seat-map page of the
//! same showtime, which renders it server-side: as signed-out visitors ask for it (they share
//! one render a second, `PAGE_CACHE_TTL_MS`), and as a signed-in customer does (rendered for
//! each request).

use anyhow::Context;

use super::{Baseline, Bench, CurvePoint, Outcome, Row};
use crate::load;

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
        let summary = load::get_loop(&bench.api, &map_url, connections, duration).await;
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
    let page_url = format!("{}/showtimes/{showtime}", bench.api.urls.bff);
    eprintln!("  seat-map page {page_url}: {HEADLINE_CONNECTIONS} connections");
    let summary = load::get_loop(&bench.api, &page_url, HEADLINE_CONNECTIONS, duration).await;
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
        Some(session),
        HEADLINE_CONNECTIONS,
        duration,
    )
    .await;
    outcome.rows.push(
        Row::new(
            "seat_map_page_signed_in",
            summary,
            Some(Baseline::PgbenchSelect),
        )
        .with("connections", HEADLINE_CONNECTIONS)
        .with("showtime_id", showtime.to_string()),
    );
    Ok(outcome)
}
