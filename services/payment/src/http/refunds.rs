//! `POST /payments/{id}/refund`: the whole payment back (its booking cancelled), or, from staff, a
//! goodwill amount with a reason; idempotent like payments.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
};
use serde::Deserialize;
use serde_json::{Value, json};
use service_kit::{ApiResult, Json, Path, auth::AuthUser};
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

#[derive(Debug, Deserialize)]
pub struct RefundRequest {
    /// Staff: a goodwill amount (with a `reason`). Customers: all that is left, when given.
    pub amount: Option<Value>,
    pub reason: Option<String>,
}

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
    Ok((answer.0, Json(answer.1)))
}
