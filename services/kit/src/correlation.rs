//! Correlation ids: taken from the caller's `X-Correlation-ID` when it is sane, generated
//! otherwise, echoed on the response, recorded on every log line of the request (through the
//! request span) and forwarded on every outgoing call (through a task-local).

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

pub const HEADER: HeaderName = HeaderName::from_static("x-correlation-id");
const MAX_LEN: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrelationId(pub String);

tokio::task_local! {
    static CURRENT: CorrelationId;
}

impl CorrelationId {
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    /// Accepts a caller's id only if it cannot smuggle anything into logs or headers.
    pub fn parse(raw: &str) -> Option<Self> {
        let valid = !raw.is_empty()
            && raw.len() <= MAX_LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
        valid.then(|| Self(raw.to_owned()))
    }

    /// The id of the request being served on this task, if any.
    pub fn current() -> Option<Self> {
        CURRENT.try_with(Clone::clone).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Runs `work` as part of this id's chain: calls it makes and events it writes carry it.
    pub async fn scope<F: std::future::Future>(self, work: F) -> F::Output {
        CURRENT.scope(self, work).await
    }
}

pub async fn propagate(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(CorrelationId::parse)
        .unwrap_or_else(CorrelationId::generate);
    let header_value = HeaderValue::from_str(id.as_str()).expect("validated id is a header value");
    request.headers_mut().insert(HEADER, header_value.clone());
    request.extensions_mut().insert(id.clone());
    let mut response = CURRENT.scope(id, next.run(request)).await;
    response.headers_mut().insert(HEADER, header_value);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        assert!(CorrelationId::parse("3f2a-bc_1.2:x").is_some());
    }

    #[test]
    fn rejects_ids_that_could_inject_into_logs_or_headers() {
        assert!(CorrelationId::parse("").is_none());
        assert!(CorrelationId::parse("abc\ndef").is_none());
        assert!(CorrelationId::parse("a b").is_none());
        assert!(CorrelationId::parse(&"x".repeat(200)).is_none());
    }
}
