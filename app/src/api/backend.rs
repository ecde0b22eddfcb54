//! The BFF's client for the services, given to server functions and the BFF's own handlers.

use std::time::Duration;

use leptos::prelude::use_context;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use service_kit::correlation::CorrelationId;

/// How long a payment is waited for: longer than the payment service waits for the processor.
const PAYMENT_WAIT: Duration = Duration::from_secs(20);

/// Where the services the BFF calls are.
#[derive(Debug, Clone, Copy)]
pub struct ServiceUrls<'a> {
    pub movie: &'a str,
    pub auth: &'a str,
    pub booking: &'a str,
    pub payment: &'a str,
    pub notification: &'a str,
}

#[derive(Clone)]
pub struct Backend {
    http: reqwest::Client,
    movie_url: String,
    auth_url: String,
    booking_url: String,
    payment_url: String,
    notification_url: String,
}

/// A service answered with an error status: its status, `detail`, and for a 409 what was in
/// the way (`conflicts`).
#[derive(Debug, Clone, Default)]
pub struct Rejection {
    pub status: u16,
    pub detail: Value,
    pub conflicts: Vec<String>,
    /// A refusal's stable word (`already_admitted`, ...), where the service gives one.
    pub reason: Option<String>,
    /// The error's stable `code` (`seats_taken`, ...), which the web app translates.
    pub code: Option<String>,
    /// The values the error's message names (`seats`, `minutes`, ...).
    pub params: serde_json::Map<String, Value>,
}

impl Rejection {
    /// What the service said, in the page's language. The services speak English (`detail`),
    /// so an English page shows the detail as it is; another language shows the message for
    /// the error's `code` (`error-<code>`, with the values in `params`), else the detail.
    pub fn said(&self) -> String {
        self.said_in(crate::i18n::language())
    }

    /// What the service said, in `language`.
    pub fn said_in(&self, language: crate::i18n::Language) -> String {
        let fields = field_names(&self.detail);
        let generic_list = self.code.as_deref() == Some("invalid_input") && fields.is_empty();
        if language != crate::i18n::Language::english()
            && !generic_list
            && let Some(code) = &self.code
        {
            let key = format!("error-{code}");
            let mut args: Vec<(String, crate::i18n::FluentValue<'static>)> = self
                .params
                .iter()
                .filter_map(|(name, value)| {
                    let value = match value {
                        // Amounts are whole units of the currency.
                        Value::Number(number) if name == "amount" => language
                            .money(number.as_i64()?, crate::format::currency())
                            .into(),
                        Value::Number(number) => number.as_f64()?.into(),
                        Value::String(text) => text.clone().into(),
                        _ => return None,
                    };
                    Some((name.clone(), value))
                })
                .collect();
            args.push(("fields".into(), fields.into()));
            let text = language.format_named(&key, args);
            if text != key {
                return text;
            }
        }
        readable(&self.detail)
    }
}

/// A service's `detail`: a message, or a list of field errors read as one sentence each.
pub fn readable(detail: &Value) -> String {
    match detail {
        Value::String(text) => text.clone(),
        Value::Array(errors) => errors
            .iter()
            .filter_map(|error| error["msg"].as_str())
            .collect::<Vec<_>>()
            .join(". "),
        _ => crate::t!("error-refused"),
    }
}

/// The catalog in `language`: every film's `title` and `description` (and a showtime's
/// `movie_title`) become the language's where the film has one, else stay the catalog's own
/// (English). A film's `translations` also get the English under `en`, so an editor sees every
/// language's text in one place.
pub fn in_language(answer: &mut Value, language: &str) {
    match answer {
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| in_language(item, language)),
        Value::Object(object) => {
            if let Some(Value::Object(titles)) = object.get("movie_titles")
                && let Some(Value::String(own)) = titles.get(language)
                && !own.is_empty()
            {
                object.insert("movie_title".into(), Value::String(own.clone()));
            }
            if object.contains_key("title") && object.contains_key("description") {
                let english = serde_json::json!({
                    "title": object["title"],
                    "description": object["description"],
                });
                let translations = object
                    .entry("translations")
                    .or_insert_with(|| Value::Object(Default::default()));
                if let Value::Object(translations) = translations {
                    translations
                        .entry(api_types::catalog::CATALOG_LANGUAGE)
                        .or_insert(english);
                    // The language's own text, else the English, else any language's.
                    let mut texts: Vec<Value> =
                        translations.get(language).cloned().into_iter().collect();
                    texts.extend(
                        translations
                            .get(api_types::catalog::CATALOG_LANGUAGE)
                            .cloned(),
                    );
                    texts.extend(translations.values().cloned());
                    for field in ["title", "description"] {
                        let text = texts
                            .iter()
                            .find_map(|text| text[field].as_str().filter(|text| !text.is_empty()));
                        if let Some(text) = text {
                            object.insert(field.into(), text.into());
                        }
                    }
                }
            }
            object
                .iter_mut()
                .filter(|(key, _)| *key != "translations" && *key != "movie_titles")
                .for_each(|(_, value)| in_language(value, language));
        }
        _ => {}
    }
}

