//! Storage, one module per aggregate: each owns every query on its tables (or keys) and returns
//! plain data or [`crate::error::BookingError`]; none holds a business rule.

pub mod accessible_releases;
pub mod admissions;
pub mod booking_seats;
pub mod bookings;
pub mod holds;
pub mod showtimes;
pub mod ticket_keys;
