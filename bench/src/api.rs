//! Typed calls to the services, as a customer's client makes them (docs/api.md): registering,
//! signing in, reading the catalog, holding seats, booking, paying. Answers are read loosely
//! (only the fields the bench needs), so an added field never breaks a run.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::json;
use uuid::Uuid;

use crate::config::Urls;

/// Every bench customer signs in with this password (registration wants at least 8 characters).
const PASSWORD: &str = "marquee-bench-1";
/// The simulated processor charges this card (docs/api.md, "Test cards").
const TEST_CARD: &str = "4242 4242 4242 4242";

/// Why a call did not answer as hoped: a status (4xx, 5xx) or none at all (transport).
#[derive(Debug, Clone)]
pub struct CallError {
    pub status: Option<StatusCode>,
    pub detail: String,
}

impl CallError {
    fn transport(error: reqwest::Error) -> Self {
        Self {
            status: None,
            detail: error.to_string(),
        }
    }

    /// 409: the seats are someone else's (or the showtime refuses); an answer, not a failure.
    pub fn is_conflict(&self) -> bool {
        self.status == Some(StatusCode::CONFLICT)
    }

    /// No answer, or the server's fault: what clients retry, and what outages look like.
    pub fn is_outage(&self) -> bool {
        self.status.is_none_or(|status| status.is_server_error())
    }

    /// 503 or 429: the server asks to come back shortly (the auth service's hashing gate).
    pub fn is_busy(&self) -> bool {
        self.status.is_some_and(|status| {
            status == StatusCode::SERVICE_UNAVAILABLE || status == StatusCode::TOO_MANY_REQUESTS
        })
    }
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(status) => write!(f, "{status}: {}", self.detail),
            None => write!(f, "no answer: {}", self.detail),
        }
    }
}

impl std::error::Error for CallError {}

pub type CallResult<T> = Result<T, CallError>;

