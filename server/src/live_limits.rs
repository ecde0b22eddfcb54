//! What keeps the live WebSockets (seat maps and lobby boards) from being used to flood the BFF:
//! at most `LIVE_SOCKETS_PER_ADDRESS` open at once per client address, small messages only,
//! sockets that stop answering heartbeats closed, and no Redis subscription for a showtime that
//! does not exist (the catalog is asked first; showtimes known to exist are remembered).

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use marquee_app::api::backend::Backend;
use uuid::Uuid;

/// Open sockets per client address (a family's phones and a kiosk or two stay well below).
pub const DEFAULT_SOCKETS_PER_ADDRESS: usize = 20;
/// The largest message a browser may send (it sends none but control frames).
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024;
/// A socket that has sent nothing (not even the pong browsers answer a ping with) for this long
/// is closed: two heartbeats missed.
pub const SILENCE_LIMIT: Duration = Duration::from_secs(50);
/// Showtimes remembered as existing, at most (then the memory starts over).
const MAX_KNOWN_SHOWTIMES: usize = 20_000;
/// How long a showtime is remembered as existing.
const KNOWN_FOR: Duration = Duration::from_secs(600);

/// Open sockets by client address, and how many each may have.
#[derive(Clone)]
pub struct SocketCounts {
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    pub limit: usize,
}

/// One open socket, counted against its address until dropped.
pub struct SocketPermit {
    counts: SocketCounts,
    address: Option<IpAddr>,
}

impl SocketCounts {
    pub fn new(limit: usize) -> Self {
        Self {
            open: Default::default(),
            limit,
        }
    }

    /// A permit for one more socket from `address`, unless it has as many open as allowed.
    /// (Without a known address, as in tests without connection info, nothing is counted.)
    pub fn open(&self, address: Option<IpAddr>) -> Option<SocketPermit> {
        if let Some(address) = address {
            let mut counts = self.open.lock().expect("not poisoned");
            let open = counts.entry(address).or_default();
            if *open >= self.limit {
                return None;
            }
            *open += 1;
        }
        Some(SocketPermit {
            counts: self.clone(),
            address,
        })
    }

    #[cfg(test)]
    fn open_from(&self, address: IpAddr) -> usize {
        self.open
            .lock()
            .expect("not poisoned")
            .get(&address)
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for SocketPermit {
    fn drop(&mut self) {
        let Some(address) = self.address else { return };
        let mut counts = self.counts.open.lock().expect("not poisoned");
        if let Some(open) = counts.get_mut(&address) {
            *open -= 1;
            if *open == 0 {
                counts.remove(&address);
            }
        }
    }
}

/// Whether showtimes exist, as the catalog says.
#[derive(Clone)]
pub struct KnownShowtimes {
    backend: Backend,
    known: Arc<Mutex<HashMap<Uuid, Instant>>>,
}

/// Why a showtime could not be watched.
#[derive(Debug, PartialEq, Eq)]
pub enum Unwatchable {
    Unknown(Uuid),
    CatalogUnavailable,
}

impl KnownShowtimes {
    pub fn new(backend: Backend) -> Self {
        Self {
            backend,
            known: Default::default(),
        }
    }

    /// `Ok` when every one of `ids` exists.
    pub async fn check(&self, ids: &[Uuid]) -> Result<(), Unwatchable> {
        for id in ids {
            if self.remembered(*id) {
                continue;
            }
            let answer = self
                .backend
                .movie_get::<serde_json::Value>(&format!("/showtimes/{id}"))
                .await;
            match answer {
                Ok(_) => self.remember(*id),
                Err(error) if error.status() == Some(404) => return Err(Unwatchable::Unknown(*id)),
                Err(error) => {
                    tracing::warn!(%error, "cannot tell whether a showtime exists");
                    return Err(Unwatchable::CatalogUnavailable);
                }
            }
        }
        Ok(())
    }

    fn remembered(&self, id: Uuid) -> bool {
        self.known
            .lock()
            .expect("not poisoned")
            .get(&id)
            .is_some_and(|at| at.elapsed() < KNOWN_FOR)
    }

    fn remember(&self, id: Uuid) {
        let mut known = self.known.lock().expect("not poisoned");
        if known.len() >= MAX_KNOWN_SHOWTIMES {
            known.clear();
        }
        known.insert(id, Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_twenty_sockets_and_another_once_one_closes() {
        let counts = SocketCounts::new(20);
        let address: IpAddr = "203.0.113.7".parse().unwrap();
        let mut permits: Vec<_> = (0..20)
            .map(|_| counts.open(Some(address)).expect("within the limit"))
            .collect();
        assert!(counts.open(Some(address)).is_none());
        assert!(counts.open(Some("203.0.113.8".parse().unwrap())).is_some());
        permits.pop();
        assert_eq!(counts.open_from(address), 19);
        assert!(counts.open(Some(address)).is_some());
        drop(permits);
        assert_eq!(counts.open_from(address), 0);
    }
}
