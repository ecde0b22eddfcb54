//! `POST /payments/{id}/refund`: all or part of a payment back, idempotent like payments.

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
use crate::{domain::refunds, repo::idempotency::Key, state::AppState};

#[derive(Debug, Deserialize)]
pub struct RefundRequest {
    /// Part of the payment; all that is left when absent.
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
    refunds::ensure_refundable_by(&state, &caller(&user), token, id).await?;
    let amount = refunds::amount(request.amount.as_ref())?;
    service_kit::Validator::default()
        .at_most(500, "reason", request.reason.as_deref())
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
    let reason = request.reason.as_deref();
    let settled = match refunds::refund(&state, id, amount, reason).await {
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
