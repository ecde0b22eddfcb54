//! The signed-in user's notifications, for the bell in the header and the notifications page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub subject: String,
    pub message: String,
    pub read: bool,
    pub link: Option<String>,
    pub created_at: String,
}

/// Unread notices; `None` when signed out or the service is away (the bell just hides).
#[server]
pub async fn unread_notices() -> Result<Option<i64>, ServerFnError> {
    let Some(token) = super::session::cookies::access_token() else {
        return Ok(None);
    };
    let count: Result<serde_json::Value, _> = expect_context::<super::backend::Backend>()
        .notification_get("/notifications/unread-count", &token)
        .await;
    Ok(count.ok().and_then(|count| count["unread"].as_i64()))
}

#[server]
pub async fn my_notices() -> Result<Option<Vec<NoticeView>>, ServerFnError> {
    let Some(token) = super::session::cookies::access_token() else {
        return Ok(None);
    };
    expect_context::<super::backend::Backend>()
        .notification_get::<Vec<NoticeView>>("/notifications", &token)
        .await
        .map(Some)
        .map_err(|error| {
            tracing::warn!(%error, "notification service call failed");
            ServerFnError::new(crate::t!("notices-unavailable"))
        })
}

#[server]
pub async fn mark_notices_read() -> Result<(), ServerFnError> {
    let Some(token) = super::session::cookies::access_token() else {
        return Ok(());
    };
    expect_context::<super::backend::Backend>()
        .notification_post::<serde_json::Value>("/notifications/read-all", &token)
        .await
        .map(drop)
        .map_err(|_| ServerFnError::new(crate::t!("notices-unavailable")))
}
