//! Live seat maps at scale: K viewers watch one showtime over the BFF's WebSocket
//! (`/ws/showtimes/{id}`), each first receiving its snapshot. Then, round after round, a customer
//! holds a seat (and lets it go again): the latency of a round is, for every socket, the time
//! from the hold's 201 to that socket receiving the `held` change (Redis pub/sub to the BFF, one
//! subscription, fanned out to every socket). A change that arrives before the customer has read
//! its own 201 counts as zero. Errors: sockets that did not open, and sockets that missed a
//! change.
//!
//! The BFF allows `LIVE_SOCKETS_PER_ADDRESS` (20) sockets per client address, and believes the
//! `X-Real-IP` a trusted proxy (loopback) sends, as the gateway does for real visitors. The bench
//! runs beside the BFF, so like `scripts/hostile_walk.py` it tells the BFF each viewer's address:
//! 16 viewers per address from 198.18.0.0/15, the range set aside for benchmarks (RFC 2544).

use std::{
    collections::{HashMap, HashSet},
    net::Ipv4Addr,
    time::{Duration, Instant},
};

use anyhow::Context;
use api_types::{live::LiveMessage, seats::SeatStatus};
use futures::{StreamExt, future::join_all, stream};
use tokio::{
    net::TcpStream,
    sync::{mpsc, watch},
    task::JoinHandle,
};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{Message, client::IntoClientRequest, http::HeaderValue},
};
use uuid::Uuid;

use super::{Bench, Outcome, Row};
use crate::load;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Viewers per client address: under the BFF's default limit of 20.
const VIEWERS_PER_ADDRESS: usize = 16;
/// Sockets being opened at once (each open makes the BFF fetch a snapshot from the catalog).
const CONNECT_CONCURRENCY: usize = 50;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a round waits for every socket to hear of its hold.
const DELIVERY_WAIT: Duration = Duration::from_secs(5);

/// A `held` change heard by a viewer, and when.
struct Delivery {
    viewer: usize,
    seat: Uuid,
    at: Instant,
}

/// Why a viewer's socket ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ViewerEnd {
    Stopped,
    Closed,
    Resync,
}

/// The address a viewer's socket is counted against (see the module's notes).
pub fn viewer_address(viewer: usize) -> Ipv4Addr {
    let group = u32::try_from(viewer / VIEWERS_PER_ADDRESS).unwrap_or(u32::MAX);
    Ipv4Addr::from(u32::from(Ipv4Addr::new(198, 18, 0, 1)).saturating_add(group))
}

/// The live feed's URL on the BFF: its base URL with `ws` for `http`.
pub fn live_url(bff: &str, showtime: Uuid) -> String {
    let base = match bff.strip_prefix("http") {
        Some(rest) => format!("ws{rest}"),
        None => bff.to_owned(),
    };
    format!("{base}/ws/showtimes/{showtime}")
}

/// Opens a viewer's socket and waits for its snapshot; then it watches in a task of its own.
async fn open_viewer(
    url: String,
    viewer: usize,
    deliveries: mpsc::UnboundedSender<Delivery>,
    shutdown: watch::Receiver<bool>,
) -> anyhow::Result<JoinHandle<ViewerEnd>> {
    let mut request = url.as_str().into_client_request()?;
    let address = HeaderValue::from_str(&viewer_address(viewer).to_string())?;
    request.headers_mut().insert("x-real-ip", address);
    let (mut socket, _) = tokio::time::timeout(CONNECT_TIMEOUT, connect_async(request))
        .await
        .context("opening the socket timed out")??;
    loop {
        let message = tokio::time::timeout(CONNECT_TIMEOUT, socket.next())
            .await
            .context("no snapshot in time")?;
        match message {
            Some(Ok(Message::Text(text))) => {
                let parsed = serde_json::from_str::<LiveMessage>(text.as_str());
                if let Ok(LiveMessage::Snapshot { .. }) = parsed {
                    break;
                }
            }
            Some(Ok(Message::Close(_))) | None => anyhow::bail!("closed before its snapshot"),
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(error.into()),
        }
    }
    Ok(tokio::spawn(watch_changes(
        socket, viewer, deliveries, shutdown,
    )))
}

/// Reports every `held` change the socket receives until told to stop (reading also answers
/// the BFF's heartbeat pings, so the socket stays open).
async fn watch_changes(
    mut socket: Socket,
    viewer: usize,
    deliveries: mpsc::UnboundedSender<Delivery>,
    mut shutdown: watch::Receiver<bool>,
) -> ViewerEnd {
    loop {
        tokio::select! {
            message = socket.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    let at = Instant::now();
                    match serde_json::from_str::<LiveMessage>(text.as_str()) {
                        Ok(LiveMessage::Change { status: SeatStatus::Held, seat_ids, .. }) => {
                            for seat in seat_ids {
                                let _ = deliveries.send(Delivery { viewer, seat, at });
                            }
                        }
                        Ok(LiveMessage::Resync) => return ViewerEnd::Resync,
                        _ => {}
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return ViewerEnd::Closed,
                Some(Ok(_)) => {}
            },
            _ = shutdown.changed() => {
                let _ = socket.close(None).await;
                return ViewerEnd::Stopped;
            }
        }
    }
}

