//! Browsing: what most visitors do and never pay for. The catalog and showtime lists of the movie
//! service (Redis-cached, then PostgreSQL), and the BFF's server-rendered home and film pages
//! (which call the movie service in turn), each measured alone.

use anyhow::Context;

use super::{Baseline, Bench, Outcome, Row};
use crate::load;

/// Measures GETs of one URL with the plan's connections and duration.
async fn measure(bench: &Bench, name: &str, url: String) -> Row {
    let plan = &bench.plan;
    eprintln!(
        "  {name}: GET {url} ({} connections, {} s)",
        plan.browse_connections,
        plan.browse_duration.as_secs()
    );
    let summary = load::get_loop(
        &bench.api,
        &url,
        plan.browse_connections,
        plan.browse_duration,
    )
    .await;
    Row::new(name, summary, Some(Baseline::PgbenchSelect))
        .with("connections", bench.plan.browse_connections)
}

pub async fn run(bench: &mut Bench) -> anyhow::Result<Outcome> {
    let urls = bench.api.urls.clone();
    let movie = bench
        .api
        .movies()
        .await
        .context("listing movies")?
        .into_iter()
        .next()
        .context("the catalog has no films")?;
    let pages = [
        ("browse_catalog", format!("{}/movies", urls.movie)),
        (
            "browse_showtimes",
            format!("{}/showtimes?limit=50", urls.movie),
        ),
        ("browse_home_page", format!("{}/", urls.bff)),
        (
            "browse_movie_page",
            format!("{}/movies/{}", urls.bff, movie.id),
        ),
    ];
    let mut outcome = Outcome::default();
    for (name, url) in pages {
        outcome.rows.push(measure(bench, name, url).await);
    }
    Ok(outcome)
}
