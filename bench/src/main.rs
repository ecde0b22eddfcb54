//! `marquee-bench [scenario ...]`: load figures for a running Marquee stack (`make bench` builds
//! and runs it with the `dev` stack's settings, see scripts/bench.sh and docs/PERFORMANCE.md).
//!
//! A run reads each process's memory at rest, measures its baselines (pgbench,
//! redis-benchmark), runs the scenarios one after the other (each once the events of the one
//! before have landed, so that none is measured on another's backlog), waits for events in
//! flight to land, checks the invariants in the databases, reads the memory again, then prints
//! a table and writes `<BENCH_OUT_DIR>/<UTC timestamp>.json` and
//! `…-seat-map.svg`; last, it gives back the seats it bought (cancelled and refunded).
//! Exit status: 0 when everything held, 1 when an invariant is violated (or could not be
//! read), 2 when the run could not start, 3 when a scenario could not run.

mod api;
mod baselines;
mod bundle;
mod chart;
mod config;
mod give_back;
mod invariants;
mod load;
mod machine;
mod memory;
mod report;
mod scenarios;
mod showtimes;

use std::{process::ExitCode, time::Duration};

use anyhow::Context;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    api::Api,
    config::{Config, Scale},
    invariants::{Databases, Invariants},
    machine::Machine,
    report::Report,
    scenarios::{Bench, Scenario, journey::Cleanup},
    showtimes::ShowtimePool,
};

const USAGE: &str = "usage: marquee-bench [scenario ...]
  scenarios: browse seat_map contention journey ws_fanout chaos
  (default: all of them; chaos only with BENCH_SCALE=full or when named)
  settings come from the environment (BENCH_SCALE=quick|full, service URLs, database URLs,
  REDIS_URL, PGBENCH_DATABASE_URL, BENCH_OUT_DIR, CHAOS_*): scripts/bench.sh sets them";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("marquee-bench: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// The scenarios named on the command line (or the scale's default set), in their fixed order:
/// chaos always last, as it breaks what the others measure.
fn chosen_scenarios(args: &[String], scale: Scale) -> anyhow::Result<Vec<Scenario>> {
    if args.is_empty() {
        return Ok(Scenario::default_set(scale));
    }
    let mut chosen = Vec::new();
    for arg in args {
        let scenario =
            Scenario::parse(arg).with_context(|| format!("unknown scenario {arg:?}\n{USAGE}"))?;
        if !chosen.contains(&scenario) {
            chosen.push(scenario);
        }
    }
    chosen.sort_by_key(|scenario| Scenario::ALL.iter().position(|s| s == scenario));
    Ok(chosen)
}

/// The invariants once events in flight have landed; after chaos, also the holds left behind
/// (once the clean-ups an outage refused have been done).
async fn check_invariants(
    bench: &Bench,
    since: DateTime<Utc>,
    settle: Duration,
    hold_showtimes: &[Uuid],
    leftovers: &[Cleanup],
) -> anyhow::Result<Invariants> {
    let mut invariants = bench.databases.check(since, settle).await?;
    let mut undone = 0;
    for cleanup in leftovers {
        if !cleanup.perform(&bench.api).await {
            undone += 1;
        }
    }
    if undone > 0 {
        eprintln!("  {undone} hold(s)/booking(s) could still not be let go of");
    }
    if !hold_showtimes.is_empty() {
        // Releasing is announced after the answer; give it a moment.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let left = invariants::hold_keys_left(&bench.config.redis_url, hold_showtimes).await?;
        invariants.holds_not_released = Some(left);
    }
    Ok(invariants)
}

/// Waits (up to the plan's `settle`) for the work the scenarios so far left in flight, such as
/// a payment's confirmation and its notice, so the next is measured on a settled system: a
/// backlog of bookings' events made the live feed's p99 after them more than twice its own.
async fn settle_before_next(bench: &Bench, since: DateTime<Utc>) {
    match bench.databases.check(since, bench.plan.settle).await {
        Ok(invariants) if invariants.settle_wait_s >= 0.5 => eprintln!(
            "  (waited {:.1} s for the events in flight to land)",
            invariants.settle_wait_s
        ),
        Ok(_) => {}
        Err(error) => eprintln!("  events in flight could not be read: {error:#}"),
    }
}

/// Gives the seats the run bought back (see [`give_back`]), unless an invariant failed or could
/// not be read: then the bookings stay as they are, for whoever looks into it.
async fn give_back_seats(api: &Api, sold: Vec<give_back::Sold>, violated: bool) {
    if sold.is_empty() {
        return;
    }
    if violated {
        eprintln!(
            "==> the {} bookings the run paid for are kept (an invariant failed or was not read)",
            sold.len()
        );
        return;
    }
    eprintln!("==> giving back the {} seats the run bought", sold.len());
    let given_back = give_back::give_back(api, sold).await;
    eprintln!(
        "  {} cancelled and refunded, {} ended already, {} failed ({:.1} s)",
        given_back.cancelled,
        given_back.already_ended,
        given_back.failed,
        given_back.took.as_secs_f64()
    );
}

