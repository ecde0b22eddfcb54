//! The state of choosing seats on a live seat map: each seat's status as the server last said,
//! the seats chosen, the caller's hold and its countdown, and what to tell the person. The
//! map, the summary panel and the live connection all act on one [`SeatPicker`].

use std::collections::HashMap;

use leptos::prelude::*;

use crate::{
    api::{booking::HoldView, seats::SeatView},
    format,
    live::LiveMessage,
    t,
};

/// At most this many seats in one hold, as the booking service allows.
pub use api_types::seats::MAX_SEATS_PER_HOLD as MAX_SEATS;

#[derive(Debug, Clone, PartialEq)]
pub struct SeatState {
    pub status: String,
    pub mine: bool,
}

/// Something to tell the person, shown in an alert.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Problem(String),
    SignIn,
    Info(String),
}

/// The seat types, each with its colour on the map and in the legend.
pub const SEAT_TYPES: [(&str, &str); 5] = [
    ("standard", "bg-sky-700"),
    ("vip", "bg-amber-500"),
    ("couple", "bg-rose-500"),
    ("wheelchair", "bg-emerald-600"),
    ("companion", "bg-teal-400"),
];

/// A seat type's name, in the page's language.
pub fn type_name(kind: &str) -> String {
    match kind {
        "standard" => t!("seat-type-standard"),
        "vip" => t!("seat-type-vip"),
        "couple" => t!("seat-type-couple"),
        "wheelchair" => t!("seat-type-wheelchair"),
        "companion" => t!("seat-type-companion"),
        _ => t!("seat-type-other"),
    }
}

pub fn type_colour(kind: &str) -> &'static str {
    SEAT_TYPES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("bg-sky-700", |(_, class)| class)
}

#[derive(Clone, Copy)]
pub struct SeatPicker {
    pub showtime_id: StoredValue<String>,
    pub seats: StoredValue<HashMap<String, SeatView>>,
    pub statuses: RwSignal<HashMap<String, SeatState>>,
    /// Chosen seat ids, in the order chosen.
    pub selected: RwSignal<Vec<String>>,
    pub hold: RwSignal<Option<HoldView>>,
    /// When the hold runs out, in the browser's milliseconds (set once hydrated).
    pub deadline_ms: RwSignal<Option<f64>>,
    pub now_ms: RwSignal<f64>,
    pub notice: RwSignal<Option<Notice>>,
    /// Read out politely by screen readers: what just changed.
    pub announcement: RwSignal<String>,
    pub busy: RwSignal<bool>,
    pub live: RwSignal<bool>,
    /// The customer confirmed that a wheelchair space among the seats is needed.
    pub needs_wheelchair_space: RwSignal<bool>,
    /// At the box office, where the seats kept for it are on sale too.
    pub at_counter: bool,
}

impl SeatPicker {
    pub fn new(showtime_id: String, seats: Vec<SeatView>, hold: Option<HoldView>) -> Self {
        let statuses = seats
            .iter()
            .map(|seat| {
                (
                    seat.id.clone(),
                    SeatState {
                        status: seat.status.clone(),
                        mine: seat.mine,
                    },
                )
            })
            .collect();
        let selected = hold
            .as_ref()
            .map(|hold| hold.seat_ids.clone())
            .unwrap_or_default();
        Self {
            showtime_id: StoredValue::new(showtime_id),
            seats: StoredValue::new(
                seats
                    .into_iter()
                    .map(|seat| (seat.id.clone(), seat))
                    .collect(),
            ),
            statuses: RwSignal::new(statuses),
            selected: RwSignal::new(selected),
            hold: RwSignal::new(hold),
            deadline_ms: RwSignal::new(None),
            now_ms: RwSignal::new(0.0),
            notice: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            live: RwSignal::new(false),
            needs_wheelchair_space: RwSignal::new(false),
            at_counter: false,
        }
    }

