//! Catalog reads kept with their ETags. Every answer is kept in this process's memory under the
//! catalog's version, which each write bumps in PostgreSQL and publishes in Redis
//! ([`CATALOG_VERSION_KEY`]), so a write makes every kept answer stale at once, here and in
//! other instances; a kept answer also lapses on its own. A read then costs one Redis round
//! trip and no query, and the answer's bytes and tag are not made again. Showtimes carry live
//! seat counts: they get ETags (`no-cache`: revalidate every time) but are not kept.
//! The seat map is not cached here: its plan is kept in memory and its live part read from
//! Redis each time (see `showtimes::seat_plans`); a showtime's seating (for the booking
//! service, which keeps its own copy checked against the published version) is not either.
//! Without Redis, reads simply go to PostgreSQL.

use api_types::live::CATALOG_VERSION_KEY;
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use redis::AsyncCommands;
use service_kit::cache::LazyRedis;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::{sync::Arc, time::Duration};
use utoipa::openapi::{
    OpenApi, RefOr, Required, ResponseBuilder,
    header::HeaderBuilder,
    path::{ParameterBuilder, ParameterIn},
    schema::{ObjectBuilder, Type},
};

use crate::versioned::Versioned;

const CACHED_FOR: &str = "public, max-age=30";

/// Sets `instance:version` unless the key already holds this instance at this version or later.
const RAISE_VERSION: &str = r#"
local current = redis.call('GET', KEYS[1])
if current then
  local instance, version = string.match(current, '^(.*):(%d+)$')
  if instance == ARGV[1] and tonumber(version) >= tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2])
return 1
"#;

/// Answers larger than this are served but not cached.
const MAX_CACHED_BYTES: usize = 2 * 1024 * 1024;
/// Answers kept at most: one per path and query asked for; the older half goes when full.
const MAX_KEPT_ANSWERS: usize = 1_024;

/// A catalog answer as it is sent: its body and its tag.
struct KeptAnswer {
    body: bytes::Bytes,
    etag: HeaderValue,
}

#[derive(Clone)]
pub struct CatalogCache {
    redis: LazyRedis,
    pool: PgPool,
    answers: Versioned<String, KeptAnswer>,
}

impl CatalogCache {
    /// Keeps answers for `kept_secs` at most, even while the catalog seems unchanged (in case a
    /// version bump never reached Redis).
    pub fn new(redis: LazyRedis, pool: PgPool, kept_secs: u64) -> Self {
        Self {
            redis,
            pool,
            answers: Versioned::new(Duration::from_secs(kept_secs), MAX_KEPT_ANSWERS),
        }
    }

    /// Makes every cached read stale, here and in other services' copies (see
    /// [`Self::publish_version`]).
    pub async fn invalidate(&self) -> sqlx::Result<()> {
        let (instance, version): (uuid::Uuid, i64) = sqlx::query_as(
            "UPDATE catalog_version SET version = version + 1 RETURNING instance, version",
        )
        .fetch_one(&self.pool)
        .await?;
        self.publish_version(instance, version).await;
        Ok(())
    }

    /// The catalog's version as it is now, `{instance}:{version}`, published as well.
    pub async fn current_version(&self) -> sqlx::Result<String> {
        let (instance, version) = self.version().await?;
        self.publish_version(instance, version).await;
        Ok(format!("{instance}:{version}"))
    }

    /// Raises [`CATALOG_VERSION_KEY`] in Redis to this version (never lowers it, so a slow
    /// reader cannot undo a newer write's bump). Best effort: other services' copies then also
    /// lapse on their own time limit.
    async fn publish_version(&self, instance: uuid::Uuid, version: i64) {
        let Ok(mut redis) = self.redis.connection().await else {
            return;
        };
        let raised: Result<i64, _> = redis::Script::new(RAISE_VERSION)
            .key(CATALOG_VERSION_KEY)
            .arg(instance.to_string())
            .arg(version)
            .invoke_async(&mut redis)
            .await;
        if let Err(error) = raised {
            tracing::warn!(%error, "catalog version not published");
        }
    }

    /// The catalog's version for a read: Redis's copy (one round trip), else read from
    /// PostgreSQL (and published again).
    pub async fn version_for_reads(&self) -> sqlx::Result<String> {
        if let Ok(mut redis) = self.redis.connection().await {
            match redis.get::<_, Option<String>>(CATALOG_VERSION_KEY).await {
                Ok(Some(version)) => return Ok(version),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "catalog version unreadable in Redis"),
            }
        }
        self.current_version().await
    }

    async fn version(&self) -> sqlx::Result<(uuid::Uuid, i64)> {
        sqlx::query_as("SELECT instance, version FROM catalog_version")
            .fetch_one(&self.pool)
            .await
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Policy {
    /// Stored in Redis until the catalog changes.
    Cached,
    /// Counts seats as they are now: tagged, revalidated every time, never stored.
    Live,
    /// Passed through as it is.
    Untouched,
}

fn policy(request: &Request) -> Policy {
    policy_of(request.method(), request.uri().path())
}

/// How a read of `path` (a request's, or a route's template) is cached.
fn policy_of(method: &Method, path: &str) -> Policy {
    if method != Method::GET
        || path.ends_with("/seats")
        || path.ends_with("/available-seats")
        || path.ends_with("/seating")
    {
        Policy::Untouched
    } else if path.starts_with("/showtimes") {
        Policy::Live
    } else {
        Policy::Cached
    }
}

/// The tag of an answer with this body.
pub fn etag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hex: String = digest[..12]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).expect("hex is a valid header value")
}

