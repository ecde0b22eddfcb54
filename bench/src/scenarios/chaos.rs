//! Chaos: journeys keep coming while pieces of the stack fail, at fixed times: the booking
//! service is killed (its supervisor starts it again), Redis is flushed and restarted (every
//! hold gone), RabbitMQ is restarted (events wait in the outboxes). Customers see errors during
//! the outages (counted, expected); what matters is afterwards: once the system has settled, no
//! seat double-booked, no payment without its confirmed booking, no event left behind, no hold
//! left on the seats (checked by the invariants, with this scenario's showtimes).

use std::{process::Stdio, time::Duration};

use serde::Serialize;
use tokio::{process::Command, time::Instant};

use super::{Baseline, Bench, Outcome, Row, journey};
use crate::showtimes;

/// Chaos journeys wait longer for their confirmation: RabbitMQ may take half a minute to return.
const CONFIRM_WITHIN: Duration = Duration::from_secs(120);

/// One break, when it was made and how the command went.
#[derive(Debug, Clone, Serialize)]
pub struct ChaosEvent {
    pub action: &'static str,
    /// Seconds from the start of the load.
    pub at_s: f64,
    pub took_s: f64,
    /// The command's exit code; `None` when it was not run (not configured) or was killed.
    pub exit_code: Option<i32>,
    pub ran: bool,
}

async fn break_something(
    action: &'static str,
    command: Option<String>,
    start: Instant,
) -> ChaosEvent {
    let at = start.elapsed();
    let Some(command) = command else {
        eprintln!(
            "  [{:>5.1} s] {action}: skipped (no command configured)",
            at.as_secs_f64()
        );
        return ChaosEvent {
            action,
            at_s: at.as_secs_f64(),
            took_s: 0.0,
            exit_code: None,
            ran: false,
        };
    };
    eprintln!("  [{:>5.1} s] {action}: {command}", at.as_secs_f64());
    let began = Instant::now();
    // The command's own output would interleave with the results table: it goes to stderr.
    let output = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .stdin(Stdio::null())
        .output()
        .await;
    let exit_code = match output {
        Ok(output) => {
            for line in String::from_utf8_lossy(&output.stdout)
                .lines()
                .chain(String::from_utf8_lossy(&output.stderr).lines())
            {
                eprintln!("      {line}");
            }
            output.status.code()
        }
        Err(error) => {
            eprintln!("      could not run it: {error}");
            None
        }
    };
    ChaosEvent {
        action,
        at_s: at.as_secs_f64(),
        took_s: began.elapsed().as_secs_f64(),
        exit_code,
        ran: true,
    }
}

pub async fn run(bench: &mut Bench) -> anyhow::Result<Outcome> {
    let plan = bench.plan.clone();
    let picked = bench
        .showtimes
        .take_seats(plan.chaos_seats, plan.chaos_showtimes)
        .await?;
    let seats = showtimes::interleave(&picked);
    let chaos = bench.config.chaos.clone();
    let breaks = [
        ("kill the booking service", chaos.kill_booking),
        ("flush and restart Redis", chaos.restart_redis),
        ("restart RabbitMQ", chaos.restart_rabbitmq),
    ];
    eprintln!(
        "  chaos: journeys on {} connections for {} s over {} showtime(s); breaks at {:?}",
        plan.chaos_connections,
        plan.chaos_duration.as_secs(),
        picked.len(),
        plan.chaos_at.map(|at| at.as_secs())
    );
    let chaos_at = plan.chaos_at;
    let start = Instant::now();
    let breaker = tokio::spawn(async move {
        let mut events = Vec::new();
        for ((action, command), at) in breaks.into_iter().zip(chaos_at) {
            tokio::time::sleep_until(start + at).await;
            events.push(break_something(action, command, start).await);
        }
        events
    });
    let report = journey::drive(
        bench,
        "chaos",
        Vec::new(),
        seats,
        plan.chaos_connections,
        plan.chaos_duration,
        CONFIRM_WITHIN,
    )
    .await;
    let events = breaker.await.unwrap_or_default();
    // A break after the journeys ran out of seats tests nothing under load: say so.
    let load_lasted = Duration::from_secs_f64(report.summary.duration_s);
    let breaks_under_load = chaos_at.iter().filter(|at| **at < load_lasted).count();
    if breaks_under_load < chaos_at.len() {
        eprintln!(
            "  chaos: the journeys ended after {:.0} s: only {breaks_under_load} of {} breaks came under load",
            load_lasted.as_secs_f64(),
            chaos_at.len()
        );
    }
    let mut row = Row::new("chaos", report.summary, Some(Baseline::PgbenchTpcb))
        .with("connections", plan.chaos_connections)
        .with("showtimes", picked.len())
        .with("breaks", serde_json::to_value(&events)?)
        .with("breaks_under_load", breaks_under_load);
    row.extra.extend(report.extra);
    Ok(Outcome {
        rows: vec![row],
        hold_checked_showtimes: picked.iter().map(|p| p.showtime_id).collect(),
        leftovers: report.leftovers,
        sold: report.sold,
        ..Outcome::default()
    })
}
