//! Shared renders. When a premiere goes on sale, thousands of people open the same showtime's
//! page within a minute: each of them would get nearly the same HTML, yet each page costs
//! milliseconds of rendering. A page is therefore rendered once per language, audience and
//! `PAGE_CACHE_TTL_MS` (1 s), and everyone of that audience asking meanwhile, or while it
//! renders, gets that one render. The audiences:
//! - signed-out visitors, for any page;
//! - signed-in visitors, for the browsing pages only
//!   ([`marquee_app::api::session::is_alike_for_members`]: the catalog, a movie, a showtime's
//!   seats). Their page is rendered without their session cookies, so it holds nothing of
//!   anyone: the header offers the account's links without a name, and the browser asks who
//!   it is, and whether it holds seats there, once hydrated. Their own pages (bookings,
//!   profile, notices, the staff's) are rendered for each.
//!
//! A shared render has `PAGE_RENDER_LIMIT_MS` (15 s): one that takes longer (a call that hangs,
//! a render that never ends) is given up, and each visitor waiting for it renders their own, so
//! that one stuck render never holds everyone asking for the busiest page.
//!
//! Nothing a visitor sees stays that old: a seat map's live socket starts with a fresh snapshot
//! of every seat, the visitor's own marked (see [`crate::seats_live`]), and what someone does
//! (hold, sign in) is asked of the services, never of this cache. Whatever else is personal
//! passes by: a request with any other cookie (a flash message, a box-office device), with
//! credentials, or other than a GET; and a response that sets a cookie, is not an HTML page or
//! not a 200, is sent to its own visitor only.

use std::{sync::Arc, time::Duration};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts},
    middleware::Next,
    response::Response,
};
use marquee_app::api::session::{
    ACCESS_COOKIE, REFRESH_COOKIE, SharedWithMembers, cookies, is_alike_for_members,
};
use moka::future::Cache;
use prometheus::{IntCounterVec, Opts, Registry};

/// Pages kept at once, by their size in bytes: a few hundred seat maps in two languages.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// A rendered page larger than this is not an ordinary page; it is sent without keeping it.
const LARGEST_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// A page's address, the language it is rendered in and whom for: what makes two visitors'
/// pages the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PageKey {
    path_and_query: String,
    language: &'static str,
    audience: Audience,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Audience {
    SignedOut,
    /// Signed in, on a page that shows them nothing of their own (see the module).
    Members,
}

/// A rendered page as it was answered.
#[derive(Debug)]
struct Page {
    headers: HeaderMap,
    body: Bytes,
}

impl Page {
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// Why the render that was asked for is not shared: it goes, as it is, to whoever asked.
struct Unshared(std::sync::Mutex<Option<Response>>);

#[derive(Clone)]
pub struct PageCache {
    pages: Option<Cache<PageKey, Arc<Page>>>,
    render_limit: Duration,
    outcomes: IntCounterVec,
}

impl PageCache {
    /// Pages kept for `lifetime` (none when it is zero), a shared render given up after
    /// `render_limit`, counted in `registry` as `bff_page_renders_total{outcome}`.
    pub fn new(
        lifetime: Duration,
        render_limit: Duration,
        registry: &Registry,
    ) -> anyhow::Result<Self> {
        let outcomes = IntCounterVec::new(
            Opts::new(
                "bff_page_renders_total",
                "Pages asked of the BFF, by how they were answered: rendered for a personal \
                 request, rendered and shared, or served from a shared render; and shared \
                 renders given up as too slow",
            ),
            &["outcome"],
        )?;
        for outcome in Outcome::ALL {
            outcomes.with_label_values(&[outcome.label()]);
        }
        service_kit::metrics::register(registry, &outcomes)?;
        let pages = (!lifetime.is_zero()).then(|| {
            Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|_, page: &Arc<Page>| u32::try_from(page.body.len()).unwrap_or(u32::MAX))
                .time_to_live(lifetime)
                .build()
        });
        Ok(Self {
            pages,
            render_limit,
            outcomes,
        })
    }

    fn count(&self, outcome: Outcome) {
        self.outcomes.with_label_values(&[outcome.label()]).inc();
    }
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// The request was personal, or the page could not be shared: rendered for its visitor.
    Personal,
    /// Rendered, and kept for the visitors after.
    Rendered,
    /// Served from a render kept or under way.
    Shared,
    /// A shared render given up after the render limit (its visitors each render their own).
    TooSlow,
}

impl Outcome {
    const ALL: [Self; 4] = [Self::Personal, Self::Rendered, Self::Shared, Self::TooSlow];