/// The fields a 422's list names (`email, password`), for a translated summary.
fn field_names(detail: &Value) -> String {
    detail
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|error| error["loc"].as_array()?.last()?.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

#[derive(Debug)]
pub enum BackendError {
    Unreachable(reqwest::Error),
    Rejected(Rejection),
    Body(reqwest::Error),
    /// JSON of another shape than expected.
    Shape(serde_json::Error),
}

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(error) => write!(f, "unreachable: {error}"),
            Self::Rejected(rejection) => {
                write!(f, "answered {}: {}", rejection.status, rejection.detail)
            }
            Self::Body(error) => write!(f, "unreadable answer: {error}"),
            Self::Shape(error) => write!(f, "unexpected answer: {error}"),
        }
    }
}

impl BackendError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Rejected(rejection) => Some(rejection.status),
            _ => None,
        }
    }
}

/// The correlation id of the page request or server-function call being served. Leptos runs
/// server functions and resources on tasks of their own, so it is read from the request that
/// Leptos provides as context rather than from the serving task.
fn correlation_id() -> Option<CorrelationId> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CorrelationId>().cloned())
}

impl Backend {
    pub fn new(urls: ServiceUrls<'_>, timeout: Duration) -> Self {
        let trimmed = |url: &str| url.trim_end_matches('/').to_owned();
        Self {
            http: service_kit::http_client::build(timeout),
            movie_url: trimmed(urls.movie),
            auth_url: trimmed(urls.auth),
            booking_url: trimmed(urls.booking),
            payment_url: trimmed(urls.payment),
            notification_url: trimmed(urls.notification),
        }
    }

    /// A read from the notification service on behalf of the signed-in user.
    pub async fn notification_get<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, BackendError> {
        self.get_from(&self.notification_url, path, Some(token))
            .await
    }

    pub async fn notification_post<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, BackendError> {
        self.post_json(
            &self.notification_url,
            path,
            Some(token),
            &serde_json::json!({}),
        )
        .await
    }

    /// A read from the payment service on behalf of the signed-in user.
    pub async fn payment_get<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, BackendError> {
        self.get_from(&self.payment_url, path, Some(token)).await
    }