pub async fn run(bench: &mut Bench) -> anyhow::Result<Outcome> {
    let plan = bench.plan.clone();
    let picked = bench.showtimes.take(plan.ws_rounds).await?;
    let showtime = picked.showtime_id;
    let customer = bench.api.new_customer(bench.username("live", 0)).await?;
    let url = live_url(&bench.api.urls.bff, showtime);
    eprintln!("  opening {} sockets on {url}", plan.ws_viewers);
    let (deliveries_sender, mut deliveries) = mpsc::unbounded_channel();
    let (stop, shutdown) = watch::channel(false);
    let opening = Instant::now();
    let opened: Vec<anyhow::Result<JoinHandle<ViewerEnd>>> = stream::iter(0..plan.ws_viewers)
        .map(|viewer| {
            open_viewer(
                url.clone(),
                viewer,
                deliveries_sender.clone(),
                shutdown.clone(),
            )
        })
        .buffer_unordered(CONNECT_CONCURRENCY)
        .collect()
        .await;
    drop(deliveries_sender);
    let open_s = opening.elapsed().as_secs_f64();
    let mut viewers = Vec::new();
    let mut connect_failures = 0u64;
    for result in opened {
        match result {
            Ok(handle) => viewers.push(handle),
            Err(error) => {
                if connect_failures == 0 {
                    eprintln!("  a socket did not open: {error:#}");
                }
                connect_failures += 1;
            }
        }
    }
    eprintln!(
        "  {} sockets watching after {open_s:.1} s; {} rounds of hold and release",
        viewers.len(),
        plan.ws_rounds
    );
    let mut histogram = load::new_histogram();
    let mut heard: HashMap<usize, usize> = HashMap::new();
    let (mut rounds, mut rounds_skipped) = (0usize, 0u64);
    let rounds_started = Instant::now();
    for seat in picked.seats.iter().take(plan.ws_rounds) {
        // Late deliveries of the previous round are of no use any more.
        while deliveries.try_recv().is_ok() {}
        let hold = match bench
            .api
            .hold(&customer.token, showtime, std::slice::from_ref(seat))
            .await
        {
            Ok(hold) => hold,
            Err(error) => {
                eprintln!("  round skipped, the hold failed: {error}");
                rounds_skipped += 1;
                continue;
            }
        };
        let answered = Instant::now();
        let mut got: HashSet<usize> = HashSet::new();
        while got.len() < viewers.len() {
            let left = (answered + DELIVERY_WAIT).saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, deliveries.recv()).await {
                Ok(Some(delivery)) if delivery.seat == *seat => {
                    if got.insert(delivery.viewer) {
                        load::record(
                            &mut histogram,
                            delivery.at.saturating_duration_since(answered),
                        );
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
        for viewer in got {
            *heard.entry(viewer).or_default() += 1;
        }
        rounds += 1;
        if let Err(error) = bench.api.release_hold(&customer.token, hold.id).await {
            eprintln!("  could not release the round's hold: {error}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let rounds_elapsed = rounds_started.elapsed();
    let _ = stop.send(true);
    let ends: Vec<ViewerEnd> = join_all(viewers)
        .await
        .into_iter()
        .map(|end| end.unwrap_or(ViewerEnd::Closed))
        .collect();
    let watching = ends.len();
    let complete = heard.values().filter(|count| **count == rounds).count();
    let missed_sockets = (watching - complete.min(watching)) as u64;
    let delivered = histogram.len();
    let expected = (watching * rounds) as u64;
    let mut summary = load::Summary::from_histogram(&histogram, 0, rounds_elapsed);
    summary.errors = connect_failures + if rounds > 0 { missed_sockets } else { 0 };
    let row = Row::new("ws_fanout", summary, None)
        .with("viewers", plan.ws_viewers)
        .with("sockets_watching", watching)
        .with("connect_failures", connect_failures)
        .with("open_all_s", open_s)
        .with("rounds", rounds)
        .with("rounds_skipped", rounds_skipped)
        .with("deliveries", delivered)
        .with("missed_deliveries", expected.saturating_sub(delivered))
        .with("sockets_missing_a_change", missed_sockets)
        .with(
            "sockets_resynced",
            ends.iter().filter(|end| **end == ViewerEnd::Resync).count(),
        )
        .with(
            "sockets_closed_early",
            ends.iter().filter(|end| **end == ViewerEnd::Closed).count(),
        )
        .with("showtime_id", showtime.to_string());
    Ok(Outcome {
        rows: vec![row],
        ..Outcome::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewers_share_an_address_sixteen_at_a_time_within_the_benchmark_range() {
        assert_eq!(viewer_address(0), Ipv4Addr::new(198, 18, 0, 1));
        assert_eq!(viewer_address(15), Ipv4Addr::new(198, 18, 0, 1));
        assert_eq!(viewer_address(16), Ipv4Addr::new(198, 18, 0, 2));
        assert_eq!(viewer_address(999), Ipv4Addr::new(198, 18, 0, 63));
        assert_eq!(viewer_address(16 * 300), Ipv4Addr::new(198, 18, 1, 45));
    }

    #[test]
    fn the_live_url_is_the_bffs_with_a_websocket_scheme() {
        let id = Uuid::nil();
        assert_eq!(
            live_url("http://127.0.0.1:3000", id),
            format!("ws://127.0.0.1:3000/ws/showtimes/{id}")
        );
        assert_eq!(
            live_url("https://example.com", id),
            format!("wss://example.com/ws/showtimes/{id}")
        );
    }
}
