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

impl PaymentError {
    /// The stable word the error is answered with (`code`), for screens to say in their
    /// language.
    pub fn code(&self) -> &'static str {
        use PaymentError as E;
        match self {
            E::Invalid(_) => "invalid_input",
            E::CashStaffOnly => "cash_staff_only",
            E::BadAmount => "bad_amount",
            E::BadIdempotencyKey => "bad_idempotency_key",
            E::KeyReused => "idempotency_key_reused",
            E::KeyStillRunning => "idempotency_key_in_use",
            E::PaymentNotFound => "payment_not_found",
            E::NotFound(_) => "not_found",
            E::Upstream(_) => "unavailable",
            E::BookingAlready(_) => "booking_already",
            E::BookingExpired => "booking_expired",
            E::WrongAmount(_) => "wrong_amount",
            E::BeingProcessed => "payment_in_progress",
            E::AttemptFailed(_) => "payment_attempt_failed",
            E::RefundsClosed(_) => "refunds_closed",
            E::NotRefundable(_) => "not_refundable",
            E::PartialRefundByCancellingSeats(_) => "partial_refund_by_cancelling_seats",
            E::FullyRefunded => "fully_refunded",
            E::RefundTooLarge(_) => "refund_too_large",
            E::Database(_) | E::Internal(_) => "internal",
        }
    }

    /// The values the error's message names, by name.
    fn params(&self) -> serde_json::Map<String, serde_json::Value> {
        use PaymentError as E;
        let mut params = serde_json::Map::new();
        match self {
            E::BookingAlready(status) | E::NotRefundable(status) => {
                params.insert("status".into(), status.as_str().into());
            }
            // Whole units of the currency, as a number a screen formats in its language.
            E::WrongAmount(amount) | E::RefundTooLarge(amount) => {
                let whole = api_types::amounts::whole_units(amount);
                params.insert(
                    "amount".into(),
                    whole.map_or(amount.as_str().into(), Into::into),
                );
            }
            E::RefundsClosed(minutes) => {
                params.insert("minutes".into(), (*minutes).into());
            }
            _ => {}
        }
        params
    }
}

impl From<PaymentError> for ApiError {
    fn from(error: PaymentError) -> Self {
        let (code, params) = (error.code(), error.params());
        answer(error).coded_with(code, params)
    }
}

/// The status and shape each error is answered with.
fn answer(error: PaymentError) -> ApiError {
    use ApiError as A;
    use PaymentError as E;
    let detail = error.to_string();
    match error {
        E::Invalid(fields) => A::Validation(fields),
        E::KeyReused => A::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail,
        },
        E::CashStaffOnly | E::PartialRefundByCancellingSeats(_) => A::Forbidden(detail),
        E::PaymentNotFound | E::NotFound(_) => A::NotFound(detail),
        E::KeyStillRunning | E::BeingProcessed => A::Conflict(detail),
        E::Upstream(_) => A::Unavailable(detail),
        E::BadAmount
        | E::BadIdempotencyKey
        | E::BookingAlready(_)
        | E::AttemptFailed(_)
        | E::BookingExpired
        | E::WrongAmount(_)
        | E::RefundsClosed(_)
        | E::NotRefundable(_)
        | E::FullyRefunded
        | E::RefundTooLarge(_) => A::BadRequest(detail),
        E::Database(error) => A::Database(error),
        E::Internal(error) => A::Internal(error),
    }
}