    fn label(self) -> &'static str {
        match self {
            Self::Personal => "personal",
            Self::Rendered => "rendered",
            Self::Shared => "shared",
            Self::TooSlow => "too_slow",
        }
    }
}

/// The middleware: serves a signed-out visitor's page from a shared render (see the module).
pub async fn share_renders(
    State(cache): State<PageCache>,
    request: Request,
    next: Next,
) -> Response {
    let (Some(pages), Some(key)) = (&cache.pages, shared_key(&request)) else {
        cache.count(Outcome::Personal);
        return next.run(request).await;
    };
    let (parts, _) = request.into_parts();
    let audience = key.audience;
    let mut rendered_here = false;
    // Made only when no render is kept or under way: a visitor served a kept page pays for none
    // of it.
    let render = async {
        rendered_here = true;
        let shared = Request::from_parts(render_request(&parts, audience), Body::empty());
        let rendering = async {
            let response = next.clone().run(shared).await;
            keepable(response).await.map(Arc::new)
        };
        match tokio::time::timeout(cache.render_limit, rendering).await {
            Ok(rendered) => rendered,
            Err(_) => {
                cache.count(Outcome::TooSlow);
                tracing::warn!(
                    path = parts.uri.path(),
                    limit_ms = cache.render_limit.as_millis(),
                    "shared render given up: its visitors render their own"
                );
                Err(Unshared(std::sync::Mutex::new(None)))
            }
        }
    };
    // (Bound first: the render borrows what the arms below use.)
    let answer = pages.try_get_with(key, render).await;
    match answer {
        Ok(page) => {
            cache.count(if rendered_here {
                Outcome::Rendered
            } else {
                Outcome::Shared
            });
            page.response()
        }
        Err(unshared) => {
            cache.count(Outcome::Personal);
            let taken = unshared
                .0
                .lock()
                .ok()
                .and_then(|mut response| response.take());
            match taken {
                Some(response) => response,
                // Another visitor's render was not for sharing: this one renders its own.
                None => next.run(Request::from_parts(parts, Body::empty())).await,
            }
        }
    }
}

/// The key a request's page is shared under, if it may be shared at all.
fn shared_key(request: &Request) -> Option<PageKey> {
    let headers = request.headers();
    let path = request.uri().path();
    let personal = request.method() != Method::GET
        || headers.contains_key(header::AUTHORIZATION)
        // A file (the bundle, an image) is served as it is, compressed for the browser.
        || path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    if personal {
        return None;
    }
    let audience = audience_of(headers, path)?;
    Some(PageKey {
        path_and_query: request
            .uri()
            .path_and_query()
            .map_or(path, |whole| whole.as_str())
            .to_owned(),
        language: marquee_app::i18n::of_request(headers).code(),
        audience,
    })
}

/// Whom the request's page may be rendered for, judged by the names of its cookies: `None`
/// when it must be rendered for this visitor alone.
fn audience_of(headers: &HeaderMap, path: &str) -> Option<Audience> {
    let mut signed_in = false;
    for name in cookies::names(headers) {
        match name {
            marquee_app::i18n::COOKIE | REFRESH_COOKIE => {}
            ACCESS_COOKIE => signed_in = true,
            _ => return None,
        }
    }
    if !signed_in {
        // A refresh cookie alone is a session whose access cookie the refresh did not renew.
        return (!cookies::names(headers).any(|name| name == REFRESH_COOKIE))
            .then_some(Audience::SignedOut);
    }
    is_alike_for_members(path).then_some(Audience::Members)
}

/// The request the shared page is rendered from: for signed-in visitors, without their
/// session, and marked so the page knows someone signed in will be shown it.
fn render_request(parts: &Parts, audience: Audience) -> Parts {
    let mut parts = parts.clone();
    if audience == Audience::Members {
        let language = cookies::get(&parts.headers, marquee_app::i18n::COOKIE);
        parts.headers.remove(header::COOKIE);
        if let Some(language) = language
            .map(|code| format!("{}={code}", marquee_app::i18n::COOKIE))
            .and_then(|cookie| HeaderValue::try_from(cookie).ok())
        {
            parts.headers.insert(header::COOKIE, language);
        }
        parts.extensions.insert(SharedWithMembers);
    }
    parts
}

/// The page, read whole, if it is one everyone may be shown; else the response untouched.
async fn keepable(response: Response) -> Result<Page, Unshared> {
    if !is_shareable(response.status(), response.headers()) {
        return Err(Unshared(std::sync::Mutex::new(Some(response))));
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, LARGEST_PAGE_BYTES).await {
        Ok(body) => Ok(Page {
            headers: parts.headers,
            body,
        }),
        // Too large, or it failed while streaming: the visitor asks again.
        Err(error) => {
            tracing::warn!(%error, "page not shared: its body could not be read whole");
            Err(Unshared(std::sync::Mutex::new(None)))
        }
    }
}

