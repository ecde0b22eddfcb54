//! Live seat maps: browsers watch a showtime over a WebSocket; the BFF holds one Redis
//! subscription per watched showtime (however many people watch it) and fans its changes out.
//! A viewer gets a snapshot with its version first, then each change with the next version; a
//! viewer that sees a gap in versions reconnects for a fresh snapshot.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, Weak},
    time::Duration,
};

use api_types::{
    live::{LiveMessage, LiveSeat, SeatChange, seat_channel},
    seats::SeatMap,
};
use axum::{
    Extension,
    extract::{
        Path, State, WebSocketUpgrade,
        ws::{Message, Utf8Bytes, WebSocket},
    },
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use marquee_app::api::{
    backend::Backend,
    session::{ACCESS_COOKIE, cookies},
};
use service_kit::{client_address::ClientAddress, correlation::CorrelationId};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::{
    live_limits::{
        KnownShowtimes, MAX_MESSAGE_BYTES, SILENCE_LIMIT, SocketCounts, SocketPermit, Unwatchable,
    },
    live_viewers::{LiveViewers, Watching},
};

const HEARTBEAT: Duration = Duration::from_secs(20);

/// A seat change as every viewer of its showtime is sent it. It is read and serialized once,
/// where it arrives from Redis; each viewer's socket gets the same bytes (a premiere's seat map
/// may have a thousand viewers, and each change would otherwise be parsed and written again
/// for every one of them).
#[derive(Debug, Clone)]
pub(crate) struct SentChange {
    version: i64,
    text: Utf8Bytes,
}

impl SentChange {
    /// The change a message on the showtime's [`seat_channel`] announces, as viewers are sent
    /// it; `None` for a message that is not a change.
    fn of_payload(payload: &str) -> Option<Self> {
        let change: SeatChange = serde_json::from_str(payload).ok()?;
        let version = change.version;
        let text = serde_json::to_string(&LiveMessage::from(change)).ok()?;
        Some(Self {
            version,
            text: text.into(),
        })
    }
}

pub(crate) fn refused(status: StatusCode, detail: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "detail": detail }))).into_response()
}

/// The upgrade with the size limits every live socket has.
pub(crate) fn limited(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
}

/// The showtimes being watched, each with the one subscription feeding its viewers.
#[derive(Clone)]
pub struct SeatHub {
    redis: redis::Client,
    watched: Arc<Mutex<HashMap<Uuid, Weak<broadcast::Sender<SentChange>>>>>,
    backend: Backend,
    pub(crate) sockets: SocketCounts,
    pub(crate) showtimes: KnownShowtimes,
    pub(crate) viewers: LiveViewers,
}

impl SeatHub {
    /// The hub, counting its viewers in `registry`.
    pub fn new(
        redis_url: &str,
        backend: Backend,
        sockets_per_address: usize,
        registry: &prometheus::Registry,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            redis: redis::Client::open(redis_url)?,
            watched: Default::default(),
            showtimes: KnownShowtimes::new(backend.clone()),
            sockets: SocketCounts::new(sockets_per_address),
            viewers: LiveViewers::new(registry)?,
            backend,
        })
    }

    /// Whether a socket watching `ids` from `client` may open: the showtimes exist and the
    /// address has a socket to spare. The refusal is the answer to the upgrade request.
    pub(crate) async fn admit(
        &self,
        client: ClientAddress,
        ids: &[Uuid],
    ) -> Result<SocketPermit, Response> {
        match self.showtimes.check(ids).await {
            Ok(()) => {}
            Err(Unwatchable::Unknown(id)) => {
                return Err(refused(
                    StatusCode::NOT_FOUND,
                    &format!("No such showtime: {id}"),
                ));
            }
            Err(Unwatchable::CatalogUnavailable) => {
                return Err(refused(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The catalog cannot be reached; try again shortly",
                ));
            }
        }
        self.sockets.open(client.0).ok_or_else(|| {
            refused(
                StatusCode::TOO_MANY_REQUESTS,
                &format!(
                    "At most {} live connections per address",
                    self.sockets.limit
                ),
            )
        })
    }

    /// A receiver of the showtime's changes; the returned sender keeps the subscription alive
    /// while the viewer holds it.
    pub(crate) async fn watch(
        &self,
        showtime_id: Uuid,
    ) -> anyhow::Result<Arc<broadcast::Sender<SentChange>>> {
        if let Some(sender) = self
            .watched
            .lock()
            .expect("not poisoned")
            .get(&showtime_id)
            .and_then(Weak::upgrade)
        {
            return Ok(sender);
        }
        let mut pubsub = self.redis.get_async_pubsub().await?;
        pubsub.subscribe(seat_channel(showtime_id)).await?;
        let sender = Arc::new(broadcast::channel(256).0);
        let mut watched = self.watched.lock().expect("not poisoned");
        // Another viewer may have started one meanwhile: use theirs, drop ours.
        if let Some(existing) = watched.get(&showtime_id).and_then(Weak::upgrade) {
            return Ok(existing);
        }
        watched.insert(showtime_id, Arc::downgrade(&sender));
        let weak = Arc::downgrade(&sender);
        let hub = self.watched.clone();
        tokio::spawn(async move {
            let mut messages = pubsub.on_message();
            let mut idle_check = tokio::time::interval(Duration::from_secs(5));
            loop {
                tokio::select! {
                    message = messages.next() => {
                        let Some(message) = message else { break };
                        let Some(sender) = weak.upgrade() else { break };
                        let payload = message.get_payload::<String>().ok();
                        if let Some(change) = payload.as_deref().and_then(SentChange::of_payload) {
                            let _ = sender.send(change);
                        }
                    }
                    _ = idle_check.tick() => {
                        if weak.strong_count() == 0 { break }
                    }
                }
            }
            let mut watched = hub.lock().expect("not poisoned");
            if watched
                .get(&showtime_id)
                .is_some_and(|w| w.strong_count() == 0)
            {
                watched.remove(&showtime_id);
            }
            tracing::debug!(%showtime_id, "stopped watching showtime");
        });
        Ok(sender)
    }

    /// How many showtimes have a live subscription (for tests and metrics).
    pub fn subscriptions(&self) -> usize {
        self.watched
            .lock()
            .expect("not poisoned")
            .values()
            .filter(|weak| weak.strong_count() > 0)
            .count()
    }

    /// How many seats of each showtime are booked and held now; `None` when the booking
    /// service cannot say.
    pub(crate) async fn occupancy(&self, ids: &[Uuid]) -> Option<Vec<api_types::seats::Occupancy>> {
        let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        self.backend
            .booking_get_public(&format!("/showtimes/occupancy?ids={}", ids.join(",")))
            .await
            .ok()
    }

    /// Every seat's status now, and the version changes continue from.
    async fn snapshot(
        &self,
        showtime_id: Uuid,
        token: Option<&str>,
        correlation_id: Option<&CorrelationId>,
    ) -> Option<LiveMessage> {
        let map: SeatMap = self
            .backend
            .movie_get_traced(
                &format!("/showtimes/{showtime_id}/seats"),
                token,
                correlation_id,
            )
            .await
            .ok()?;
        let seats = map
            .seats
            .into_iter()
            .map(|seat| LiveSeat {
                id: seat.id,
                status: seat.status,
                mine: Some(seat.mine),
            })
            .collect();
        Some(LiveMessage::Snapshot {
            version: map.version,
            seats,
        })
    }
}