    /// The same, at the box office: the seats kept for it are on sale.
    pub fn at_counter(self) -> Self {
        Self {
            at_counter: true,
            ..self
        }
    }

    /// What a seat is for this seller: a seat kept for the box office and free is not for sale
    /// online, whatever the live feed says.
    fn for_sale_here(&self, id: &str, status: &str) -> String {
        let kept = !self.at_counter && self.seat(id).is_some_and(|seat| seat.counter_only);
        if kept && status == "available" {
            "blocked".into()
        } else {
            status.into()
        }
    }

    pub fn seat(&self, id: &str) -> Option<SeatView> {
        self.seats.with_value(|seats| seats.get(id).cloned())
    }

    pub fn state(&self, id: &str) -> SeatState {
        self.statuses.with(|statuses| {
            statuses.get(id).cloned().unwrap_or(SeatState {
                status: "available".into(),
                mine: false,
            })
        })
    }

    pub fn is_selected(&self, id: &str) -> bool {
        self.selected
            .with(|selected| selected.iter().any(|s| s == id))
    }

    /// "Row F seat 7, VIP, 120.000 ₫, available": what a seat is, for its label and for
    /// announcements.
    pub fn describe(&self, id: &str) -> String {
        let Some(seat) = self.seat(id) else {
            return String::new();
        };
        // Selectors of `seat-describe`, which says each of them.
        let state = self.state(id);
        let status = if state.mine {
            "mine"
        } else if self.is_selected(id) {
            "selected"
        } else {
            match state.status.as_str() {
                "available" => "available",
                "blocked" => "blocked",
                _ => "taken",
            }
        };
        let note = if self.at_counter && seat.counter_only {
            "counter"
        } else {
            match seat.seat_type.as_str() {
                // Why it may not be chosen alone, for everyone who reads or hears the seat.
                "companion" => "companion",
                "wheelchair" => "wheelchair",
                _ => "none",
            }
        };
        t!(
            "seat-describe",
            row = seat.seat_row.clone(),
            number = seat.seat_number,
            seat_type = type_name(&seat.seat_type),
            note = note,
            price = format::money(seat.price),
            status = status,
        )
    }

    pub fn label(&self, id: &str) -> String {
        self.seat(id).map(|seat| seat.label()).unwrap_or_default()
    }

    /// The seat and, for a couple seat, its partner: they are chosen together.
    fn with_partner(&self, id: &str) -> Vec<String> {
        let Some(seat) = self.seat(id) else {
            return Vec::new();
        };
        let partner = seat.pair_with.and_then(|number| {
            self.seats.with_value(|seats| {
                seats
                    .values()
                    .find(|other| other.seat_row == seat.seat_row && other.seat_number == number)
                    .map(|other| other.id.clone())
            })
        });
        std::iter::once(seat.id).chain(partner).collect()
    }

    /// Chooses or unchooses a seat (with its partner), saying why when it cannot.
    pub fn toggle(&self, id: &str) {
        if self.hold.with(Option::is_some) {
            self.notice.set(Some(Notice::Info(t!("seat-held-already"))));
            return;
        }
        let group = self.with_partner(id);
        if self.is_selected(id) {
            self.selected
                .update(|selected| selected.retain(|s| !group.contains(s)));
            self.announcement.set(t!(
                "seat-removed",
                seat = self.describe(id),
                summary = self.summary()
            ));
            return;
        }
        if let Some(unavailable) = group
            .iter()
            .find(|seat| self.state(seat).status != "available")
        {
            self.announcement.set(self.describe(unavailable));
            return;
        }
        if self.selected.with(Vec::len) + group.len() > MAX_SEATS {
            self.notice
                .set(Some(Notice::Problem(t!("seat-too-many", max = MAX_SEATS))));
            return;
        }
        self.notice.set(None);
        self.selected.update(|selected| selected.extend(group));
        self.announcement.set(t!(
            "seat-selected",
            seat = self.describe(id),
            summary = self.summary()
        ));
    }

