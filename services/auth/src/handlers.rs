//! The auth service's endpoints, in the original API's paths and shapes.

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use service_kit::{
    ApiError, ApiResult, Form, Json, Validator,
    auth::{AuthUser, Claims, Role},
    client_address::ClientAddress,
    revocation::{self, Revoked},
};
use uuid::Uuid;

use crate::{
    AppState, keys,
    sessions::{self, Redemption},
    users::{self, ProfileUpdate, Registration, User, UserRow},
};

pub async fn register(
    State(state): State<AppState>,
    Json(registration): Json<Registration>,
) -> ApiResult<impl IntoResponse> {
    let registration = registration.validated()?;
    let hash = state.hashing.hash(registration.password.clone()).await?;
    let user = users::insert(&state.pool, &registration, &hash, Role::Customer).await?;
    tracing::info!(user = %user.id, "account registered");
    Ok((StatusCode::CREATED, Json(user)))
}

/// OAuth2 password flow: `username` may be the username or the email. No `Debug`: it carries a
/// password, which must never reach a log line.
#[derive(Deserialize)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub refresh_token: String,
    pub expires_in: u64,
    pub user: User,
}

const BAD_CREDENTIALS: &str = "Incorrect username or password";

/// What failed logins are counted against: the account itself when the login names one, so
/// trying its username and its email does not double the guesses; else the login as typed.
fn account_key(user: Option<&UserRow>, login: &str) -> String {
    match user {
        Some(user) => format!("user:{}", user.id),
        None => login.trim().to_lowercase(),
    }
}

pub async fn token(
    State(state): State<AppState>,
    client: ClientAddress,
    Form(form): Form<LoginForm>,
) -> ApiResult<Json<TokenResponse>> {
    let address = client.to_string();
    let user = users::find_by_login(&state.pool, form.username.trim()).await?;
    let account = account_key(user.as_ref(), &form.username);
    state.throttle.check(&account, &address).await?;
    let hash = user.as_ref().map(|user| user.password_hash.clone());
    let password_ok = state.hashing.verify(form.password, hash).await?;
    let Some(user) = user.filter(|_| password_ok) else {
        state.throttle.failed(&account, &address).await;
        return Err(ApiError::Unauthorized(BAD_CREDENTIALS.into()).coded("invalid_credentials"));
    };
    if !user.is_active {
        return Err(
            ApiError::Forbidden("This account is disabled".into()).coded("account_disabled")
        );
    }
    state.throttle.succeeded(&account, &address).await;
    let response = start_session(&state, user, None).await?;
    tracing::info!(user = %response.user.id, "logged in");
    Ok(Json(response))
}

/// Issues an access token and a refresh token: in a new session, or the next pair of `family`.
async fn start_session(
    state: &AppState,
    user: UserRow,
    family: Option<Uuid>,
) -> ApiResult<TokenResponse> {
    let config = &state.config;
    let now = Utc::now();
    let family_id = family.unwrap_or_else(Uuid::new_v4);
    // The signing key first, on a connection of its own: asked for while the transaction below
    // holds one, ten logins at once held every connection of the pool and waited for an
    // eleventh until they timed out (503s under a burst of sign-ins).
    let signing_key = keys::active(&state.pool).await?;
    let mut tx = state.pool.begin().await?;
    let refresh =
        sessions::issue(&mut tx, user.id, family_id, now + config.refresh_token_ttl).await?;
    let claims = Claims {
        iss: config.issuer.clone(),
        aud: config.audience.clone(),
        sub: user.id,
        iat: now.timestamp(),
        exp: (now + config.access_token_ttl).timestamp(),
        jti: Uuid::new_v4(),
        sid: refresh.family_id,
        role: user.role,
        username: user.username.clone(),
        email: Some(user.email.clone()),
    };
    let access_token = signing_key.sign(&claims)?;
    tx.commit().await?;
    Ok(TokenResponse {
        access_token,
        token_type: "bearer",
        refresh_token: refresh.token,
        expires_in: config.access_token_ttl.as_secs(),
        user: user.into(),
    })
}

#[derive(Debug, Deserialize)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

