//! The idempotency-key protocol as HTTP sees it: the key from the `Idempotency-Key` header (or
//! the body), a replay answered with the first request's stored status and body, and the final
//! answer stored in the transaction that made the change.

use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use service_kit::ApiError;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    error::PaymentError,
    repo::idempotency::{self, Key, Start},
    state::AppState,
};

/// The request's key: the header, else `from_body`, else a new one (no replay protection).
pub fn key_text(headers: &HeaderMap, from_body: Option<&str>) -> Result<String, PaymentError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .or(from_body)
        .map_or_else(|| Uuid::new_v4().to_string(), str::to_owned);
    if key.is_empty() || key.len() > 255 {
        return Err(PaymentError::BadIdempotencyKey);
    }
    Ok(key)
}

/// Starts a request under `key`: `None` to go ahead and do the work, `Some` with the first
/// request's answer for a replay.
pub async fn begin(
    state: &AppState,
    key: &Key<'_>,
    request: &Value,
) -> Result<Option<(StatusCode, Value)>, PaymentError> {
    let fingerprint = idempotency::fingerprint(request);
    match idempotency::start(&state.pool, key, &fingerprint).await? {
        Start::First => Ok(None),
        Start::Replay(status, body) => Ok(Some((status, body))),
        Start::Mismatch => Err(PaymentError::KeyReused),
        Start::StillRunning => Err(PaymentError::KeyStillRunning),
    }
}

/// A final refusal as it is answered, and stored for replays.
pub fn refusal(error: PaymentError) -> (StatusCode, Value) {
    let detail = error.to_string();
    let code = error.code();
    (
        ApiError::from(error).status(),
        json!({ "detail": detail, "code": code }),
    )
}

/// Stores the answer for replays, in the transaction that made the change.
pub async fn finish(
    connection: &mut PgConnection,
    key: &Key<'_>,
    answer: &(StatusCode, Value),
) -> Result<(), PaymentError> {
    Ok(idempotency::finish(connection, key, answer.0, &answer.1).await?)
}

/// Gives the key up: the work was not done, so the same request may be tried again.
pub async fn abandon(state: &AppState, key: &Key<'_>, error: PaymentError) -> ApiError {
    if let Err(abandoning) = idempotency::abandon(&state.pool, key).await {
        return PaymentError::from(abandoning).into();
    }
    error.into()
}