#[derive(Debug, Clone, Deserialize)]
pub struct Movie {
    pub id: Uuid,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Showtime {
    pub id: Uuid,
    pub starts_at: DateTime<Utc>,
    #[serde(default)]
    pub available_seats: i64,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeatMap {
    pub seats: Vec<MapSeat>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MapSeat {
    pub id: Uuid,
    pub seat_type: String,
    pub status: String,
    #[serde(default)]
    pub counter_only: bool,
}

impl MapSeat {
    /// Free, and sold to anyone one at a time: no couple seat (it brings its pair), no
    /// wheelchair or companion space (kept for those who need them), none kept for the box office.
    pub fn is_sellable(&self) -> bool {
        self.status == "available"
            && !self.counter_only
            && matches!(self.seat_type.as_str(), "standard" | "vip")
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Hold {
    pub id: Uuid,
    pub seat_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Booking {
    pub id: Uuid,
    pub status: String,
    /// A decimal string, sent back as the payment's amount (as the original's clients do).
    pub total_price: String,
}

/// A customer signed in: their bearer token (an access token lasts 15 minutes, longer than any
/// scenario) and the refresh token that gets them another once the run is over.
#[derive(Debug, Clone, Deserialize)]
pub struct Customer {
    #[serde(rename = "access_token")]
    pub token: String,
    pub refresh_token: String,
}

/// The services' base URLs and one HTTP client (its connection pool shared by every worker).
#[derive(Clone)]
pub struct Api {
    http: Client,
    pub urls: Urls,
}

/// Sends a request and reads a JSON answer of `T` when the status is `expected`.
async fn answer<T: DeserializeOwned>(
    request: RequestBuilder,
    expected: StatusCode,
) -> CallResult<T> {
    let response = request.send().await.map_err(CallError::transport)?;
    let status = response.status();
    if status != expected {
        let detail = response.text().await.unwrap_or_default();
        return Err(CallError {
            status: Some(status),
            detail: detail.chars().take(300).collect(),
        });
    }
    response.json::<T>().await.map_err(|error| CallError {
        status: Some(status),
        detail: format!("unreadable answer: {error}"),
    })
}

/// Sends a request and only checks the status.
async fn status_only(request: RequestBuilder, expected: StatusCode) -> CallResult<()> {
    let response = request.send().await.map_err(CallError::transport)?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if status == expected {
        Ok(())
    } else {
        Err(CallError {
            status: Some(status),
            detail: body.chars().take(300).collect(),
        })
    }
}

impl Api {
    pub fn new(urls: Urls) -> anyhow::Result<Self> {
        let http = Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(5))
            .tcp_nodelay(true)
            .build()?;
        Ok(Self { http, urls })
    }

    /// The client every call goes through (no decompression: bodies are read as sent).
    pub fn http(&self) -> &Client {
        &self.http
    }

    /// A GET whose answer is read whole (the transfer is part of the latency); true for a 2xx.
    /// Whether a GET of `url` (with `cookie`, as a browser sends it) answered 2xx in full.
    pub async fn get_ok(&self, url: &str, cookie: Option<&str>) -> bool {
        let mut request = self.http.get(url);
        if let Some(cookie) = cookie {
            request = request.header(reqwest::header::COOKIE, cookie);
        }
        match request.send().await {
            Ok(response) => {
                let success = response.status().is_success();
                response.bytes().await.is_ok() && success
            }
            Err(_) => false,
        }
    }

    /// A server function's call as the web app makes it (a form-encoded POST); true on a 200.
    pub async fn server_function_ok(&self, url: &str, cookie: &str, form: &[(&str, &str)]) -> bool {
        let request = self
            .http
            .post(url)
            .header(reqwest::header::COOKIE, cookie)
            .form(form);
        match request.send().await {
            Ok(response) => {
                let success = response.status() == StatusCode::OK;
                response.bytes().await.is_ok() && success
            }
            Err(_) => false,
        }
    }

    pub async fn movies(&self) -> CallResult<Vec<Movie>> {
        let url = format!("{}/movies", self.urls.movie);
        answer(self.http.get(url), StatusCode::OK).await
    }

    pub async fn showtimes(&self, limit: usize) -> CallResult<Vec<Showtime>> {
        let url = format!("{}/showtimes?limit={limit}", self.urls.movie);
        answer(self.http.get(url), StatusCode::OK).await
    }

    pub async fn seat_map(&self, showtime_id: Uuid) -> CallResult<SeatMap> {
        let url = format!("{}/showtimes/{showtime_id}/seats", self.urls.movie);
        answer(self.http.get(url), StatusCode::OK).await
    }

    pub async fn register(&self, username: &str) -> CallResult<()> {
        let body = json!({
            "username": username,
            "email": format!("{username}@bench.example.com"),
            "password": PASSWORD,
            "full_name": "Bench Customer",
        });
        let url = format!("{}/register", self.urls.auth);
        status_only(self.http.post(url).json(&body), StatusCode::CREATED).await
    }

    pub async fn sign_in(&self, username: &str) -> CallResult<Customer> {
        let url = format!("{}/token", self.urls.auth);
        let form = [("username", username), ("password", PASSWORD)];
        answer(self.http.post(url).form(&form), StatusCode::OK).await
    }

    /// The customer's session's next pair of tokens (the refresh token given is then used up).
    pub async fn refresh(&self, refresh_token: &str) -> CallResult<Customer> {
        let url = format!("{}/refresh", self.urls.auth);
        let body = json!({ "refresh_token": refresh_token });
        answer(self.http.post(url).json(&body), StatusCode::OK).await
    }

    /// Registers a new customer and signs them in. Password hashing is bounded in the auth
    /// service: a burst is turned away with 503 and `Retry-After: 1`, so this waits and asks
    /// again, as a person would, a few times.
    pub async fn new_customer(&self, username: String) -> CallResult<Customer> {
        retry_while_busy(|| self.register(&username)).await?;
        retry_while_busy(|| self.sign_in(&username)).await
    }

    pub async fn hold(
        &self,
        token: &str,
        showtime_id: Uuid,
        seat_ids: &[Uuid],
    ) -> CallResult<Hold> {
        let url = format!("{}/holds", self.urls.booking);
        let body = json!({ "showtime_id": showtime_id, "seat_ids": seat_ids });
        answer(
            self.http.post(url).bearer_auth(token).json(&body),
            StatusCode::CREATED,
        )
        .await
    }

    pub async fn release_hold(&self, token: &str, hold_id: Uuid) -> CallResult<()> {
        let url = format!("{}/holds/{hold_id}", self.urls.booking);
        status_only(
            self.http.delete(url).bearer_auth(token),
            StatusCode::NO_CONTENT,
        )
        .await
    }

    pub async fn book(&self, token: &str, showtime_id: Uuid, hold: &Hold) -> CallResult<Booking> {
        let url = format!("{}/bookings", self.urls.booking);
        let body = json!({
            "showtime_id": showtime_id,
            "seat_ids": hold.seat_ids,
            "hold_id": hold.id,
        });
        answer(
            self.http.post(url).bearer_auth(token).json(&body),
            StatusCode::CREATED,
        )
        .await
    }

    /// Pays with the test card. The same `idempotency_key` may be sent again after no answer or
    /// a 5xx: the payment service answers the first attempt's outcome, never charging twice.
    pub async fn pay(
        &self,
        token: &str,
        booking: &Booking,
        idempotency_key: &str,
    ) -> CallResult<()> {
        let url = format!("{}/payments", self.urls.payment);
        let body = json!({
            "booking_id": booking.id,
            "payment_method": "card",
            "amount": booking.total_price,
            "card": { "number": TEST_CARD, "exp_month": 12, "exp_year": 2035, "cvc": "123" },
        });
        let request = self
            .http
            .post(url)
            .bearer_auth(token)
            .header("Idempotency-Key", idempotency_key)
            .json(&body);
        status_only(request, StatusCode::CREATED).await
    }

    /// The booking, answered as soon as it is settled or after `wait_secs` as it is.
    pub async fn booking(
        &self,
        token: &str,
        booking_id: Uuid,
        wait_secs: u64,
    ) -> CallResult<Booking> {
        let url = format!(
            "{}/bookings/{booking_id}?wait={wait_secs}",
            self.urls.booking
        );
        answer(self.http.get(url).bearer_auth(token), StatusCode::OK).await
    }

    pub async fn cancel_booking(&self, token: &str, booking_id: Uuid) -> CallResult<()> {
        let url = format!("{}/bookings/{booking_id}/cancel", self.urls.booking);
        status_only(
            self.http.post(url).bearer_auth(token).json(&json!({})),
            StatusCode::OK,
        )
        .await
    }

    /// Each service's and the BFF's liveness, so a stopped stack is said plainly up front.
    pub async fn check_stack(&self) -> anyhow::Result<()> {
        let urls = &self.urls;
        for base in [
            &urls.auth,
            &urls.movie,
            &urls.booking,
            &urls.payment,
            &urls.bff,
        ] {
            let url = format!("{base}/health/live");
            let answered = self.http.get(url.as_str()).send().await;
            match answered {
                Ok(response) if response.status().is_success() => {}
                Ok(response) => anyhow::bail!("{url} answers {}", response.status()),
                Err(error) => anyhow::bail!("{url} does not answer ({error}): is the stack up?"),
            }
        }
        Ok(())
    }
}

/// Runs `call` again while the server answers "busy" (at most 10 tries, a second apart).
async fn retry_while_busy<T, F, Fut>(mut call: F) -> CallResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = CallResult<T>>,
{
    let mut tries = 0;
    loop {
        match call().await {
            Err(error) if error.is_busy() && tries < 10 => {
                tries += 1;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            other => return other,
        }
    }
}

/// A username no earlier run used: `bench_<run>_<purpose><n>` (3-50 letters, digits, `_`).
pub fn username(run: &str, purpose: &str, n: usize) -> String {
    format!("bench_{run}_{purpose}{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_fit_the_auth_services_rules() {
        let run = &Uuid::new_v4().simple().to_string()[..8];
        let name = username(run, "journey", 123_456);
        assert!(name.len() <= 50, "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    }

    #[test]
    fn only_single_general_seats_are_taken() {
        let seat = |seat_type: &str, status: &str, counter_only| MapSeat {
            id: Uuid::nil(),
            seat_type: seat_type.into(),
            status: status.into(),
            counter_only,
        };
        assert!(seat("standard", "available", false).is_sellable());
        assert!(seat("vip", "available", false).is_sellable());
        assert!(!seat("couple", "available", false).is_sellable());
        assert!(!seat("wheelchair", "available", false).is_sellable());
        assert!(!seat("standard", "held", false).is_sellable());
        assert!(!seat("standard", "available", true).is_sellable());
    }

    #[test]
    fn outages_and_conflicts_are_told_apart() {
        let error = |status| CallError {
            status,
            detail: String::new(),
        };
        assert!(error(None).is_outage());
        assert!(error(Some(StatusCode::BAD_GATEWAY)).is_outage());
        assert!(!error(Some(StatusCode::CONFLICT)).is_outage());
        assert!(error(Some(StatusCode::CONFLICT)).is_conflict());
        assert!(error(Some(StatusCode::SERVICE_UNAVAILABLE)).is_busy());
    }
}