/// An HTML page answered in full for anyone: not an error, setting no cookie, not encoded for
/// one browser.
fn is_shareable(status: StatusCode, headers: &HeaderMap) -> bool {
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    status == StatusCode::OK
        && html
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !headers.contains_key(header::VARY)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn get(uri: &str, headers: &[(header::HeaderName, &str)]) -> Request {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        request.body(Body::empty()).unwrap()
    }

    #[test]
    fn a_signed_out_visitors_page_is_shared_by_address_and_language() {
        let english = get(
            "/showtimes/1?x=2",
            &[
                (header::ACCEPT_LANGUAGE, "en"),
                (header::COOKIE, "marquee_lang=en"),
            ],
        );
        let key = shared_key(&english).unwrap();
        assert_eq!(key.path_and_query, "/showtimes/1?x=2");
        assert_eq!(key.language, "en");
        let vietnamese = shared_key(&get(
            "/showtimes/1?x=2",
            &[(header::COOKIE, "marquee_lang=vi")],
        ));
        assert_ne!(vietnamese, Some(key));
    }

    #[test]
    fn signed_in_visitors_share_the_browsing_pages_among_themselves_only() {
        let signed_in = |token: &str, path: &str| {
            let cookie = format!("marquee_lang=en; marquee_access={token}; marquee_refresh=r");
            shared_key(&get(path, &[(header::COOKIE, cookie.as_str())]))
        };
        let showtime = signed_in("alice", "/showtimes/1").unwrap();
        assert_eq!(showtime.audience, Audience::Members);
        assert_eq!(Some(showtime.clone()), signed_in("bob", "/showtimes/1"));
        let signed_out = shared_key(&get("/showtimes/1", &[(header::COOKIE, "marquee_lang=en")]));
        assert_ne!(signed_out, Some(showtime));
        for own_page in [
            "/bookings",
            "/bookings/1",
            "/profile",
            "/notifications",
            "/box-office",
        ] {
            assert_eq!(signed_in("alice", own_page), None, "{own_page}");
        }
    }

    #[test]
    fn a_page_shared_with_signed_in_visitors_is_rendered_without_their_session() {
        let (parts, _) = get(
            "/showtimes/1",
            &[(
                header::COOKIE,
                "marquee_access=a; marquee_lang=vi; marquee_refresh=r",
            )],
        )
        .into_parts();
        let members = render_request(&parts, Audience::Members);
        assert_eq!(members.headers[header::COOKIE], "marquee_lang=vi");
        assert!(members.extensions.get::<SharedWithMembers>().is_some());
        let signed_out = render_request(&parts, Audience::SignedOut);
        assert_eq!(signed_out.headers, parts.headers);
        assert!(signed_out.extensions.get::<SharedWithMembers>().is_none());
    }

    #[test]
    fn requests_with_a_session_credentials_a_file_or_another_method_are_personal() {
        for request in [
            get("/bookings", &[(header::COOKIE, "marquee_access=t")]),
            get("/", &[(header::COOKIE, "marquee_refresh=r")]),
            get(
                "/",
                &[(header::COOKIE, "marquee_access=t; marquee_flash_notice=1")],
            ),
            get("/", &[(header::COOKIE, "marquee_flash_notice=1")]),
            get("/", &[(header::COOKIE, "marquee_device_cinema=c")]),
            get("/", &[(header::AUTHORIZATION, "Bearer t")]),
            get("/pkg/marquee.wasm", &[]),
            Request::post("/").body(Body::empty()).unwrap(),
        ] {
            assert_eq!(shared_key(&request), None, "{request:?}");
        }
    }

    #[test]
    fn only_a_plain_html_page_answered_in_full_is_shared() {
        let html = |extra: Option<(header::HeaderName, &'static str)>| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            if let Some((name, value)) = extra {
                headers.insert(name, HeaderValue::from_static(value));
            }
            headers
        };
        assert!(is_shareable(StatusCode::OK, &html(None)));
        assert!(!is_shareable(StatusCode::NOT_FOUND, &html(None)));
        assert!(!is_shareable(
            StatusCode::OK,
            &html(Some((header::SET_COOKIE, "a=b")))
        ));
        assert!(!is_shareable(
            StatusCode::OK,
            &html(Some((header::CONTENT_ENCODING, "br")))
        ));
        let mut json = HeaderMap::new();
        json.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        assert!(!is_shareable(StatusCode::OK, &json));
    }
}
