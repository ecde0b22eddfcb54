//! The auth service's endpoints, in the original API's paths and shapes.

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use service_kit::{
    ApiError, ApiResult, Form, Json, Validator,
    auth::{AuthUser, Claims, Role},
    client_address::ClientAddress,
    openapi::ErrorBody,
    revocation::{self, Revoked},
};
use uuid::Uuid;

use crate::{
    AppState,
    keys::{self, JsonWebKeySet},
    sessions::{self, Redemption},
    users::{self, AccountRole, ProfileUpdate, Registration, User, UserRow},
};

/// What `POST /logout` and `POST /change-password` answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Message {
    pub message: &'static str,
}

/// Creates a customer account (sign in with `POST /token` afterwards).
#[utoipa::path(post, path = "/register", tag = "accounts",
    request_body = Registration,
    responses(
        (status = 201, description = "The new account", body = User),
        (status = 400, description = "The email or the username is taken (`email_taken`, \
            `username_taken`), or the body is not well-formed JSON", body = ErrorBody),
        (status = 422, description = "Fields that are not valid: `detail` lists them", body = ErrorBody),
        (status = 503, description = "Too many sign-ups and sign-ins at once: try again after \
            `Retry-After` seconds", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait")))))]
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
#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginForm {
    /// The username or the email.
    pub username: String,
    #[schema(format = Password)]
    pub password: String,
}

/// A session's tokens: the access token (an EdDSA JWT, `Authorization: Bearer ...`) and the
/// refresh token that gets the next pair from `POST /refresh`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// `bearer`.
    #[schema(examples("bearer"))]
    pub token_type: &'static str,
    pub refresh_token: String,
    /// Seconds the access token lives.
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

/// Signs in (OAuth2 password flow): a new session's tokens.
#[utoipa::path(post, path = "/token", tag = "sessions",
    request_body(content = LoginForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Incorrect username or password (`invalid_credentials`)",
            body = ErrorBody, headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        (status = 403, description = "The account is disabled (`account_disabled`)", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this account from this address, \
            or from this address (`login_locked`; `params.seconds`)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the lock ends"))),
        (status = 503, description = "Too many sign-ins at once: try again after `Retry-After` \
            seconds", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait")))))]
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

/// `POST /refresh`'s body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Uses up a refresh token for the session's next pair of tokens (a token used twice ends the
/// session).
#[utoipa::path(post, path = "/refresh", tag = "sessions",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "The session's next tokens", body = TokenResponse),
        (status = 401, description = "The refresh token is unknown, expired, revoked or used \
            before (then the session is ended), or its account is disabled", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`")))))]
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

/// `POST /logout`'s body, which may be left out (empty).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct LogoutRequest {
    /// A refresh token of the caller's other session to end as well.
    pub refresh_token: Option<String>,
}

/// Ends the caller's session (and the one `refresh_token` belongs to, if given).
#[utoipa::path(post, path = "/logout", tag = "sessions",
    security(("bearer" = [])),
    request_body(content = Option<LogoutRequest>, content_type = "application/json",
        description = "Optional: an empty body is the same as `{}`; read whatever its content type"),
    responses(
        (status = 200, description = "Signed out", body = Message),
        (status = 400, description = "The body is not empty and not a JSON object of this shape",
            body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    caller: AuthUser,
    body: axum::body::Bytes,
) -> ApiResult<Json<Message>> {
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
    Ok(Json(Message {
        message: "Logged out",
    }))
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

/// `GET /verify`: the token's account, as it is now.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Verified {
    /// Always `true` (an invalid token gets 401).
    pub valid: bool,
    pub user_id: Uuid,
    pub username: String,
    pub email: String,
    pub full_name: Option<String>,
    pub phone_number: Option<String>,
    #[schema(value_type = AccountRole)]
    pub role: Role,
    pub is_active: bool,
}

/// Checks the token: its session must still stand and its account be active.
#[utoipa::path(get, path = "/verify", tag = "sessions",
    security(("bearer" = [])),
    responses((status = 200, description = "The token is good", body = Verified)))]
pub async fn verify(State(state): State<AppState>, caller: AuthUser) -> ApiResult<Json<Verified>> {
    let user = current_user(&state, &caller).await?;
    Ok(Json(Verified {
        valid: true,
        user_id: user.id,
        username: user.username,
        email: user.email,
        full_name: user.full_name,
        phone_number: user.phone_number,
        role: user.role,
        is_active: user.is_active,
    }))
}

/// The caller's account.
#[utoipa::path(get, path = "/users/me", tag = "accounts",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller's account", body = User)))]
pub async fn me(State(state): State<AppState>, caller: AuthUser) -> ApiResult<Json<User>> {
    Ok(Json(current_user(&state, &caller).await?.into()))
}

/// Changes the caller's email, full name, phone number or language.
#[utoipa::path(put, path = "/profile", tag = "accounts",
    security(("bearer" = [])),
    request_body = ProfileUpdate,
    responses(
        (status = 200, description = "The account, changed", body = User),
        (status = 400, description = "The email belongs to another account (`email_taken`), or \
            the body is not well-formed JSON", body = ErrorBody),
        (status = 404, description = "The account is gone", body = ErrorBody),
        (status = 422, description = "Fields that are not valid, or not known: `detail` lists them",
            body = ErrorBody)))]
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

/// `POST /change-password`'s body. No `Debug`: it carries passwords.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordChange {
    #[schema(format = Password)]
    pub current_password: String,
    /// 8 to 128 characters.
    #[schema(format = Password)]
    pub new_password: String,
}

/// Changes the caller's password; the caller's other sessions are ended.
#[utoipa::path(post, path = "/change-password", tag = "accounts",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 200, description = "Changed; other sessions signed out", body = Message),
        (status = 400, description = "The current password is incorrect (`wrong_password`), or \
            the body is not well-formed JSON", body = ErrorBody),
        (status = 422, description = "The new password is not valid: `detail` says why",
            body = ErrorBody),
        (status = 429, description = "Too many wrong current passwords (`login_locked`; \
            `params.seconds`)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the lock ends"))),
        (status = 503, description = "Too many sign-ins at once: try again after `Retry-After` \
            seconds", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait")))))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: AuthUser,
    client: ClientAddress,
    Json(change): Json<PasswordChange>,
) -> ApiResult<Json<Message>> {
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
    Ok(Json(Message {
        message: "Password changed; other sessions have been signed out",
    }))
}

/// The public keys that verify access tokens (JWKS): the active one and those retired recently.
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "keys",
    responses((status = 200, description = "The key set", body = JsonWebKeySet,
        headers(("Cache-Control" = String, description = "`public, max-age=300`")))))]
pub async fn jwks(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let grace = state.config.access_token_ttl + std::time::Duration::from_secs(60);
    let set = keys::published(&state.pool, grace).await?;
    Ok((
        [(axum::http::header::CACHE_CONTROL, "public, max-age=300")],
        Json(set),
    ))
}
