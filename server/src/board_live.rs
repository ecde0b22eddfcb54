//! Lobby boards: one WebSocket per board (`/ws/board?showtimes=a,b,…`) however many showtimes it
//! shows. It rides the same per-showtime Redis subscriptions as the seat maps ([`SeatHub`]); a
//! seat change of any of its showtimes marks that showtime, and a moment later the board gets
//! the fresh booked and held counts of the marked ones, read in one call to the booking service.

use std::{collections::BTreeSet, time::Duration};

use api_types::{
    live::{BoardUpdate, MAX_BOARD_SHOWTIMES},
    seats::Occupancy,
};
use axum::{
    extract::{
        Query, State, WebSocketUpgrade,
        rejection::QueryRejection,
        ws::{Message, WebSocket, rejection::WebSocketUpgradeRejection},
    },
    http::{HeaderMap, StatusCode},
    response::Response,
};
use service_kit::client_address::ClientAddress;
use tokio::sync::{broadcast, mpsc};
use uuid::Uuid;

use crate::{
    live_limits::{SILENCE_LIMIT, SocketPermit},
    live_viewers::Watching,
    seats_live::{SeatHub, SentChange, limited, refused},
};

/// Changes that arrive within this of each other are sent as one update.
const GATHER: Duration = Duration::from_millis(200);
const HEARTBEAT: Duration = Duration::from_secs(20);

#[derive(Debug, serde::Deserialize)]
pub struct BoardQuery {
    /// Comma-separated showtime ids.
    pub showtimes: String,
}

fn showtime_ids(raw: &str) -> Option<Vec<Uuid>> {
    let ids: Vec<Uuid> = raw
        .split(',')
        .filter(|id| !id.trim().is_empty())
        .map(|id| id.trim().parse().ok())
        .collect::<Option<BTreeSet<Uuid>>>()?
        .into_iter()
        .collect();
    (ids.len() <= MAX_BOARD_SHOWTIMES).then_some(ids)
}

pub async fn watch(
    State(hub): State<SeatHub>,
    query: Result<Query<BoardQuery>, QueryRejection>,
    headers: HeaderMap,
    client: ClientAddress,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if !crate::session::is_same_site(&headers) {
        return refused(StatusCode::FORBIDDEN, "Cross-site WebSocket refused");
    }
    let Some(ids) = query
        .ok()
        .and_then(|Query(query)| showtime_ids(&query.showtimes))
    else {
        let detail = format!("showtimes: at most {MAX_BOARD_SHOWTIMES} comma-separated ids");
        return refused(StatusCode::BAD_REQUEST, &detail);
    };
    let Ok(upgrade) = upgrade else {
        return refused(StatusCode::BAD_REQUEST, "A WebSocket upgrade is expected");
    };
    match hub.admit(client, &ids).await {
        Ok(permit) => limited(upgrade).on_upgrade(move |socket| serve(hub, ids, socket, permit)),
        Err(refusal) => refusal,
    }
}

async fn serve(hub: SeatHub, ids: Vec<Uuid>, mut socket: WebSocket, _permit: SocketPermit) {
    let _viewer = hub.viewers.arrived(Watching::Lobby);
    // Subscribed before the first counts are read, so no change between the two is lost.
    let (changed, mut changes) = mpsc::channel::<Uuid>(256);
    let mut subscriptions = Vec::new();
    for id in &ids {
        let Ok(sender) = hub.watch(*id).await else {
            let _ = socket.send(Message::Close(None)).await;
            return;
        };
        tokio::spawn(forward(*id, sender.subscribe(), changed.clone()));
        subscriptions.push(sender);
    }
    drop(changed);
    let Some(first) = hub.occupancy(&ids).await else {
        let _ = socket.send(Message::Close(None)).await;
        return;
    };
    if send(&mut socket, first).await.is_err() {
        return;
    }
    let mut marked: BTreeSet<Uuid> = BTreeSet::new();
    // When the first change since the last update was marked: the update goes GATHER after it,
    // however many changes follow meanwhile.
    let mut due = tokio::time::Instant::now();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    let mut last_heard = tokio::time::Instant::now();
    loop {
        let gathering = !marked.is_empty();
        tokio::select! {
            change = changes.recv() => match change {
                Some(id) => {
                    if marked.is_empty() {
                        due = tokio::time::Instant::now() + GATHER;
                    }
                    marked.insert(id);
                }
                None => break,
            },
            _ = tokio::time::sleep_until(due), if gathering => {
                let ids: Vec<Uuid> = std::mem::take(&mut marked).into_iter().collect();
                // The booking service away: the board keeps what it has, and hears again later.
                if let Some(counts) = hub.occupancy(&ids).await
                    && send(&mut socket, counts).await.is_err()
                {
                    break;
                }
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > SILENCE_LIMIT { break }
                if socket.send(Message::Ping(Vec::new().into())).await.is_err() { break }
            }
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => last_heard = tokio::time::Instant::now(),
            },
        }
    }
    drop(subscriptions);
}

/// Marks `id` each time its seats change (missed changes too: the counts are read afresh).
async fn forward(
    id: Uuid,
    mut seats: broadcast::Receiver<SentChange>,
    changed: mpsc::Sender<Uuid>,
) {
    loop {
        match seats.recv().await {
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {
                if changed.send(id).await.is_err() {
                    return;
                }
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

async fn send(socket: &mut WebSocket, showtimes: Vec<Occupancy>) -> Result<(), axum::Error> {
    let text = serde_json::to_string(&BoardUpdate { showtimes }).map_err(axum::Error::new)?;
    socket.send(Message::Text(text.into())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_board_names_its_showtimes_by_id_up_to_a_limit() {
        let id = Uuid::new_v4();
        assert_eq!(showtime_ids(&format!("{id},{id}, ")), Some(vec![id]));
        assert_eq!(showtime_ids("nonsense"), None);
        let many = vec![Uuid::nil().to_string(); 1];
        assert!(showtime_ids(&many.join(",")).is_some());
        let too_many: Vec<String> = (0..=MAX_BOARD_SHOWTIMES as u128)
            .map(|n| Uuid::from_u128(n).to_string())
            .collect();
        assert_eq!(showtime_ids(&too_many.join(",")), None);
    }
}
