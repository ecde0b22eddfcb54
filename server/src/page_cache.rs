//! Shared renders for signed-out visitors. When a premiere goes on sale, thousands of people
//! open the same showtime's page within a minute, and most of them are not signed in yet:
//! each of them would get the same HTML, yet each page costs milliseconds of rendering. A page
//! a signed-out visitor asks for is therefore rendered once per language and
//! `PAGE_CACHE_TTL_MS` (1 s), and everyone asking meanwhile, or while it renders, gets that one
//! render.
//!
//! Nothing a visitor sees stays that old: a seat map's live socket starts with a fresh snapshot
//! of every seat (see [`crate::seats_live`]), and what someone does (hold, sign in) is asked of
//! the services, never of this cache. Whatever is personal passes by: a request with any cookie
//! but the language one (a session, a flash message, a box-office device), with credentials,
//! or other than a GET; and a response that sets a cookie, is not an HTML page or not a 200,
//! is sent to its own visitor only.

use std::{sync::Arc, time::Duration};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use moka::future::Cache;
use prometheus::{IntCounterVec, Opts, Registry};

/// Pages kept at once, by their size in bytes: a few hundred seat maps in two languages.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// A rendered page larger than this is not an ordinary page; it is sent without keeping it.
const LARGEST_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// A page's address and the language it is rendered in: what makes two signed-out visitors'
/// pages the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PageKey {
    path_and_query: String,
    language: &'static str,
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
    outcomes: IntCounterVec,
}

impl PageCache {
    /// Pages kept for `lifetime` (none when it is zero), counted in `registry` as
    /// `bff_page_renders_total{outcome}`.
    pub fn new(lifetime: Duration, registry: &Registry) -> anyhow::Result<Self> {
        let outcomes = IntCounterVec::new(
            Opts::new(
                "bff_page_renders_total",
                "Pages asked of the BFF, by how they were answered: rendered for a personal \
                 request, rendered and shared, or served from a shared render",
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
        Ok(Self { pages, outcomes })
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
}

impl Outcome {
    const ALL: [Self; 3] = [Self::Personal, Self::Rendered, Self::Shared];

    fn label(self) -> &'static str {
        match self {
            Self::Personal => "personal",
            Self::Rendered => "rendered",
            Self::Shared => "shared",
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
    let render = {
        let (parts, next) = (parts.clone(), next.clone());
        async move {
            let response = next.run(Request::from_parts(parts, Body::empty())).await;
            keepable(response).await.map(Arc::new)
        }
    };
    let mut rendered_here = false;
    let render = async {
        rendered_here = true;
        render.await
    };
    match pages.try_get_with(key, render).await {
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
        || has_cookies_besides_language(headers)
        // A file (the bundle, an image) is served as it is, compressed for the browser.
        || path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    if personal {
        return None;
    }
    Some(PageKey {
        path_and_query: request
            .uri()
            .path_and_query()
            .map_or(path, |whole| whole.as_str())
            .to_owned(),
        language: marquee_app::i18n::of_request(headers).code(),
    })
}

fn has_cookies_besides_language(headers: &HeaderMap) -> bool {
    let language_cookie = marquee_app::i18n::COOKIE;
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.split('=').next())
        .map(str::trim)
        .any(|name| !name.is_empty() && name != language_cookie)
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
    fn requests_with_a_session_credentials_a_file_or_another_method_are_personal() {
        for request in [
            get(
                "/",
                &[(header::COOKIE, "marquee_lang=en; marquee_access=t")],
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
