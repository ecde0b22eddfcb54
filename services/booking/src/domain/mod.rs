//! The booking service's rules and use cases. They return [`crate::error::BookingError`], never
//! HTTP types; they reach storage through [`crate::repo`], the catalog through
//! [`crate::catalog`] and browsers through [`crate::live`].

pub mod accessible;
pub mod admissions;
pub mod best_available;
pub mod bookings;
pub mod cancellations;
pub mod holds;
pub mod payments;
pub mod seats;
pub mod showtimes;
pub mod tickets;

/// A text field as given: trimmed, and `None` when it says nothing.
pub fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}
