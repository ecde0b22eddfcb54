//! Marquee's wire contract: every type and name that crosses a process boundary lives here
//! once, so the two sides of a call cannot drift apart. It holds data shapes and the few rules
//! both sides must agree on (limits, channel names), never behaviour or I/O, and compiles for
//! the browser as well as the servers.
//!
//! - [`amounts`]: amounts as decimal strings, read as whole units.
//! - [`seats`]: seat statuses, a showtime's seating as the catalog sells it, live statuses.
//! - [`bookings`]: bookings and their seats.
//! - [`catalog`]: films and halls as the movie service answers them.
//! - [`holds`]: seat holds and the request that makes a hold or a booking.
//! - [`live`]: the live seat feed: Redis names and the messages the browser receives.
//! - [`tickets`]: admitting tickets at the door.
//! - [`sessions`]: the shape of a refresh token.

pub mod amounts;
pub mod bookings;
pub mod catalog;
pub mod holds;
pub mod live;
pub mod seats;
pub mod sessions;
pub mod tickets;
