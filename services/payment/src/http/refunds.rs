//! `POST /payments/{id}/refund`: the whole payment back (its booking cancelled), or, from staff, a
//! goodwill amount with a reason; idempotent like payments.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
};
use serde::Deserialize;
use serde_json::{Value, json};
use service_kit::{ApiResult, Json, Path, auth::AuthUser, openapi::ErrorBody};
use uuid::Uuid;

use super::{
    idempotency::{self, refusal},
    payments::{as_json, caller},
};
use crate::{
    domain::refunds::{self, RefundAsk, RefundKind},
    repo::idempotency::Key,
    state::AppState,
};

/// `POST /payments/{id}/refund`'s body (`{}` for the whole payment).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RefundRequest {
    /// Staff: a goodwill amount (with a `reason`). Customers: all that is left, when given.
    #[schema(value_type = Option<crate::http::Amount>)]
    pub amount: Option<Value>,
    /// Why (at most 500 characters); required with a goodwill amount.
    pub reason: Option<String>,
}

/// Refunds a completed payment: all that is left of it (its booking is cancelled), or, from
/// staff, a goodwill amount with a reason. Idempotent under `Idempotency-Key` like payments.
#[utoipa::path(post, path = "/payments/{id}/refund", tag = "refunds",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The payment"),
        ("Idempotency-Key" = Option<String>, Header,
            description = "1 to 255 characters; without it, the request is not protected \
                against being repeated")),
    request_body = RefundRequest,
    responses(
        (status = 200, description = "The payment as it is now (`refunded_amount`, `status`)",
            body = crate::repo::payments::Payment),
        (status = 400, description = "A customer's refunds are closed this close to the \
            showtime (`refunds_closed`, `params.minutes`; staff may refund at any time), the \
            payment is not completed \
            (`not_refundable`, `params.status`) or is fully refunded (`fully_refunded`), the \
            amount is not positive (`bad_amount`) or more than is left (`refund_too_large`, \
            `params.amount`), the Idempotency-Key is empty or too long \
            (`bad_idempotency_key`), or the body is not well-formed JSON", body = ErrorBody),
        (status = 403, description = "A customer asked for part of the payment: that is done by \
            cancelling seats (`partial_refund_by_cancelling_seats`)", body = ErrorBody),
        (status = 404, description = "No such payment of the caller's (`payment_not_found`), or \
            its booking or showtime is gone", body = ErrorBody),
        (status = 409, description = "A request with this key is still running \
            (`idempotency_key_in_use`)", body = ErrorBody),
        (status = 422, description = "Fields that are not valid (`detail` lists them), or the \
            key was used for a different request (`idempotency_key_reused`)", body = ErrorBody),
        (status = 503, description = "The booking or movie service cannot be asked",
            body = ErrorBody)))]
pub async fn refund_payment(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    Json(request): Json<RefundRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let token = service_kit::auth::bearer_in(&headers).unwrap_or_default();
    let caller = caller(&user);
    refunds::ensure_refundable_by(&state, &caller, token, id).await?;
    let amount = refunds::amount(request.amount.as_ref())?;
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let ask = RefundAsk::from_api(&caller, amount, reason);
    service_kit::Validator::default()
        .at_most(500, "reason", reason)
        .check(
            ask.kind != RefundKind::Goodwill || reason.is_some(),
            "reason",
            "Say why: a goodwill refund is recorded with its reason",
        )
        .finish()?;
    let key_text = idempotency::key_text(&headers, None)?;
    let scope = format!("refund:{id}");
    let key = Key {
        scope: &scope,
        user_id: user.id,
        key: &key_text,
    };
    let fingerprint = json!({ "amount": amount, "reason": request.reason });
    if let Some((status, body)) = idempotency::begin(&state, &key, &fingerprint).await? {
        return Ok((status, Json(body)));
    }
    let settled = match refunds::refund(&state, id, ask).await {
        Ok(settled) => settled,
        Err(error) => return Err(idempotency::abandon(&state, &key, error).await),
    };
    let mut tx = settled.tx;
    let answer = match settled.outcome {
        Ok(payment) => (StatusCode::OK, as_json(&payment)),
        Err(reason) => refusal(reason),
    };
    idempotency::finish(&mut tx, &key, &answer).await?;
    tx.commit().await?;
    state.metrics.count(settled.settlement);
    Ok((answer.0, Json(answer.1)))
}
