//! The booking service's own figures, beside the HTTP ones every service has: tickets sold at
//! the box office, tickets let in at the door, and scans refused, by reason.

use api_types::tickets::refusal;
use prometheus::{IntCounter, IntCounterVec, Opts, Registry};

#[derive(Clone)]
pub struct StaffMetrics {
    counter_tickets: IntCounter,
    admissions: IntCounter,
    refused_scans: IntCounterVec,
}

impl StaffMetrics {
    pub fn new(registry: &Registry) -> anyhow::Result<Self> {
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
        for reason in refusal::ALL {
            refused_scans.with_label_values(&[reason]);
        }
        registry.register(Box::new(counter_tickets.clone()))?;
        registry.register(Box::new(admissions.clone()))?;
        registry.register(Box::new(refused_scans.clone()))?;
        Ok(Self {
            counter_tickets,
            admissions,
            refused_scans,
        })
    }

    /// Metrics kept in a registry of their own (tools and tests that do not serve them).
    pub fn unregistered() -> Self {
        Self::new(&Registry::new()).expect("a fresh registry takes every metric")
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