async fn run() -> anyhow::Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let config = Config::from_env()?;
    let chosen = chosen_scenarios(&args, config.scale)?;
    let plan = config.plan();
    let started_at = Utc::now();
    let api = Api::new(config.urls.clone())?;
    api.check_stack()
        .await
        .context("the stack does not answer (start it with make up)")?;
    let machine = Machine::describe();
    let names: Vec<&str> = chosen.iter().map(|scenario| scenario.name()).collect();
    eprintln!(
        "==> marquee-bench, {} scale, on {} CPU(s): {}",
        config.scale.as_str(),
        machine.cpus,
        names.join(", ")
    );
    let mut memory = memory::Memory {
        at_rest: memory::at_once(&api).await,
        ..memory::Memory::default()
    };
    eprintln!("==> baselines");
    let baselines = baselines::measure(&config).await;
    eprintln!("==> the WASM a page needs");
    let page_wasm = bundle::measure(&api).await.map_err(|error| {
        eprintln!("  could not be measured: {error:#}");
        format!("{error:#}")
    });
    let databases = Databases::connect(&config).await?;
    let showtimes = ShowtimePool::load(&api).await?;
    let run_id = Uuid::new_v4().simple().to_string()[..8].to_owned();
    let mut bench = Bench {
        config,
        plan,
        api,
        showtimes,
        databases,
        run_id,
    };

    let (mut rows, mut curve, mut failures) = (Vec::new(), Vec::new(), Vec::new());
    let (mut hold_showtimes, mut leftovers, mut sold) = (Vec::new(), Vec::new(), Vec::new());
    for (index, scenario) in chosen.iter().enumerate() {
        if index > 0 {
            settle_before_next(&bench, started_at).await;
        }
        eprintln!("==> {}", scenario.name());
        match scenarios::run(*scenario, &mut bench).await {
            Ok(outcome) => {
                rows.extend(outcome.rows);
                curve.extend(outcome.curve);
                hold_showtimes.extend(outcome.hold_checked_showtimes);
                leftovers.extend(outcome.leftovers);
                sold.extend(outcome.sold);
                memory.under_load.extend(outcome.memory_under_load);
            }
            Err(error) => {
                eprintln!("  {} could not run: {error:#}", scenario.name());
                failures.push((scenario.name().to_owned(), format!("{error:#}")));
            }
        }
    }

    let settle = if chosen.contains(&Scenario::Chaos) {
        bench.plan.settle_after_chaos
    } else {
        bench.plan.settle
    };
    eprintln!(
        "==> invariants (waiting up to {} s for events in flight)",
        settle.as_secs()
    );
    let invariants = check_invariants(&bench, started_at, settle, &hold_showtimes, &leftovers)
        .await
        .map_err(|error| format!("{error:#}"));
    memory.after_run = memory::at_once(&bench.api).await;
    let report = Report {
        scale: bench.config.scale,
        started_at,
        machine: &machine,
        baselines: &baselines,
        page_wasm: &page_wasm,
        rows: &rows,
        failures: &failures,
        invariants: &invariants,
        curve: &curve,
        memory: &memory,
    };
    print!("{}", report::table(&report));
    match report::write_files(&bench.config.out_dir, &report) {
        Ok(paths) => {
            for path in paths {
                eprintln!("==> wrote {}", path.display());
            }
        }
        Err(error) => eprintln!("marquee-bench: could not write the results: {error:#}"),
    }
    let violated = !invariants
        .as_ref()
        .is_ok_and(|invariants| invariants.violations().is_empty());
    give_back_seats(&bench.api, sold, violated).await;
    Ok(if violated {
        ExitCode::from(1)
    } else if !failures.is_empty() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_scenarios_run_in_the_fixed_order_once_each() {
        let args: Vec<String> = ["chaos", "browse", "chaos"].map(String::from).into();
        assert_eq!(
            chosen_scenarios(&args, Scale::Quick).unwrap(),
            [Scenario::Browse, Scenario::Chaos]
        );
        let unknown = vec!["nope".to_owned()];
        assert!(chosen_scenarios(&unknown, Scale::Full).is_err());
        let none: Vec<String> = Vec::new();
        assert_eq!(
            chosen_scenarios(&none, Scale::Quick).unwrap(),
            Scenario::default_set(Scale::Quick)
        );
    }
}
