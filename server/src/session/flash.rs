//! A form's flash cookie is for the one page the form redirected to.

use axum::{
    extract::{Request, State},
    http::{Method, header},
    middleware::Next,
    response::Response,
};
use marquee_app::api::session::{FLASH_COOKIE_PREFIX, cookies};

use super::Sessions;

/// A form's flash (what was typed, what was wrong) is for the one page the form redirected to:
/// once a page has been rendered with it, the browser is told to drop it, so a reload or a
/// later visit does not show stale errors or "saved" messages.
pub async fn expire_flash(
    State(sessions): State<Sessions>,
    request: Request,
    next: Next,
) -> Response {
    let is_page = request.method() == Method::GET
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    let flashed: Vec<String> = if is_page {
        cookies::names(request.headers())
            .filter_map(|name| name.strip_prefix(FLASH_COOKIE_PREFIX).map(str::to_owned))
            .collect()
    } else {
        Vec::new()
    };
    let mut response = next.run(request).await;
    if response.status().is_success() {
        for form in flashed {
            sessions.clear_flash(response.headers_mut(), &form);
        }
    }
    response
}
