//! Access-token verification every service shares. Tokens are EdDSA (Ed25519) JWTs signed by the
//! auth service alone; the other services verify them with the public keys it publishes at
//! `/.well-known/jwks.json`, fetched once and refetched when a token names an unknown key (key
//! rotation) and every [`KEYS_REREAD_EVERY`] (so a key the auth service withdrew stops
//! verifying), so a compromised service cannot mint tokens. A token of a session that was signed
//! out, or of a disabled account, stops verifying within seconds ([`crate::revocation`]).

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{HeaderMap, header, request::Parts},
};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, RwLock};
use uuid::Uuid;

use crate::{
    error::ApiError,
    verified_tokens::{self, VerifiedTokens},
};

pub const DEFAULT_ISSUER: &str = "marquee-auth";
pub const DEFAULT_AUDIENCE: &str = "marquee";
/// Tokens naming an unknown key trigger at most one JWKS fetch in this interval: a rotated key
/// is picked up within it, and forged key ids cannot turn into a flood of fetches.
const REFETCH_INTERVAL: Duration = Duration::from_secs(1);
/// The keys are re-read this often even when no token names an unknown one: keys removed from
/// the set are dropped.
pub const KEYS_REREAD_EVERY: Duration = Duration::from_secs(300);
/// How far apart the auth service's clock and ours may be when a token's expiry is judged.
const LEEWAY_SECS: u64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum Role {
    Customer,
    Staff,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Staff => "staff",
            Self::Admin => "admin",
        }
    }
}

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: Uuid,
    pub exp: i64,
    pub iat: i64,
    pub jti: Uuid,
    /// The session (refresh-token family) the token was issued in.
    pub sid: Uuid,
    pub role: Role,
    pub username: String,
    /// Where to write to the user (services that send mail learn it from here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("Not authenticated")]
    Missing,
    #[error("Invalid token")]
    Invalid,
    #[error("Token has expired")]
    Expired,
    #[error("Session has ended")]
    Revoked,
    #[error("signing keys unavailable: {0}")]
    KeysUnavailable(String),
}

impl From<TokenError> for ApiError {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::KeysUnavailable(reason) => ApiError::Unavailable(reason),
            other => ApiError::Unauthorized(other.to_string()),
        }
    }
}

/// Loads the current public keys; the auth service reads them from its own database.
pub type KeyLoader = Arc<
    dyn Fn() -> std::pin::Pin<Box<dyn Future<Output = anyhow::Result<JwkSet>> + Send>>
        + Send
        + Sync,
>;

/// Where the public keys come from.
enum KeySource {
    /// The auth service's JWKS endpoint.
    Jwks {
        url: String,
        http: reqwest::Client,
    },
    Loader(KeyLoader),
    /// Keys handed over once: tests.
    Fixed,
}

pub struct TokenVerifier {
    issuer: String,
    audience: String,
    source: KeySource,
    keys: RwLock<HashMap<String, DecodingKey>>,
    /// The set `keys` was made from, to tell a re-read that changed nothing.
    key_set: std::sync::Mutex<JwkSet>,
    last_fetch: Mutex<Option<Instant>>,
    revocations: std::sync::OnceLock<crate::revocation::RevocationList>,
    verified: VerifiedTokens,
}

impl TokenVerifier {
    pub fn from_jwks_url(url: String, issuer: &str, audience: &str) -> Arc<Self> {
        let http = crate::http_client::build(Duration::from_secs(5));
        Arc::new(Self::new(KeySource::Jwks { url, http }, issuer, audience))
    }

    pub fn from_loader(loader: KeyLoader, issuer: &str, audience: &str) -> Arc<Self> {
        Arc::new(Self::new(KeySource::Loader(loader), issuer, audience))
    }

    pub fn from_jwks(jwks: &JwkSet, issuer: &str, audience: &str) -> Arc<Self> {
        let verifier = Self::new(KeySource::Fixed, issuer, audience);
        *verifier.keys.try_write().expect("not shared yet") = decoding_keys(jwks);
        *verifier.key_set.lock().expect("not shared yet") = jwks.clone();
        Arc::new(verifier)
    }

    fn new(source: KeySource, issuer: &str, audience: &str) -> Self {
        Self {
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            source,
            keys: RwLock::new(HashMap::new()),
            key_set: std::sync::Mutex::new(JwkSet::default()),
            last_fetch: Mutex::new(None),
            revocations: std::sync::OnceLock::new(),
            verified: VerifiedTokens::new(),
        }
    }

    /// Tokens on `list` no longer verify.
    pub fn with_revocations(self: Arc<Self>, list: crate::revocation::RevocationList) -> Arc<Self> {
        let _ = self.revocations.set(list);
        self
    }

