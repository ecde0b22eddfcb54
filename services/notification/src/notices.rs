//! In-app notifications: `GET /notifications` (the caller's, newest first),
//! `GET /notifications/unread-count`, `POST /notifications/{id}/read`,
//! `POST /notifications/read-all`.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use service_kit::{ApiError, ApiResult, Json, Path, auth::AuthUser};
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub user_id: Uuid,
    /// `booking_confirmed`, `booking_seats_cancelled`, `booking_cancelled`, `booking_expired`
    /// or `payment_refunded`.
    #[serde(rename = "type")]
    #[sqlx(rename = "type")]
    pub kind: String,
    pub subject: String,
    pub message: String,
    /// Its email: `pending` (not sent yet, or no address is known), `sent` or `failed` (given
    /// up after retries).
    pub status: String,
    pub read: bool,
    pub link: Option<String>,
    /// The values the notice names, for saying it again in the reader's language.
    #[schema(value_type = Object)]
    pub params: Value,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT id, user_id, type, subject, message, status, read, link, params,
    sent_at, created_at FROM notifications";

/// `GET /notifications/unread-count`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnreadCount {
    pub unread: i64,
}

/// `POST /notifications/read-all`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MarkedRead {
    /// How many notices were unread until now.
    pub marked: u64,
}

/// The caller's notices, newest first (the latest 100).
#[utoipa::path(get, path = "/notifications", tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller's notices", body = [Notification])))]
pub async fn mine(
    State(pool): State<PgPool>,
    caller: AuthUser,
) -> ApiResult<Json<Vec<Notification>>> {
    let notifications = sqlx::query_as::<_, Notification>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 ORDER BY created_at DESC LIMIT 100"
    )))
    .bind(caller.id)
    .fetch_all(&pool)
    .await?;
    Ok(Json(notifications))
}

/// How many of the caller's notices are unread.
#[utoipa::path(get, path = "/notifications/unread-count", tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "The count", body = UnreadCount)))]
pub async fn unread_count(
    State(pool): State<PgPool>,
    caller: AuthUser,
) -> ApiResult<Json<UnreadCount>> {
    let unread: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND NOT read")
            .bind(caller.id)
            .fetch_one(&pool)
            .await?;
    Ok(Json(UnreadCount { unread }))
}

/// Marks one of the caller's notices read.
#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The notice")),
    responses(
        (status = 200, description = "The notice, read", body = Notification),
        (status = 404, description = "No such notice of the caller's", body = service_kit::openapi::ErrorBody)))]
pub async fn mark_read(
    State(pool): State<PgPool>,
    caller: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Notification>> {
    sqlx::query_as::<_, Notification>(sqlx::AssertSqlSafe(format!(
        "UPDATE notifications SET read = true WHERE id = $1 AND user_id = $2
         RETURNING {}",
        SELECT
            .trim_start_matches("SELECT ")
            .trim_end_matches(" FROM notifications")
    )))
    .bind(id)
    .bind(caller.id)
    .fetch_optional(&pool)
    .await?
    .map(Json)
    .ok_or_else(|| ApiError::NotFound("Notification not found".into()))
}

/// Marks all the caller's notices read.
#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "How many were marked", body = MarkedRead)))]
pub async fn mark_all_read(
    State(pool): State<PgPool>,
    caller: AuthUser,
) -> ApiResult<Json<MarkedRead>> {
    let marked =
        sqlx::query("UPDATE notifications SET read = true WHERE user_id = $1 AND NOT read")
            .bind(caller.id)
            .execute(&pool)
            .await?
            .rows_affected();
    Ok(Json(MarkedRead { marked }))
}
