//! The booking service's own figures, beside the HTTP ones every service has: holds made and how
//! they end, bookings by the status they move into, seats sold; tickets sold at the box office,
//! tickets let in at the door, and scans refused, by reason.
//!
//! What a transaction does to bookings is gathered as [`Changes`] and counted once it is
//! committed, so work rolled back (and tried again) is never counted.

use api_types::{bookings::Booking, tickets::refusal};
use prometheus::{IntCounter, IntCounterVec, Opts, Registry};
use service_kit::metrics::register;

/// What happens to a hold, as `holds_total{event}` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldEvent {
    /// Seats were held: one hold, however many seats.
    Created,
    /// Left to run out: a hold that lapsed, or a booking left unpaid past its time.
    Expired,
    /// Let go before paying: by the customer, by cancelling the unpaid booking, or because the
    /// booking it was taken for could not be written.
    Released,
}

impl HoldEvent {
    const ALL: [Self; 3] = [Self::Created, Self::Expired, Self::Released];

    fn label(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Expired => "expired",
            Self::Released => "released",
        }
    }
}

/// A status a booking moves into, as `bookings_total{status}` counts it. `Refunded` is its money
/// coming back (its `payment_status`), with or after its cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingStatus {
    Pending,
    Confirmed,
    Cancelled,
    Expired,
    Refunded,
}

impl BookingStatus {
    const ALL: [Self; 5] = [
        Self::Pending,
        Self::Confirmed,
        Self::Cancelled,
        Self::Expired,
        Self::Refunded,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::Refunded => "refunded",
        }
    }
}

/// What a transaction did to bookings (and the holds they carry on), to count once it is
/// committed.
#[derive(Debug, Default)]
#[must_use = "count the changes once their transaction is committed"]
pub struct Changes {
    bookings: Vec<BookingStatus>,
    holds: Vec<HoldEvent>,
    seats_sold: usize,
}

impl Changes {
    /// A booking moved into `status`.
    pub fn booking(&mut self, status: BookingStatus) {
        self.bookings.push(status);
    }

    /// A booking of `seats` seats was confirmed: they are sold.
    pub fn confirmed(&mut self, seats: usize) {
        self.booking(BookingStatus::Confirmed);
        self.seats_sold += seats;
    }

    /// `booking` (as it is now) was cancelled; cancelled before it was paid, the seats it held
    /// are let go.
    pub fn cancelled(&mut self, booking: &Booking) {
        self.booking(BookingStatus::Cancelled);
        if booking.payment_status == "unpaid" {
            self.holds.push(HoldEvent::Released);
        }
    }

    /// A booking ran out of time unpaid, and so did the hold it carried on.
    pub fn expired(&mut self) {
        self.booking(BookingStatus::Expired);
        self.holds.push(HoldEvent::Expired);
    }
}

#[derive(Clone)]
pub struct BookingMetrics {
    holds: IntCounterVec,
    bookings: IntCounterVec,
    seats_sold: IntCounter,
    counter_tickets: IntCounter,
    admissions: IntCounter,
    refused_scans: IntCounterVec,
}

impl BookingMetrics {
    pub fn new(registry: &Registry) -> anyhow::Result<Self> {
        let holds = IntCounterVec::new(
            Opts::new(
                "holds_total",
                "Seat holds made (created) and how they ended: expired, or released unpaid",
            ),
            &["event"],
        )?;
        let bookings = IntCounterVec::new(
            Opts::new("bookings_total", "Bookings moving into a status"),
            &["status"],
        )?;
        let seats_sold = IntCounter::new(
            "seats_sold_total",
            "Seats of bookings that became confirmed (paid, or free)",
        )?;
        let counter_tickets = IntCounter::new(
            "box_office_tickets_sold_total",
            "Seats sold at the box office (counted when paid)",
        )?;
        let admissions =
            IntCounter::new("admissions_total", "Tickets (bookings) let in at the door")?;
        let refused_scans = IntCounterVec::new(
            Opts::new(
                "admissions_refused_total",
                "Scans at the door refused, by reason",
            ),
            &["reason"],
        )?;
        // Every series from the start, at 0: a rate over a series that appears late misses its
        // first increase.
        for event in HoldEvent::ALL {
            holds.with_label_values(&[event.label()]);
        }
        for status in BookingStatus::ALL {
            bookings.with_label_values(&[status.label()]);
        }
        for reason in refusal::ALL {
            refused_scans.with_label_values(&[reason]);
        }
        register(registry, &holds)?;
        register(registry, &bookings)?;
        register(registry, &seats_sold)?;
        register(registry, &counter_tickets)?;
        register(registry, &admissions)?;
        register(registry, &refused_scans)?;
        Ok(Self {
            holds,
            bookings,
            seats_sold,
            counter_tickets,
            admissions,
            refused_scans,
        })
    }

    /// Metrics kept in a registry of their own (tools and tests that do not serve them).
    pub fn unregistered() -> Self {
        Self::new(&Registry::new()).expect("a fresh registry takes every metric")
    }

    /// Counts what happened to a hold outside any transaction (in Redis alone).
    pub fn hold(&self, event: HoldEvent) {
        self.holds.with_label_values(&[event.label()]).inc();
    }

    /// Counts what a transaction did, now that it is committed.
    pub fn count(&self, changes: Changes) {
        for status in changes.bookings {
            self.bookings.with_label_values(&[status.label()]).inc();
        }
        for event in changes.holds {
            self.hold(event);
        }
        self.seats_sold.inc_by(changes.seats_sold as u64);
    }

    pub fn sold_at_counter(&self, seats: usize) {
        self.counter_tickets.inc_by(seats as u64);
    }

    pub fn admitted(&self) {
        self.admissions.inc();
    }

    pub fn refused(&self, reason: &str) {
        self.refused_scans.with_label_values(&[reason]).inc();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cancelled_booking(payment_status: &str) -> Booking {
        serde_json::from_value(serde_json::json!({
            "id": uuid::Uuid::new_v4(), "user_id": uuid::Uuid::new_v4(), "booking_code": "ABCD2345",
            "showtime_id": uuid::Uuid::new_v4(), "total_seats": 1, "total_price": "0.00",
            "status": "cancelled", "payment_status": payment_status, "expires_at": null,
            "created_at": chrono::Utc::now(), "contact_email": null, "seats": [],
        }))
        .unwrap()
    }

    #[test]
    fn a_booking_cancelled_before_it_was_paid_lets_its_hold_go() {
        let metrics = BookingMetrics::unregistered();
        let mut changes = Changes::default();
        changes.cancelled(&cancelled_booking("unpaid"));
        changes.cancelled(&cancelled_booking("paid"));
        metrics.count(changes);
        assert_eq!(metrics.bookings.with_label_values(&["cancelled"]).get(), 2);
        assert_eq!(metrics.holds.with_label_values(&["released"]).get(), 1);
    }
}