    /// Whether a wheelchair space is among the chosen seats.
    pub fn wheelchair_space_chosen(&self) -> bool {
        self.selected.with(|selected| {
            selected.iter().any(|id| {
                self.seat(id)
                    .is_some_and(|seat| seat.seat_type == "wheelchair")
            })
        })
    }

    pub fn total(&self) -> i64 {
        self.selected.with(|selected| {
            selected
                .iter()
                .filter_map(|id| self.seat(id))
                .map(|seat| seat.price)
                .sum()
        })
    }

    /// "2 seats, 240.000 ₫".
    pub fn summary(&self) -> String {
        t!(
            "seat-summary",
            count = self.selected.with(Vec::len),
            total = format::money(self.total())
        )
    }

    /// Seats taken by someone else: out of the selection, and the person told which.
    pub fn lost(&self, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        let labels: Vec<String> = ids.iter().map(|id| self.label(id)).collect();
        self.selected
            .update(|selected| selected.retain(|s| !ids.contains(s)));
        let message = t!(
            "seat-lost",
            count = labels.len(),
            seats = labels.join(", "),
            left = self.selected.with(Vec::len)
        );
        self.announcement.set(message.clone());
        self.notice.set(Some(Notice::Problem(message)));
    }

    /// Labels (as the booking service names seats) to ids on this map.
    pub fn ids_of_labels(&self, labels: &[String]) -> Vec<String> {
        self.seats.with_value(|seats| {
            seats
                .values()
                .filter(|seat| labels.contains(&seat.label()))
                .map(|seat| seat.id.clone())
                .collect()
        })
    }

    pub fn set_status(&self, ids: &[String], status: &str, mine: bool) {
        self.statuses.update(|statuses| {
            for id in ids {
                statuses.insert(
                    id.clone(),
                    SeatState {
                        status: self.for_sale_here(id, status),
                        mine,
                    },
                );
            }
        });
    }

    /// A new hold: its seats are the caller's, and the countdown starts.
    pub fn held(&self, hold: HoldView) {
        self.set_status(&hold.seat_ids, "held", true);
        self.selected.set(hold.seat_ids.clone());
        self.deadline_ms
            .set(Some(now_ms() + hold.seconds_left as f64 * 1000.0));
        self.now_ms.set(now_ms());
        self.hold.set(Some(hold));
    }

    /// The hold is gone (released, lapsed or turned into a booking elsewhere).
    pub fn hold_ended(&self, message: Option<&str>) {
        if let Some(hold) = self.hold.get_untracked() {
            let still_mine: Vec<String> = hold
                .seat_ids
                .iter()
                .filter(|id| self.state(id).mine)
                .cloned()
                .collect();
            self.set_status(&still_mine, "available", false);
        }
        self.hold.set(None);
        self.deadline_ms.set(None);
        if let Some(message) = message {
            self.announcement.set(message.to_owned());
            self.notice.set(Some(Notice::Info(message.to_owned())));
        }
    }

    /// Seconds the hold has left, counted down in the browser.
    pub fn seconds_left(&self) -> Option<i64> {
        let hold = self
            .hold
            .with(|hold| hold.as_ref().map(|h| h.seconds_left))?;
        Some(match self.deadline_ms.get() {
            Some(deadline) => ((deadline - self.now_ms.get()) / 1000.0).ceil().max(0.0) as i64,
            None => hold,
        })
    }

