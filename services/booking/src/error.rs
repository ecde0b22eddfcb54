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

impl From<BookingError> for ApiError {
    fn from(error: BookingError) -> Self {
        use BookingError as E;
        let detail = error.to_string();
        match error {
            E::ShowtimeNotFound | E::HoldNotFound | E::BookingNotFound => Self::NotFound(detail),
            E::NoSeatsChosen
            | E::UnknownSeats(_)
            | E::TooManySeats(_)
            | E::NotForSale(_)
            | E::HoldAlreadyExtended
            | E::HoldForOtherSeats
            | E::BookingAlready(_)
            | E::NotSeatsOfBooking(_)
            | E::PastRefundCutoff(_)
            | E::TooManyShowtimes(_) => Self::BadRequest(detail),
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
            | E::Admitted => Self::Conflict(detail),
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
                Self::Explained {
                    status,
                    detail,
                    fields,
                }
            }
            E::Invalid(fields) => Self::Validation(fields),
            E::SeatsTaken(labels) => Self::ConflictOver {
                detail,
                conflicts: labels,
            },
            E::StaffOnly(_) => Self::Forbidden(detail),
            E::BadShowtimeIds => Self::Validation(vec![FieldError {
                loc: vec!["query".into(), "ids".into()],
                msg: detail,
                kind: "value_error",
            }]),
            E::CatalogUnavailable(_) | E::HoldsUnavailable(_) => Self::Unavailable(detail),
            E::Database(error) => Self::Database(error),
            E::Internal(error) => Self::Internal(error),
        }
    }
}
