//! What can go wrong in the booking service, by meaning, and the one place each becomes an HTTP
//! answer. Domain and repository code return [`BookingError`]; only [`From`] below knows HTTP.

use api_types::tickets::refusal;
use axum::http::StatusCode;
use service_kit::{ApiError, FieldError};

pub type BookingResult<T> = Result<T, BookingError>;

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("Showtime not found")]
    ShowtimeNotFound,
    #[error("This showtime has been cancelled; its seats are not on sale")]
    ShowtimeCancelled,
    #[error("This showtime has already started; its seats are no longer on sale")]
    ShowtimeStarted,
    #[error("The cinema is changing this showtime right now; try again in a moment")]
    ShowtimeBeingChanged,
    #[error("{0} seat(s) of this showtime are booked or awaiting payment")]
    ShowtimeHasBookings(usize),
    #[error("Choose at least one seat")]
    NoSeatsChosen,
    #[error("No such seat in this showtime: {}", .0.join(", "))]
    UnknownSeats(Vec<String>),
    /// Wheelchair spaces chosen without saying they are needed.
    #[error(
        "{} is a wheelchair space, kept for guests who use a wheelchair: confirm that you need it (needs_wheelchair_space)",
        .0.join(", ")
    )]
    WheelchairSpaceUnconfirmed(Vec<String>),
    /// Companion seats chosen without the wheelchair space beside them.
    #[error("Companion seat {}: book it with the wheelchair space beside it", .0.join(", "))]
    CompanionWithoutSpace(Vec<String>),
    /// Best available found no seats for the group, together or split.
    #[error("There are not {0} free seats left to choose from")]
    NoRoomFor(usize),
    #[error("At most {0} seats can be held at once")]
    TooManySeats(usize),
    #[error("Not for sale: {}", .0.join(", "))]
    NotForSale(Vec<String>),
    /// One customer may have only so many seats of a showtime held or awaiting payment.
    #[error(
        "You already have {already} seats held or awaiting payment for this showtime; at most {limit} per person"
    )]
    CustomerSeatLimit { limit: usize, already: usize },
    /// Seats the customer let go of (or let lapse) a moment ago: others get a chance first.
    #[error(
        "You let go of {} a moment ago; you can hold them again in {minutes} minutes, or choose other seats",
        .seats.join(", ")
    )]
    SeatsResting { seats: Vec<String>, minutes: u64 },
    /// Someone else holds or has booked these seats (labels).
    #[error("Seats already taken: {}", .0.join(", "))]
    SeatsTaken(Vec<String>),
    #[error("Hold not found or expired")]
    HoldNotFound,
    #[error("A hold can be extended only once")]
    HoldAlreadyExtended,
    #[error("The hold has lapsed; hold the seats again")]
    HoldLapsed,
    #[error("The hold is for other seats")]
    HoldForOtherSeats,
    #[error("Booking not found")]
    BookingNotFound,
    #[error("Booking is already {0}")]
    BookingAlready(String),
    #[error("This ticket has been used at the door; it can no longer be cancelled")]
    Admitted,
    #[error("A paid booking can be cancelled until {0} minutes before the showtime")]
    PastRefundCutoff(i64),
    /// Seats named for cancellation that the booking does not have (any more).
    #[error("Not seats of this booking: {}", .0.join(", "))]
    NotSeatsOfBooking(Vec<String>),
    /// Seats are given back one by one only from a paid booking: an unpaid one is cancelled whole.
    #[error(
        "Only a paid booking gives back some of its seats; this one is {0}: cancel it whole and book again"
    )]
    SeatsCancelledOnlyWhenPaid(String),
    #[error("A ticket is issued once the booking is paid (it is {0})")]
    TicketNotIssued(String),
    /// Staff only: what only they do.
    #[error("Only staff {0}")]
    StaffOnly(&'static str),
    /// Fields of the request that are wrong, each named.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Seats kept for the box office, asked for online before they go on sale there.
    #[error("Kept for the box office until {until}: {}", .seats.join(", "))]
    KeptForBoxOffice { seats: Vec<String>, until: String },
    /// A ticket not let in at the door: `reason` is one of [`api_types::tickets::refusal`].
    #[error("{detail}")]
    NotAdmitted {
        reason: &'static str,
        detail: String,
        admitted_at: Option<chrono::DateTime<chrono::Utc>>,
        /// The values the detail names (`time`, `cinema`, `status`), for screens' own words.
        values: Vec<(&'static str, String)>,
    },
    #[error("ids are comma-separated showtime ids")]
    BadShowtimeIds,
    #[error("At most {0} showtimes at once")]
    TooManyShowtimes(usize),
    /// The catalog (movie service) could not be asked.
    #[error("movie service: {0}")]
    CatalogUnavailable(String),
    /// Redis, where holds live, could not be reached.
    #[error("holds: {0}")]
    HoldsUnavailable(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<redis::RedisError> for BookingError {
    fn from(error: redis::RedisError) -> Self {
        Self::HoldsUnavailable(error.to_string())
    }
}

impl BookingError {
    /// The stable word the error is answered with (`code`), for screens to say in their
    /// language; the values it names are its [`params`](Self::params).
    pub fn code(&self) -> &'static str {
        use BookingError as E;
        match self {
            E::ShowtimeNotFound => "showtime_not_found",
            E::ShowtimeCancelled => "showtime_cancelled",
            E::ShowtimeStarted => "showtime_started",
            E::ShowtimeBeingChanged => "showtime_being_changed",
            E::ShowtimeHasBookings(_) => "showtime_has_bookings",
            E::NoSeatsChosen => "no_seats_chosen",
            E::UnknownSeats(_) => "unknown_seats",
            E::WheelchairSpaceUnconfirmed(_) => "wheelchair_space_unconfirmed",
            E::CompanionWithoutSpace(_) => "companion_without_space",
            E::NoRoomFor(_) => "no_room_for",
            E::TooManySeats(_) => "too_many_seats",
            E::NotForSale(_) => "not_for_sale",
            E::CustomerSeatLimit { .. } => "customer_seat_limit",
            E::SeatsResting { .. } => "seats_resting",
            E::SeatsTaken(_) => "seats_taken",
            E::HoldNotFound => "hold_not_found",
            E::HoldAlreadyExtended => "hold_already_extended",
            E::HoldLapsed => "hold_lapsed",
            E::HoldForOtherSeats => "hold_for_other_seats",
            E::BookingNotFound => "booking_not_found",
            E::BookingAlready(_) => "booking_already",
            E::Admitted => "ticket_used",
            E::PastRefundCutoff(_) => "past_refund_cutoff",
            E::NotSeatsOfBooking(_) => "not_seats_of_booking",
            E::SeatsCancelledOnlyWhenPaid(_) => "seats_cancelled_only_when_paid",
            E::TicketNotIssued(_) => "ticket_not_issued",
            E::StaffOnly(_) => "staff_only",
            E::Invalid(_) | E::BadShowtimeIds => "invalid_input",
            E::KeptForBoxOffice { .. } => "kept_for_box_office",
            E::NotAdmitted { reason, .. } => reason,
            E::TooManyShowtimes(_) => "too_many_showtimes",
            E::CatalogUnavailable(_) | E::HoldsUnavailable(_) => "unavailable",
            E::Database(_) | E::Internal(_) => "internal",
        }
    }

    /// The values the error's message names (`seats`, `minutes`, `count`, ...), by name.
    pub fn params(&self) -> serde_json::Map<String, serde_json::Value> {
        use BookingError as E;
        let mut params = serde_json::Map::new();
        let mut put = |name: &str, value: serde_json::Value| {
            params.insert(name.into(), value);
        };
        match self {
            E::ShowtimeHasBookings(count)
            | E::NoRoomFor(count)
            | E::TooManySeats(count)
            | E::TooManyShowtimes(count) => put("count", (*count).into()),
            E::UnknownSeats(seats)
            | E::WheelchairSpaceUnconfirmed(seats)
            | E::CompanionWithoutSpace(seats)
            | E::NotForSale(seats)
            | E::SeatsTaken(seats)
            | E::NotSeatsOfBooking(seats) => put("seats", seats.join(", ").into()),
            E::CustomerSeatLimit { limit, already } => {
                put("limit", (*limit).into());
                put("already", (*already).into());
            }
            E::SeatsResting { seats, minutes } => {
                put("seats", seats.join(", ").into());
                put("minutes", (*minutes).into());
            }
            E::BookingAlready(status)
            | E::SeatsCancelledOnlyWhenPaid(status)
            | E::TicketNotIssued(status) => put("status", status.as_str().into()),
            E::PastRefundCutoff(minutes) => put("minutes", (*minutes).into()),
            E::NotAdmitted { values, .. } => {
                for (name, value) in values {
                    put(name, value.as_str().into());
                }
            }
            E::KeptForBoxOffice { seats, until } => {
                put("seats", seats.join(", ").into());
                put("until", until.as_str().into());
            }
            _ => {}
        }
        params
    }
}

impl From<BookingError> for ApiError {
    fn from(error: BookingError) -> Self {
        let (code, params) = (error.code(), error.params());
        answer(error).coded_with(code, params)
    }
}

/// The status and shape each error is answered with.
fn answer(error: BookingError) -> ApiError {
    use ApiError as A;
    use BookingError as E;
    let detail = error.to_string();
    match error {
            E::ShowtimeNotFound | E::HoldNotFound | E::BookingNotFound => A::NotFound(detail),
            E::NoSeatsChosen
            | E::UnknownSeats(_)
            | E::TooManySeats(_)
            | E::NotForSale(_)
            | E::HoldAlreadyExtended
            | E::HoldForOtherSeats
            | E::BookingAlready(_)
            | E::NotSeatsOfBooking(_)
            | E::PastRefundCutoff(_)
            | E::TooManyShowtimes(_) => A::BadRequest(detail),
            E::ShowtimeCancelled
            | E::ShowtimeStarted
            | E::ShowtimeBeingChanged
            | E::ShowtimeHasBookings(_)
            | E::HoldLapsed
            | E::TicketNotIssued(_)
            | E::KeptForBoxOffice { .. }
            | E::CustomerSeatLimit { .. }
            // Not `conflicts`: screens read those as seats someone else took.
            | E::SeatsResting { .. }
            | E::SeatsCancelledOnlyWhenPaid(_)
            | E::NoRoomFor(_)
            | E::WheelchairSpaceUnconfirmed(_)
            | E::CompanionWithoutSpace(_)
            | E::Admitted => A::Conflict(detail),
            E::NotAdmitted {
                reason,
                admitted_at,
                ..
            } => {
                let status = match reason {
                    refusal::FORGED => StatusCode::BAD_REQUEST,
                    refusal::UNKNOWN => StatusCode::NOT_FOUND,
                    _ => StatusCode::CONFLICT,
                };
                let mut fields = serde_json::Map::new();
                fields.insert("admitted".into(), false.into());
                fields.insert("reason".into(), reason.into());
                if let Some(at) = admitted_at {
                    fields.insert("admitted_at".into(), serde_json::json!(at));
                }
                A::Explained {
                    status,
                    detail,
                    fields,
                }
            }
            E::Invalid(fields) => A::Validation(fields),
            E::SeatsTaken(labels) => A::ConflictOver {
                detail,
                conflicts: labels,
            },
            E::StaffOnly(_) => A::Forbidden(detail),
            E::BadShowtimeIds => A::Validation(vec![FieldError {
                loc: vec!["query".into(), "ids".into()],
                msg: detail,
                kind: "value_error",
            }]),
            E::CatalogUnavailable(_) | E::HoldsUnavailable(_) => A::Unavailable(detail),
            E::Database(error) => A::Database(error),
            E::Internal(error) => A::Internal(error),
        }
}
