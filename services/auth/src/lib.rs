//! The auth service: accounts, passwords (argon2id), sessions with rotating refresh tokens, and
//! the Ed25519 keys that sign the access tokens every other service trusts.

pub mod account_commands;
pub mod config;
pub mod handlers;
pub mod keys;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod users;

use std::sync::Arc;

use axum::extract::FromRef;
use service_kit::{
    ServiceContext,
    auth::TokenVerifier,
    cache::LazyRedis,
    cli::{Needs, ServiceSpec},
    openapi::ApiRouter,
    revocation::RevocationList,
};
use sqlx::{PgPool, migrate::Migrator};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{config::AuthConfig, password::HashingGate, throttle::LoginThrottle};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/auth");

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub config: AuthConfig,
    pub verifier: Arc<TokenVerifier>,
    pub throttle: LoginThrottle,
    pub hashing: HashingGate,
    /// Where revoked sessions are listed for every verifier (see `service_kit::revocation`).
    pub redis: LazyRedis,
}

pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "auth",
        default_port: 8001,
        needs: &[Needs::Database, Needs::Redis],
        migrator: &MIGRATOR,
        routes,
        seed: Some(|pool| {
            Box::pin(async move { account_commands::seed_demo_accounts(&pool).await })
        }),
        commands: &[
            (
                "create-admin",
                "--email E --username U (password from AUTH_ADMIN_PASSWORD or stdin)",
                |pool, args| {
                    Box::pin(async move { account_commands::create_admin(&pool, args).await })
                },
            ),
            (
                "disable-account",
                "--username U (or the email)",
                |pool, args| {
                    Box::pin(async move { account_commands::disable_account(&pool, args).await })
                },
            ),
            ("rotate-key", "", |pool, _| {
                Box::pin(async move { keys::rotate(&pool).await.map(drop) })
            }),
        ],
    }
}

pub fn routes(context: &ServiceContext, pool: PgPool) -> anyhow::Result<ApiRouter> {
    let config = AuthConfig::from_env()?;
    let redis = LazyRedis::open(&context.config.redis_url)?;
    let verifier = {
        let pool = pool.clone();
        let grace = config.access_token_ttl + std::time::Duration::from_secs(60);
        TokenVerifier::from_loader(
            Arc::new(move || {
                let pool = pool.clone();
                Box::pin(async move { Ok(keys::published(&pool, grace).await?) })
            }),
            &config.issuer,
            &config.audience,
        )
        .reread_keys_periodically()
        .with_revocations(RevocationList::kept_from(redis.clone()))
    };
    if service_kit::config::background_work_enabled() {
        sessions::spawn_pruning(pool.clone(), std::time::Duration::from_secs(3600));
    }
    let state = AppState {
        throttle: LoginThrottle::new(redis.clone(), config.clone()),
        redis,
        hashing: HashingGate::new(config.hashing_memory_mib, config.hashing_queue_wait),
        pool,
        config,
        verifier,
    };
    Ok(OpenApiRouter::new()
        .routes(routes!(handlers::register))
        .routes(routes!(handlers::token))
        .routes(routes!(handlers::refresh))
        .routes(routes!(handlers::logout))
        .routes(routes!(handlers::verify))
        .routes(routes!(handlers::me))
        .routes(routes!(handlers::update_profile))
        .routes(routes!(handlers::change_password))
        .routes(routes!(handlers::jwks))
        // Accounts and sign-ins are a few short fields.
        .layer(axum::extract::DefaultBodyLimit::max(8 * 1024))
        .with_state(state))
}
