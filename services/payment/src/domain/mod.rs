//! The payment service's rules and use cases. They return [`crate::error::PaymentError`], never
//! HTTP types. A use case whose outcome must be stored with its idempotency key atomically
//! answers [`Settled`]: the open transaction and the outcome, for the caller to record the
//! answer in and commit, and what to count once it is committed.

pub mod payments;
pub mod refunds;

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::{
    error::{PaymentError, PaymentResult},
    metrics::Settlement,
    repo::payments::{self as stored, Payment},
};

/// A final outcome (done, or refused for good) and the transaction it is to be committed in.
pub struct Settled<T> {
    pub tx: Transaction<'static, Postgres>,
    pub outcome: PaymentResult<T>,
    /// What to count once `tx` is committed: `None` when the outcome was counted before (a
    /// payment recorded earlier) or is not counted (a payment refused before any attempt).
    pub settlement: Option<Settlement>,
}

impl<T> Settled<T> {
    /// A refusal that is final: a retry with the same key gets the same answer. (A payment
    /// refused before any attempt is made is not counted.)
    async fn refused(pool: &PgPool, reason: PaymentError) -> PaymentResult<Self> {
        Ok(Self {
            tx: pool.begin().await?,
            outcome: Err(reason),
            settlement: None,
        })
    }
}

/// Who is asking: the account, and whether it is staff (who may see and refund anyone's).
pub struct Caller {
    pub user_id: Uuid,
    pub is_staff: bool,
}

/// The payment, for its owner or staff; anyone else learns nothing, not even that it exists.
pub async fn visible(pool: &PgPool, caller: &Caller, id: Uuid) -> PaymentResult<Payment> {
    stored::find(pool, id)
        .await?
        .filter(|payment| payment.user_id == caller.user_id || caller.is_staff)
        .ok_or(PaymentError::PaymentNotFound)
}

/// The caller's payments, newest first; with `booking_id`, that booking's attempts: the caller's
/// own, or anyone's for staff (at the box office, looking up a customer's booking).
pub async fn listed(
    pool: &PgPool,
    caller: &Caller,
    booking_id: Option<Uuid>,
) -> PaymentResult<Vec<Payment>> {
    Ok(match booking_id {
        Some(booking_id) => (stored::for_booking(pool, booking_id).await?)
            .into_iter()
            .filter(|payment| caller.is_staff || payment.user_id == caller.user_id)
            .collect(),
        None => stored::for_user(pool, caller.user_id).await?,
    })
}
