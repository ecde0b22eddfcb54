//! What can go wrong in the catalog, and the one place each becomes an HTTP answer. Domain and
//! repository code return [`CatalogError`]; only [`From`] below knows HTTP.

use axum::http::StatusCode;
use service_kit::{ApiError, FieldError};

pub type CatalogResult<T> = Result<T, CatalogError>;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// No such `Movie`, `Theater`, `Hall` or `Showtime`.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Fields of the request that are wrong, each named.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// A page outside what a listing serves.
    #[error("{0}")]
    BadPage(String),
    /// The change would break a rule of the catalog (a name taken, a hall busy, tickets sold);
    /// the message says which.
    #[error("{0}")]
    Conflict(String),
    /// The booking service could not say what the rule needs to know.
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl CatalogError {
    /// One field is wrong.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::body(field, message)])
    }

    /// A unique or foreign-key violation is a [`Self::Conflict`] saying `message`; anything else
    /// stays a database error. Each caller knows which of the two its statement can meet.
    pub fn on_conflict(message: &str) -> impl FnOnce(sqlx::Error) -> Self + '_ {
        move |error| match error.as_database_error().and_then(|db| db.code()) {
            Some(code) if code == "23503" || code == "23505" => Self::Conflict(message.into()),
            _ => error.into(),
        }
    }

    /// A violation of `constraint` is a [`Self::Conflict`] saying `message`.
    pub fn on_constraint<'a>(
        constraint: &'a str,
        message: &'a str,
    ) -> impl FnOnce(sqlx::Error) -> Self + 'a {
        move |error| {
            if error.as_database_error().and_then(|db| db.constraint()) == Some(constraint) {
                Self::Conflict(message.into())
            } else {
                error.into()
            }
        }
    }
}

impl From<Vec<FieldError>> for CatalogError {
    fn from(fields: Vec<FieldError>) -> Self {
        Self::Invalid(fields)
    }
}

impl From<CatalogError> for ApiError {
    fn from(error: CatalogError) -> Self {
        let detail = error.to_string();
        match error {
            CatalogError::NotFound(_) => Self::NotFound(detail),
            CatalogError::Invalid(fields) => Self::Validation(fields),
            CatalogError::BadPage(_) => Self::Rejected {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                detail,
            },
            CatalogError::Conflict(_) => Self::Conflict(detail),
            CatalogError::Unavailable(_) => Self::Unavailable(detail),
            CatalogError::Database(error) => Self::Database(error),
            CatalogError::Internal(error) => Self::Internal(error),
        }
    }
}