    /// A payment, sent once: the idempotency key makes a retried request safe. It waits longer
    /// than the payment service waits for the card processor (`PAYMENT_PROVIDER_TIMEOUT_SECS`,
    /// 8 s), so a slow success is not shown as a failure.
    pub async fn payment_post<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        idempotency_key: &str,
        body: &impl Serialize,
    ) -> Result<T, BackendError> {
        self.send(
            self.http
                .post(format!("{}{path}", self.payment_url))
                .timeout(PAYMENT_WAIT)
                .bearer_auth(token)
                .header("idempotency-key", idempotency_key)
                .json(body),
        )
        .await
    }

    /// A read from the booking service on behalf of the signed-in user.
    pub async fn booking_get<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, BackendError> {
        self.get_from(&self.booking_url, path, Some(token)).await
    }

    /// A public read from the booking service (seat counts).
    pub async fn booking_get_public<T: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<T, BackendError> {
        self.get_from(&self.booking_url, path, None).await
    }

    /// A write to the booking service on behalf of the signed-in user.
    pub async fn booking_post<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        body: &impl Serialize,
    ) -> Result<T, BackendError> {
        self.post_json(&self.booking_url, path, Some(token), body)
            .await
    }

    /// A `DELETE` on the booking service, which answers without a body.
    pub async fn booking_delete(&self, path: &str, token: &str) -> Result<(), BackendError> {
        self.checked(
            self.http
                .delete(format!("{}{path}", self.booking_url))
                .bearer_auth(token),
        )
        .await
        .map(drop)
    }

    /// `GET base + path`, as the signed-in user when there is a token.
    async fn get_from<T: DeserializeOwned>(
        &self,
        base: &str,
        path: &str,
        token: Option<&str>,
    ) -> Result<T, BackendError> {
        let mut request = self.http.get(format!("{base}{path}"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        self.send(request).await
    }

    /// A read from the movie service, its films' titles and descriptions in the page's language.
    pub async fn movie_get<T: DeserializeOwned>(&self, path: &str) -> Result<T, BackendError> {
        self.movie_get_as(path, None).await
    }

    /// A read from the movie service on behalf of the signed-in user, if any.
    pub async fn movie_get_as<T: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
    ) -> Result<T, BackendError> {
        let mut answer: Value = self.get_from(&self.movie_url, path, token).await?;
        in_language(&mut answer, crate::i18n::language().code());
        serde_json::from_value(answer).map_err(BackendError::Shape)
    }

    /// A read from the movie service outside any page request (a WebSocket's own task), which
    /// carries the correlation id it is given.
    pub async fn movie_get_traced<T: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
        correlation_id: Option<&CorrelationId>,
    ) -> Result<T, BackendError> {
        let mut request = self.http.get(format!("{}{path}", self.movie_url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        self.checked_as(request, correlation_id)
            .await?
            .json()
            .await
            .map_err(BackendError::Body)
    }

    /// A write to the movie service on behalf of the signed-in user.
    pub async fn movie_post<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        body: &impl Serialize,
    ) -> Result<T, BackendError> {
        self.post_json(&self.movie_url, path, Some(token), body)
            .await
    }

    /// A change at the movie service on behalf of the signed-in user, whose answer's body is not
    /// needed (a `DELETE` has none).
    pub async fn movie_write(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Result<(), BackendError> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.movie_url))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        self.checked(request).await.map(drop)
    }

    pub async fn auth_get<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, BackendError> {
        self.get_from(&self.auth_url, path, Some(token)).await
    }

    pub async fn auth_post<T: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &impl Serialize,
    ) -> Result<T, BackendError> {
        self.post_json(&self.auth_url, path, token, body).await
    }

    async fn post_json<T: DeserializeOwned>(
        &self,
        base: &str,
        path: &str,
        token: Option<&str>,
        body: &impl Serialize,
    ) -> Result<T, BackendError> {
        let mut request = self.http.post(format!("{base}{path}")).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        self.send(request).await
    }

    pub async fn auth_put<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        body: &impl Serialize,
    ) -> Result<T, BackendError> {
        self.send(
            self.http
                .put(format!("{}{path}", self.auth_url))
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    /// `POST /token`, form-encoded as OAuth2's password flow wants, from the client's address.
    pub async fn login<T: DeserializeOwned>(
        &self,
        username: &str,
        password: &str,
        client_address: Option<&str>,
    ) -> Result<T, BackendError> {
        let mut request = self
            .http
            .post(format!("{}/token", self.auth_url))
            .form(&[("username", username), ("password", password)]);
        if let Some(address) = client_address {
            request = request.header("x-real-ip", address);
        }
        self.send(request).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, BackendError> {
        self.checked(request)
            .await?
            .json()
            .await
            .map_err(BackendError::Body)
    }

    /// Sends the request; an error status becomes a `Rejection`.
    async fn checked(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, BackendError> {
        self.checked_as(request, correlation_id().as_ref()).await
    }

    async fn checked_as(
        &self,
        request: reqwest::RequestBuilder,
        correlation_id: Option<&CorrelationId>,
    ) -> Result<reqwest::Response, BackendError> {
        // The services learn the language of the person served (a booking keeps it for the
        // emails and notices about it).
        let request = request.header(
            http::header::ACCEPT_LANGUAGE,
            crate::i18n::language().code(),
        );
        let response = service_kit::http_client::with_correlation(request, correlation_id)
            .send()
            .await
            .map_err(BackendError::Unreachable)?;
        let status = response.status();
        if !status.is_success() {
            let mut body = response.json::<Value>().await.unwrap_or(Value::Null);
            let conflicts = body["conflicts"]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| item.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            return Err(BackendError::Rejected(Rejection {
                status: status.as_u16(),
                detail: body.get_mut("detail").map(Value::take).unwrap_or_default(),
                reason: body["reason"].as_str().map(str::to_owned),
                code: body["code"].as_str().map(str::to_owned),
                params: match body.get_mut("params").map(Value::take) {
                    Some(Value::Object(params)) => params,
                    _ => Default::default(),
                },
                conflicts,
            }));
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::in_language;

    #[test]
    fn films_and_showtimes_read_in_the_language_with_english_where_there_is_none() {
        let mut answer = json!([
            { "title": "Paper Lanterns", "description": "A lantern maker's daughter.",
              "translations": { "vi": { "title": "Đèn Lồng Giấy", "description": "" } } },
            { "title": "Neon Tide", "description": "A courier." },
            { "movie_title": "Paper Lanterns", "movie_titles": { "vi": "Đèn Lồng Giấy" } },
        ]);
        in_language(&mut answer, "vi");
        assert_eq!(answer[0]["title"], "Đèn Lồng Giấy");
        assert_eq!(answer[0]["description"], "A lantern maker's daughter.");
        assert_eq!(answer[0]["translations"]["en"]["title"], "Paper Lanterns");
        assert_eq!(answer[0]["translations"]["vi"].get("translations"), None);
        assert_eq!(answer[1]["title"], "Neon Tide");
        assert_eq!(answer[2]["movie_title"], "Đèn Lồng Giấy");

        // A text only one language has is shown in the others too.
        let mut english = json!({ "title": "Paper Lanterns", "description": "",
            "translations": { "vi": { "title": "Đèn Lồng Giấy", "description": "Đèn lồng." } } });
        in_language(&mut english, "en");
        assert_eq!(english["title"], "Paper Lanterns");
        assert_eq!(english["description"], "Đèn lồng.");
    }
}
