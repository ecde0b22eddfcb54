//! What can go wrong in the payment service, by meaning, and the one place each becomes an HTTP
//! answer. Domain and repository code return [`PaymentError`]; only [`From`] below knows HTTP.

use axum::http::StatusCode;
use service_kit::{ApiError, FieldError};

pub type PaymentResult<T> = Result<T, PaymentError>;

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The request's own fields are wrong, each named.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("Only box-office staff take cash")]
    CashStaffOnly,
    #[error("Amount must be a positive number")]
    BadAmount,
    #[error("Idempotency-Key must be 1 to 255 characters")]
    BadIdempotencyKey,
    #[error("This idempotency key was used for a different request")]
    KeyReused,
    #[error("A request with this idempotency key is still being processed")]
    KeyStillRunning,
    #[error("Payment not found")]
    PaymentNotFound,
    /// Another service answered 404 for this (`Booking`, `Showtime`).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Another service could not be asked.
    #[error("{0}")]
    Upstream(String),
    #[error("Booking is already {0}")]
    BookingAlready(String),
    #[error("The booking has expired; please choose your seats again")]
    BookingExpired,
    /// The amount is not the booking's total (formatted).
    #[error("Amount must be {0}, the booking's total")]
    WrongAmount(String),
    #[error("A payment for this booking is already being processed")]
    BeingProcessed,
    /// The same request was tried before and failed: a new try is a new payment (a new key).
    #[error("This payment attempt failed ({0}); try again as a new payment")]
    AttemptFailed(String),
    #[error("Refunds close {0} minutes before the showtime")]
    RefundsClosed(i64),
    #[error("Only a completed payment can be refunded (this one is {0})")]
    NotRefundable(String),
    /// Customers get money back by cancelling seats (or the booking), never a free amount.
    #[error(
        "Part of a payment is refunded by cancelling seats: POST /bookings/{0}/cancel with the seats to give back"
    )]
    PartialRefundByCancellingSeats(uuid::Uuid),
    #[error("The payment is already fully refunded")]
    FullyRefunded,
    /// More than is left to refund (formatted).
    #[error("At most {0} can be refunded")]
    RefundTooLarge(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<PaymentError> for ApiError {
    fn from(error: PaymentError) -> Self {
        use PaymentError as E;
        let detail = error.to_string();
        match error {
            E::Invalid(fields) => Self::Validation(fields),
            E::KeyReused => Self::Rejected {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                detail,
            },
            E::CashStaffOnly | E::PartialRefundByCancellingSeats(_) => Self::Forbidden(detail),
            E::PaymentNotFound | E::NotFound(_) => Self::NotFound(detail),
            E::KeyStillRunning | E::BeingProcessed => Self::Conflict(detail),
            E::Upstream(_) => Self::Unavailable(detail),
            E::BadAmount
            | E::BadIdempotencyKey
            | E::BookingAlready(_)
            | E::AttemptFailed(_)
            | E::BookingExpired
            | E::WrongAmount(_)
            | E::RefundsClosed(_)
            | E::NotRefundable(_)
            | E::FullyRefunded
            | E::RefundTooLarge(_) => Self::BadRequest(detail),
            E::Database(error) => Self::Database(error),
            E::Internal(error) => Self::Internal(error),
        }
    }
}
