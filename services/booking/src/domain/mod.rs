//! The booking service's rules and use cases. They return [`crate::error::BookingError`], never
//! HTTP types; they reach storage through [`crate::repo`], the catalog through
//! [`crate::catalog`] and browsers through [`crate::live`].

pub mod bookings;
pub mod holds;
pub mod payments;
pub mod seats;
pub mod showtimes;
pub mod tickets;