    /// Applies what the live connection says.
    pub fn apply(&self, message: LiveMessage) {
        match message {
            LiveMessage::Snapshot { seats, .. } => {
                let mut statuses: HashMap<String, SeatState> = seats
                    .into_iter()
                    .map(|seat| {
                        let id = seat.id.to_string();
                        let status = self.for_sale_here(&id, seat.status.as_str());
                        (
                            id,
                            SeatState {
                                status,
                                mine: seat.mine.unwrap_or(false),
                            },
                        )
                    })
                    .collect();
                // Anything the snapshot does not mention is as the page first showed it.
                self.statuses.with_untracked(|old| {
                    for (id, state) in old {
                        statuses.entry(id.clone()).or_insert_with(|| state.clone());
                    }
                });
                self.statuses.set(statuses);
                self.drop_unavailable_choices();
            }
            LiveMessage::Change {
                status, seat_ids, ..
            } => {
                let my_hold: Vec<String> = self
                    .hold
                    .with_untracked(|hold| hold.as_ref().map(|h| h.seat_ids.clone()))
                    .unwrap_or_default();
                let (mine, others): (Vec<String>, Vec<String>) = seat_ids
                    .iter()
                    .map(ToString::to_string)
                    .partition(|id| my_hold.contains(id));
                match status.as_str() {
                    // Our own hold being announced back to us.
                    "held" => self.set_status(&mine, "held", true),
                    // Not our own release coming back to us (then a request is out).
                    "available" if !mine.is_empty() && !self.busy.get_untracked() => {
                        self.set_status(&mine, "available", false);
                        self.hold_ended(Some(t!("hold-ended-free").as_str()));
                    }
                    _ => self.set_status(&mine, status.as_str(), false),
                }
                self.set_status(&others, status.as_str(), false);
                self.drop_unavailable_choices();
            }
            LiveMessage::Resync => {}
        }
    }

    /// Chosen seats (not yet held) that someone else has taken meanwhile. Not while a request
    /// is out: the announcement of one's own new hold can arrive before the answer does.
    pub fn drop_unavailable_choices(&self) {
        if self.hold.with_untracked(Option::is_some) || self.busy.get_untracked() {
            return;
        }
        let lost: Vec<String> = self.selected.with_untracked(|selected| {
            selected
                .iter()
                .filter(|id| self.state(id).status != "available")
                .cloned()
                .collect()
        });
        self.lost(&lost);
    }
}

