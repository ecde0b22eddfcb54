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
    /// The values the notice names, to say it again in the reader's language.
    #[serde(default)]
    pub params: serde_json::Map<String, serde_json::Value>,
}

impl NoticeView {
    /// The notice in the page's language: written again from its kind and values where it has
    /// them (it was stored in the language its booking was made in), else as stored.
    pub fn in_page_language(mut self) -> Self {
        if !self.params.is_empty()
            && let Some(text) =
                crate::i18n::language().notice(&self.kind, &self.params, crate::format::currency())
        {
            self.subject = text.subject;
            self.message = text.message;
        }
        self
    }
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
        .map(|notices| {
            Some(
                notices
                    .into_iter()
                    .map(NoticeView::in_page_language)
                    .collect(),
            )
        })
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
