//! What can go wrong in the booking service, by meaning, and the one place each becomes an HTTP
//! answer. Domain and repository code return [`BookingError`]; only [`From`] below knows HTTP.

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
    #[error("Choose at least one seat")]
    NoSeatsChosen,
    #[error("No such seat in this showtime: {}", .0.join(", "))]
    UnknownSeats(Vec<String>),
    #[error("At most {0} seats can be held at once")]
    TooManySeats(usize),
    #[error("Not for sale: {}", .0.join(", "))]
    NotForSale(Vec<String>),
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
    #[error("A paid booking can be cancelled until {0} minutes before the showtime")]
    PastRefundCutoff(i64),
    #[error("A ticket is issued once the booking is paid (it is {0})")]
    TicketNotIssued(String),
    #[error("Only staff check tickets")]
    StaffOnly,
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
            | E::PastRefundCutoff(_)
            | E::TooManyShowtimes(_) => Self::BadRequest(detail),
            E::ShowtimeCancelled | E::ShowtimeStarted | E::HoldLapsed | E::TicketNotIssued(_) => {
                Self::Conflict(detail)
            }
            E::SeatsTaken(labels) => Self::ConflictOver {
                detail,
                conflicts: labels,
            },
            E::StaffOnly => Self::Forbidden(detail),
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