    /// Re-reads the keys every [`KEYS_REREAD_EVERY`] for as long as the verifier is in use.
    pub fn reread_keys_periodically(self: Arc<Self>) -> Arc<Self> {
        let weak = Arc::downgrade(&self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(KEYS_REREAD_EVERY).await;
                let Some(verifier) = weak.upgrade() else {
                    break;
                };
                if let Err(error) = verifier.reread().await {
                    tracing::warn!(%error, "signing keys not re-read; the known ones stand");
                }
            }
        });
        self
    }

    /// Replaces the known keys (the auth service calls this after a rotation).
    ///
    /// Tokens checked before count as unchecked only when the set really changed: the periodic
    /// re-read, and a refetch for an unknown key id, mostly find the same keys.
    pub async fn set_keys(&self, jwks: &JwkSet) {
        let mut keys = self.keys.write().await;
        let mut key_set = self.key_set.lock().expect("no panic while holding it");
        if *key_set == *jwks {
            return;
        }
        *keys = decoding_keys(jwks);
        *key_set = jwks.clone();
        self.verified.keys_changed();
    }

    /// The token's claims if it is signed by one of the auth service's keys, meant for us, not
    /// expired and of a session still going. A token checked before is not checked again
    /// while the keys stay the same (see [`crate::verified_tokens`]).
    pub async fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let claims = match self.verified.get(token) {
            Some(claims) => {
                let now = chrono::Utc::now().timestamp();
                if verified_tokens::expired(&claims, now, LEEWAY_SECS) {
                    return Err(TokenError::Expired);
                }
                claims
            }
            None => {
                let keys_generation = self.verified.keys_generation();
                let claims = self.check_signature(token).await?;
                self.verified.remember(token, keys_generation, claims)
            }
        };
        if self
            .revocations
            .get()
            .is_some_and(|list| list.is_revoked(claims.sid, claims.sub))
        {
            return Err(TokenError::Revoked);
        }
        Ok(Claims::clone(&claims))
    }

    /// Signatures checked and found good since the verifier was made: a token is checked once
    /// while the keys stay the same.
    pub fn signature_checks(&self) -> u64 {
        self.verified.signature_checks()
    }

    async fn check_signature(&self, token: &str) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        // Only the one algorithm the auth service signs with: never `none`, never HMAC.
        if header.alg != Algorithm::EdDSA {
            return Err(TokenError::Invalid);
        }
        let kid = header.kid.ok_or(TokenError::Invalid)?;
        // Bound first: a guard in the `match` scrutinee would live through the refetch below,
        // which takes the write lock.
        let cached = self.keys.read().await.get(&kid).cloned();
        let key = match cached {
            Some(key) => key,
            None => {
                self.refetch().await?;
                self.keys
                    .read()
                    .await
                    .get(&kid)
                    .cloned()
                    .ok_or(TokenError::Invalid)?
            }
        };
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|error| match error.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }

    /// Fetches the key set now, whatever the last fetch.
    async fn reread(&self) -> Result<(), TokenError> {
        *self.last_fetch.lock().await = None;
        self.refetch().await
    }

    async fn refetch(&self) -> Result<(), TokenError> {
        if matches!(self.source, KeySource::Fixed) {
            return Ok(());
        }
        let mut last_fetch = self.last_fetch.lock().await;
        if last_fetch.is_some_and(|at| at.elapsed() < REFETCH_INTERVAL) {
            return Ok(());
        }
        let jwks = match &self.source {
            KeySource::Jwks { url, http } => fetch_jwks(http, url).await,
            KeySource::Loader(load) => load().await,
            KeySource::Fixed => unreachable!("returned above"),
        }
        .map_err(|error| TokenError::KeysUnavailable(error.to_string()))?;
        // Only a successful fetch counts: a failed one may be retried at once.
        *last_fetch = Some(Instant::now());
        self.set_keys(&jwks).await;
        Ok(())
    }
}

async fn fetch_jwks(http: &reqwest::Client, url: &str) -> anyhow::Result<JwkSet> {
    Ok(crate::http_client::with_correlation(http.get(url), None)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?)
}

fn decoding_keys(jwks: &JwkSet) -> HashMap<String, DecodingKey> {
    jwks.keys
        .iter()
        .filter_map(|jwk| {
            let kid = jwk.common.key_id.clone()?;
            let key = DecodingKey::from_jwk(jwk).ok()?;
            Some((kid, key))
        })
        .collect()
}

/// The caller, proven by a valid bearer token. Rejects with 401 otherwise.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: Uuid,
    pub username: String,
    pub role: Role,
    pub session_id: Uuid,
    pub email: Option<String>,
}

impl AuthUser {
    /// 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "You do not have permission to do this".into(),
            ))
        }
    }

    pub fn is_staff(&self) -> bool {
        matches!(self.role, Role::Staff | Role::Admin)
    }
}

pub fn bearer_token(parts: &Parts) -> Option<&str> {
    bearer_in(&parts.headers)
}

/// The bearer token of an `Authorization` header, for a service that calls another on the
/// caller's behalf.
pub fn bearer_in(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|token| !token.is_empty())
}

impl<S> FromRequestParts<S> for AuthUser
where
    Arc<TokenVerifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(TokenError::Missing)?;
        let verifier = Arc::<TokenVerifier>::from_ref(state);
        let claims = verifier.verify(token).await?;
        Ok(Self {
            id: claims.sub,
            username: claims.username,
            role: claims.role,
            session_id: claims.sid,
            email: claims.email,
        })
    }
}

/// The caller if a valid bearer token came with the request, else `None`: for public reads
/// that say a little more to the signed-in (their own holds on a seat map).
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl<S> FromRequestParts<S> for MaybeAuthUser
where
    Arc<TokenVerifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(AuthUser::from_request_parts(parts, state).await.ok()))
    }
}

/// An admin, or 401/403.
pub struct AdminUser(pub AuthUser);

impl<S> FromRequestParts<S> for AdminUser
where
    Arc<TokenVerifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        user.require(&[Role::Admin])?;
        Ok(Self(user))
    }
}
