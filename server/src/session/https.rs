//! Session cookies are `Secure` whenever the browser came over https.

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use service_kit::client_address::TrustedProxies;

/// Cookies are `Secure` when the browser reached the site over https: always when the
/// configuration says so (`COOKIE_SECURE`, an https `PUBLIC_URL`), and otherwise per request when
/// a trusted proxy (the gateway, behind a TLS terminator) says `X-Forwarded-Proto: https`.
pub async fn secure_cookies_over_https(request: Request, next: Next) -> Response {
    let over_https = request
        .headers()
        .get("x-forwarded-proto")
        .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
        && request
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .zip(request.extensions().get::<TrustedProxies>())
            .is_some_and(|(peer, proxies)| proxies.trusts(peer.0.ip()));
    let mut response = next.run(request).await;
    if over_https {
        mark_secure(response.headers_mut());
    }
    response
}

fn mark_secure(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    headers.remove(header::SET_COOKIE);
    for cookie in cookies {
        let secured = match cookie.to_str() {
            Ok(text) if !text.to_ascii_lowercase().contains("; secure") => {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
            }
            _ => cookie,
        };
        headers.append(header::SET_COOKIE, secured);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_marked_secure_once() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::SET_COOKIE,
            HeaderValue::from_static("a=1; Path=/; HttpOnly"),
        );
        headers.append(
            header::SET_COOKIE,
            HeaderValue::from_static("b=2; Path=/; Secure"),
        );
        mark_secure(&mut headers);
        let cookies: Vec<_> = headers.get_all(header::SET_COOKIE).iter().collect();
        assert_eq!(
            cookies,
            ["a=1; Path=/; HttpOnly; Secure", "b=2; Path=/; Secure"]
        );
    }
}