fn answer(
    request_etag: Option<&HeaderValue>,
    body: bytes::Bytes,
    tag: HeaderValue,
    hit: bool,
    cache_control: &'static str,
) -> Response {
    let not_modified = request_etag.is_some_and(|value| value == tag);
    let mut response = if not_modified {
        Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
    } else {
        Response::builder()
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
    }
    .expect("a valid response");
    let headers = response.headers_mut();
    headers.insert(header::ETAG, tag);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.insert(
        "x-cache",
        HeaderValue::from_static(if hit { "HIT" } else { "MISS" }),
    );
    response
}

/// The body of a 200 answer, to tag (and perhaps keep); any other answer as it is.
async fn successful_body(response: Response) -> Result<bytes::Bytes, Response> {
    if response.status() != StatusCode::OK {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    to_bytes(body, MAX_CACHED_BYTES)
        .await
        .map_err(|_| Response::from_parts(parts, Body::empty()))
}

pub async fn cached_reads(
    State(cache): State<CatalogCache>,
    request: Request,
    next: Next,
) -> Response {
    let policy = policy(&request);
    if policy == Policy::Untouched {
        return next.run(request).await;
    }
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if policy == Policy::Live {
        let response = next.run(request).await;
        // An answer kept by its handler comes tagged already.
        let tag = response.headers().get(header::ETAG).cloned();
        // A page's own headers (`X-Total-Count`, `Link`) go out with it.
        let paging = [HeaderName::from_static("x-total-count"), header::LINK]
            .map(|name| (response.headers().get(&name).cloned(), name));
        return match successful_body(response).await {
            Ok(body) => {
                let tag = tag.unwrap_or_else(|| etag(&body));
                let mut answer = answer(if_none_match.as_ref(), body, tag, false, "no-cache");
                for (value, name) in paging {
                    if let Some(value) = value {
                        answer.headers_mut().insert(name, value);
                    }
                }
                answer
            }
            Err(response) => response,
        };
    }
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(String::new, |pq| pq.as_str().to_owned());
    let version = cache
        .version_for_reads()
        .await
        .inspect_err(|error| tracing::warn!(%error, "catalog version unknown; answer not kept"))
        .ok();
    let kept = version
        .as_deref()
        .and_then(|version| cache.answers.get(&key, version));
    if let Some(kept) = kept {
        let (body, tag) = (kept.body.clone(), kept.etag.clone());
        return answer(if_none_match.as_ref(), body, tag, true, CACHED_FOR);
    }

    let body = match successful_body(next.run(request).await).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let tag = etag(&body);
    if let Some(version) = version {
        let kept = KeptAnswer {
            body: body.clone(),
            etag: tag.clone(),
        };
        cache.answers.keep(key, &version, Arc::new(kept));
    }
    answer(if_none_match.as_ref(), body, tag, false, CACHED_FOR)
}

/// Describes in `api` what [`cached_reads`] does to each read it tags, in one place rather than
/// on every handler: the `If-None-Match` question, the 304 answer, and the `ETag`,
/// `Cache-Control` and `X-Cache` headers beside a 200.
pub fn describe(api: &mut OpenApi) {
    let text = || Some(ObjectBuilder::new().schema_type(Type::String));
    let header = |description: String| {
        HeaderBuilder::new()
            .schema(text())
            .description(Some(description))
            .build()
    };
    for (path, item) in api.paths.paths.iter_mut() {
        let Some(operation) = item.get.as_mut() else {
            continue;
        };
        let (cache_control, x_cache) = match policy_of(&Method::GET, path) {
            Policy::Untouched => continue,
            Policy::Cached => (
                CACHED_FOR,
                "`HIT` when answered from the kept copy, else `MISS`",
            ),
            Policy::Live => ("no-cache", "`MISS`: live seat counts are never stored"),
        };
        let headers = [
            ("ETag", "Tags this answer, for `If-None-Match`".to_owned()),
            ("Cache-Control", format!("`{cache_control}`")),
            ("X-Cache", x_cache.to_owned()),
        ];
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(RefOr::T(
                ParameterBuilder::new()
                    .name("If-None-Match")
                    .parameter_in(ParameterIn::Header)
                    .required(Required::False)
                    .description(Some(
                        "The `ETag` of an earlier answer: 304 while it still holds",
                    ))
                    .schema(text())
                    .build(),
            ));
        if let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") {
            for (name, description) in headers.clone() {
                ok.headers
                    .insert(name.to_owned(), RefOr::T(header(description)));
            }
        }
        let mut not_modified =
            ResponseBuilder::new().description("The `If-None-Match` ETag still holds");
        for (name, description) in headers {
            not_modified = not_modified.header(name, header(description));
        }
        (operation.responses.responses).insert("304".to_owned(), RefOr::T(not_modified.build()));
    }
}
