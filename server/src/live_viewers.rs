//! How many people watch live right now: the gauge `websocket_viewers{kind}`, one more for each
//! open seat map's or lobby board's socket. Each socket holds a [`Viewer`], so however its
//! serving ends (closed, failed, dropped mid-send) it is taken off the count.

use prometheus::{IntGauge, IntGaugeVec, Opts, Registry};

/// What a live socket shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    SeatMap,
    Lobby,
}

impl Watching {
    const ALL: [Self; 2] = [Self::SeatMap, Self::Lobby];

    fn label(self) -> &'static str {
        match self {
            Self::SeatMap => "seat_map",
            Self::Lobby => "lobby",
        }
    }
}

/// The live sockets open now, by what they show.
#[derive(Clone)]
pub struct LiveViewers {
    open: IntGaugeVec,
}

impl LiveViewers {
    pub fn new(registry: &Registry) -> anyhow::Result<Self> {
        let open = IntGaugeVec::new(
            Opts::new(
                "websocket_viewers",
                "Live WebSockets open now, by what they show (seat_map, lobby)",
            ),
            &["kind"],
        )?;
        for kind in Watching::ALL {
            open.with_label_values(&[kind.label()]);
        }
        service_kit::metrics::register(registry, &open)?;
        Ok(Self { open })
    }

    /// Counts one socket showing `kind` as open until the answer is dropped.
    pub fn arrived(&self, kind: Watching) -> Viewer {
        let open = self.open.with_label_values(&[kind.label()]);
        open.inc();
        Viewer(open)
    }
}

/// One open live socket, counted until dropped.
pub struct Viewer(IntGauge);

impl Drop for Viewer {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_viewer_is_counted_for_as_long_as_its_socket_is_open() {
        let viewers = LiveViewers::new(&Registry::new()).unwrap();
        let open = |kind: Watching| viewers.open.with_label_values(&[kind.label()]).get();
        let seat_map = viewers.arrived(Watching::SeatMap);
        let lobby = [
            viewers.arrived(Watching::Lobby),
            viewers.arrived(Watching::Lobby),
        ];
        assert_eq!((open(Watching::SeatMap), open(Watching::Lobby)), (1, 2));
        drop(seat_map);
        drop(lobby);
        assert_eq!((open(Watching::SeatMap), open(Watching::Lobby)), (0, 0));
    }
}