pub async fn watch(
    State(hub): State<SeatHub>,
    Path(showtime_id): Path<Uuid>,
    headers: HeaderMap,
    client: ClientAddress,
    correlation_id: Option<Extension<CorrelationId>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    // Browsers send their page's origin; a WebSocket opened from another site is refused.
    if !crate::session::is_same_site(&headers) {
        return refused(StatusCode::FORBIDDEN, "Cross-site WebSocket refused");
    }
    let permit = match hub.admit(client, &[showtime_id]).await {
        Ok(permit) => permit,
        Err(refusal) => return refusal,
    };
    let token = cookies::get(&headers, ACCESS_COOKIE);
    // The socket outlives the request's task: its calls carry the upgrade request's id.
    let correlation_id = correlation_id.map(|Extension(id)| id);
    limited(upgrade)
        .on_upgrade(move |socket| serve(hub, showtime_id, token, correlation_id, socket, permit))
}

async fn serve(
    hub: SeatHub,
    showtime_id: Uuid,
    token: Option<String>,
    correlation_id: Option<CorrelationId>,
    mut socket: WebSocket,
    _permit: SocketPermit,
) {
    let _viewer = hub.viewers.arrived(Watching::SeatMap);
    // Subscribe before the snapshot, so no change between the two is lost.
    let Ok(sender) = hub.watch(showtime_id).await else {
        let _ = socket.send(Message::Close(None)).await;
        return;
    };
    let mut changes = sender.subscribe();
    let Some(snapshot) = hub
        .snapshot(showtime_id, token.as_deref(), correlation_id.as_ref())
        .await
    else {
        let _ = socket.send(Message::Close(None)).await;
        return;
    };
    let LiveMessage::Snapshot { version: since, .. } = snapshot else {
        return;
    };
    if send(&mut socket, &snapshot).await.is_err() {
        return;
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    let mut last_heard = tokio::time::Instant::now();
    loop {
        tokio::select! {
            change = changes.recv() => match change {
                Ok(change) => {
                    if change.version <= since { continue }
                    if socket.send(Message::Text(change.text)).await.is_err() { break }
                }
                // Too slow to keep up: the viewer must resync.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let _ = send(&mut socket, &LiveMessage::Resync).await;
                    break;
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > SILENCE_LIMIT { break }
                if socket.send(Message::Ping(Vec::new().into())).await.is_err() { break }
            }
            incoming = socket.recv() => match incoming {
                // Oversized messages end the socket with an error too.
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => last_heard = tokio::time::Instant::now(),
            },
        }
    }
    drop(sender);
}

async fn send(socket: &mut WebSocket, message: &LiveMessage) -> Result<(), axum::Error> {
    let text = serde_json::to_string(message).map_err(axum::Error::new)?;
    socket.send(Message::Text(text.into())).await
}

#[cfg(test)]
mod tests {
    use api_types::seats::SeatStatus;

    use super::*;

    #[test]
    fn a_published_change_is_sent_to_viewers_as_the_live_change_it_announces() {
        let seat = Uuid::from_u128(7);
        let published = SeatChange {
            showtime_id: Uuid::from_u128(1),
            status: SeatStatus::Held,
            seat_ids: vec![seat],
            version: 42,
        };
        let payload = serde_json::to_string(&published).expect("serializable");

        let sent = SentChange::of_payload(&payload).expect("a change");

        assert_eq!(sent.version, 42);
        let received: LiveMessage = serde_json::from_str(sent.text.as_str()).expect("json");
        assert_eq!(
            received,
            LiveMessage::Change {
                version: 42,
                status: SeatStatus::Held,
                seat_ids: vec![seat],
            }
        );
    }

    #[test]
    fn a_message_that_is_not_a_change_is_sent_to_no_one() {
        assert!(SentChange::of_payload("not json").is_none());
        assert!(SentChange::of_payload(r#"{"status":"held"}"#).is_none());
    }
}