pub async fn refresh(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> ApiResult<Json<TokenResponse>> {
    let mut tx = state.pool.begin().await?;
    let redemption = sessions::redeem(&mut tx, &request.refresh_token, &state.config).await?;
    // The use (or the family's revocation) stands whatever happens next.
    tx.commit().await?;
    let stored = match redemption {
        Redemption::Valid(stored) => stored,
        Redemption::Invalid => {
            return Err(ApiError::Unauthorized("Invalid refresh token".into()));
        }
        Redemption::Reused(session) => {
            revoke_tokens(&state, [Revoked::Session(session)]).await;
            return Err(ApiError::Unauthorized(
                "Refresh token already used; the session has been ended for safety".into(),
            ));
        }
    };
    let user = users::find(&state.pool, stored.user_id)
        .await?
        .filter(|user| user.is_active)
        .ok_or_else(|| ApiError::Unauthorized("Invalid refresh token".into()))?;
    Ok(Json(
        start_session(&state, user, Some(stored.family_id)).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct LogoutRequest {
    pub refresh_token: Option<String>,
}

pub async fn logout(
    State(state): State<AppState>,
    caller: AuthUser,
    body: axum::body::Bytes,
) -> ApiResult<Json<serde_json::Value>> {
    // The body is optional: the original's clients send none.
    let request: LogoutRequest = if body.iter().all(u8::is_ascii_whitespace) {
        LogoutRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|error| ApiError::BadRequest(format!("Invalid JSON body: {error}")))?
    };
    sessions::revoke_family(&state.pool, caller.session_id).await?;
    let mut ended = vec![Revoked::Session(caller.session_id)];
    if let Some(token) = request.refresh_token
        && let Some(family) = sessions::family_of(&state.pool, &token, caller.id).await?
    {
        sessions::revoke_family(&state.pool, family).await?;
        ended.push(Revoked::Session(family));
    }
    revoke_tokens(&state, ended).await;
    Ok(Json(json!({ "message": "Logged out" })))
}

/// The access tokens of what `revoked` names stop working in every service within seconds
/// (they would otherwise live on until they expire). Should Redis be away, that is logged: the
/// sessions are ended in the database all the same, so they cannot be refreshed.
pub(crate) async fn revoke_tokens(state: &AppState, revoked: impl IntoIterator<Item = Revoked>) {
    // A token issued just now lives this long, verifiers' leeway included.
    let until = Utc::now() + state.config.access_token_ttl + std::time::Duration::from_secs(60);
    for revoked in revoked {
        if let Err(error) = revocation::revoke(&state.redis, revoked, until).await {
            tracing::error!(%error, ?revoked, "access tokens not revoked: Redis unavailable");
        }
    }
}

/// The caller's account, provided the session behind the token still stands.
async fn current_user(state: &AppState, caller: &AuthUser) -> ApiResult<UserRow> {
    if !sessions::is_active(&state.pool, caller.session_id).await? {
        return Err(ApiError::Unauthorized("Session has ended".into()));
    }
    users::find(&state.pool, caller.id)
        .await?
        .filter(|user| user.is_active)
        .ok_or_else(|| ApiError::Unauthorized("Account is not active".into()))
}

pub async fn verify(
    State(state): State<AppState>,
    caller: AuthUser,
) -> ApiResult<Json<serde_json::Value>> {
    let user = current_user(&state, &caller).await?;
    Ok(Json(json!({
        "valid": true,
        "user_id": user.id,
        "username": user.username,
        "email": user.email,
        "full_name": user.full_name,
        "phone_number": user.phone_number,
        "role": user.role,
        "is_active": user.is_active,
    })))
}

pub async fn me(State(state): State<AppState>, caller: AuthUser) -> ApiResult<Json<User>> {
    Ok(Json(current_user(&state, &caller).await?.into()))
}

pub async fn update_profile(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(update): Json<ProfileUpdate>,
) -> ApiResult<Json<User>> {
    current_user(&state, &caller).await?;
    let update = update.validated()?;
    Ok(Json(
        users::update_profile(&state.pool, caller.id, &update).await?,
    ))
}

#[derive(Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    caller: AuthUser,
    client: ClientAddress,
    Json(change): Json<PasswordChange>,
) -> ApiResult<Json<serde_json::Value>> {
    let user = current_user(&state, &caller).await?;
    let mut validator = Validator::default();
    users::check_password(&mut validator, "new_password", &change.new_password);
    validator.finish()?;
    // A stolen access token must not become a way to guess the password without limit.
    let (account, address) = (account_key(Some(&user), ""), client.to_string());
    state.throttle.check(&account, &address).await?;
    if !state
        .hashing
        .verify(change.current_password, Some(user.password_hash))
        .await?
    {
        state.throttle.failed(&account, &address).await;
        return Err(
            ApiError::BadRequest("Current password is incorrect".into()).coded("wrong_password")
        );
    }
    state.throttle.succeeded(&account, &address).await;
    let hash = state.hashing.hash(change.new_password).await?;
    let mut tx = state.pool.begin().await?;
    users::set_password(&mut *tx, user.id, &hash).await?;
    let ended = sessions::revoke_others(&mut *tx, user.id, caller.session_id).await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, ended = ended.len(), "password changed");
    revoke_tokens(&state, ended.into_iter().map(Revoked::Session)).await;
    Ok(Json(
        json!({ "message": "Password changed; other sessions have been signed out" }),
    ))
}

pub async fn jwks(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let grace = state.config.access_token_ttl + std::time::Duration::from_secs(60);
    let set = keys::published(&state.pool, grace).await?;
    Ok((
        [(axum::http::header::CACHE_CONTROL, "public, max-age=300")],
        Json(set),
    ))
}