/// The browser's clock in milliseconds (only meaningful once hydrated).
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// `7:05` from 425 seconds.
pub fn clock(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use api_types::seats::SeatStatus;

    use super::*;
    use crate::live::LiveSeat;

    /// A seat's id (a UUID, as the services make them) from a short name like `a1`.
    fn id(name: &str) -> String {
        uuid(name).to_string()
    }

    fn uuid(name: &str) -> uuid::Uuid {
        uuid::Uuid::from_u128(name.bytes().fold(0, |id, byte| id << 8 | u128::from(byte)))
    }

    fn seat(id: &str, row: &str, number: i32, kind: &str, pair_with: Option<i32>) -> SeatView {
        SeatView {
            id: self::id(id),
            seat_row: row.into(),
            seat_number: number,
            grid_row: 0,
            grid_column: number,
            seat_type: kind.into(),
            pair_with,
            price: 100_000,
            status: "available".into(),
            mine: false,
            counter_only: false,
        }
    }

    /// Runs `test` with a picker, inside the reactive owner signals need, in English (the
    /// language the texts below are in).
    fn with_picker(test: impl FnOnce(SeatPicker)) {
        crate::i18n::set_language(crate::i18n::Language::english());
        Owner::new().with(|| test(picker()));
    }

    fn picker() -> SeatPicker {
        SeatPicker::new(
            "show".into(),
            vec![
                seat("a1", "A", 1, "standard", None),
                seat("a2", "A", 2, "vip", None),
                seat("h1", "H", 1, "couple", Some(2)),
                seat("h2", "H", 2, "couple", Some(1)),
            ],
            None,
        )
    }

    fn change(status: SeatStatus, names: &[&str], version: i64) -> LiveMessage {
        LiveMessage::Change {
            version,
            status,
            seat_ids: names.iter().map(|name| uuid(name)).collect(),
        }
    }

    #[test]
    fn a_couple_seat_is_chosen_with_its_partner_and_described_for_screen_readers() {
        with_picker(|picker| {
            picker.toggle(&id("h2"));
            assert_eq!(picker.selected.get_untracked(), [id("h2"), id("h1")]);
            assert!(
                picker
                    .describe(&id("h1"))
                    .starts_with("Row H seat 1, Couple (sold as a pair), ")
            );
            assert!(picker.describe(&id("h1")).ends_with(", selected"));
            assert!(picker.announcement.get_untracked().contains("2 seats"));
            picker.toggle(&id("h1"));
            assert!(picker.selected.get_untracked().is_empty());
            assert!(picker.describe(&id("a1")).ends_with(", available"));
        });
    }

    #[test]
    fn a_seat_someone_else_takes_leaves_the_selection_and_is_named() {
        with_picker(|picker| {
            picker.toggle(&id("a1"));
            picker.toggle(&id("a2"));
            picker.apply(change(SeatStatus::Held, &["a1"], 2));
            assert_eq!(picker.selected.get_untracked(), [id("a2")]);
            assert_eq!(
                picker.notice.get_untracked(),
                Some(Notice::Problem(
                    "Seat A1 was just taken by someone else. The rest of your selection is kept."
                        .into()
                ))
            );
            assert!(picker.describe(&id("a1")).ends_with(", taken"));
            // A taken seat cannot be chosen.
            picker.toggle(&id("a1"));
            assert_eq!(picker.selected.get_untracked(), [id("a2")]);
        });
    }

    #[test]
    fn ones_own_hold_announced_back_stays_ones_own_and_a_lapse_ends_it() {
        with_picker(|picker| {
            picker.toggle(&id("a2"));
            picker.held(HoldView {
                id: "hold".into(),
                showtime_id: "show".into(),
                seat_ids: vec![id("a2")],
                seats: vec!["A2".into()],
                expires_at: String::new(),
                extended: false,
                seconds_left: 480,
                groups: Vec::new(),
            });
            picker.apply(change(SeatStatus::Held, &["a2"], 3));
            assert!(picker.state(&id("a2")).mine);
            assert!(picker.describe(&id("a2")).ends_with(", held by you"));
            picker.apply(change(SeatStatus::Available, &["a2"], 4));
            assert!(picker.hold.get_untracked().is_none());
            assert!(!picker.state(&id("a2")).mine);
            assert!(matches!(
                picker.notice.get_untracked(),
                Some(Notice::Info(_))
            ));
        });
    }

    #[test]
    fn a_snapshot_replaces_what_the_page_knew() {
        with_picker(|picker| {
            picker.toggle(&id("a1"));
            picker.apply(LiveMessage::Snapshot {
                version: 9,
                seats: vec![LiveSeat {
                    id: uuid("a1"),
                    status: SeatStatus::Booked,
                    mine: None,
                }],
            });
            assert_eq!(picker.state(&id("a1")).status, "booked");
            assert!(picker.selected.get_untracked().is_empty());
            assert_eq!(picker.state(&id("a2")).status, "available");
        });
    }

    #[test]
    fn a_seat_kept_for_the_box_office_stays_off_sale_online_but_not_at_the_counter() {
        Owner::new().with(|| {
            let mut kept = seat("a1", "A", 1, "standard", None);
            kept.counter_only = true;
            kept.status = "blocked".into();
            let online = SeatPicker::new("show".into(), vec![kept.clone()], None);
            // Held at the counter, then let go there: online it is still not for sale.
            online.apply(change(SeatStatus::Held, &["a1"], 2));
            online.apply(change(SeatStatus::Available, &["a1"], 3));
            assert_eq!(online.state(&id("a1")).status, "blocked");

            kept.status = "available".into();
            let counter = SeatPicker::new("show".into(), vec![kept], None).at_counter();
            counter.apply(change(SeatStatus::Held, &["a1"], 2));
            counter.apply(change(SeatStatus::Available, &["a1"], 3));
            assert_eq!(counter.state(&id("a1")).status, "available");
        });
    }
}
