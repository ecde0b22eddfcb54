//! Cross-site request refusal: the session cookies are ambient, so a state-changing request
//! must come from one of this site's own pages.

use axum::{
    extract::Request,
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Refuses state-changing requests that a browser says come from another site. Browsers send
/// `Sec-Fetch-Site` (and `Origin`) on such requests; clients that send neither are not
/// browsers and carry no ambient cookies to abuse.
pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if is_same_site(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(origin = ?request.headers().get(header::ORIGIN), "cross-site request refused");
        (StatusCode::FORBIDDEN, "Cross-site requests are not allowed").into_response()
    }
}

/// Whether a request comes from one of this site's own pages: by the browser's
/// `Sec-Fetch-Site` where it sends one, else by `Origin` matching `Host`. A request with
/// neither is not a browser's cross-site request.
pub fn is_same_site(headers: &HeaderMap) -> bool {
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .filter(|origin| *origin != "null")
        .map(|origin| origin.split_once("://").map_or(origin, |(_, host)| host));
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match (fetch_site, origin_host) {
        (Some(site), _) => matches!(site, "same-origin" | "none"),
        (None, Some(origin)) => Some(origin) == host,
        (None, None) => headers.get(header::ORIGIN).is_none(),
    }
}
