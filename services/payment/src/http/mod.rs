//! The payment service's HTTP surface: the route table, one module per resource whose handlers
//! only extract, call the domain and shape the answer, and the idempotency-key protocol, which
//! stores answers as HTTP answers. Domain errors become HTTP in one place:
//! `From<PaymentError> for ApiError` in [`crate::error`].

mod idempotency;
mod payments;
mod refunds;

use service_kit::openapi::{ApiRouter, post_alias};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router(state: AppState) -> ApiRouter {
    let routes = OpenApiRouter::new()
        .routes(routes!(payments::process_payment))
        .routes(routes!(payments::my_payments));
    post_alias(routes, "/process", "/payments", payments::process_payment)
        .routes(routes!(payments::get_payment))
        .routes(routes!(refunds::refund_payment))
        // A payment or a refund is a few fields.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
}

/// An amount in the currency's units: a number (`90000`) or a decimal string (`"90000.00"`),
/// with at most two decimals. (Its schema only: requests read it as JSON and check it.)
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum Amount {
    Number(f64),
    Text(String),
}
