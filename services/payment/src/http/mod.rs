//! The payment service's HTTP surface: the route table, one module per resource whose handlers
//! only extract, call the domain and shape the answer, and the idempotency-key protocol, which
//! stores answers as HTTP answers. Domain errors become HTTP in one place:
//! `From<PaymentError> for ApiError` in [`crate::error`].

mod idempotency;
mod payments;
mod refunds;

use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/process", post(payments::process_payment))
        .route(
            "/payments",
            post(payments::process_payment).get(payments::my_payments),
        )
        .route("/payments/{id}", get(payments::get_payment))
        .route("/payments/{id}/refund", post(refunds::refund_payment))
        // A payment or a refund is a few fields.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
}
