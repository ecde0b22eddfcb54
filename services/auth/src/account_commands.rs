//! Accounts made from the command line: the first admin, and the demo accounts `make up` loads.

use std::io::BufRead;

use service_kit::auth::Role;
use sqlx::PgPool;

use service_kit::revocation::{self, Revoked};

use crate::{
    password, sessions,
    users::{self, Registration},
};

/// The demo accounts, one per role. Local development only: `make up` prints them.
pub const DEMO_ACCOUNTS: [(&str, &str, &str, Role); 3] = [
    (
        "customer",
        "customer@marquee.local",
        "Demo Customer",
        Role::Customer,
    ),
    ("staff", "staff@marquee.local", "Demo Staff", Role::Staff),
    ("admin", "admin@marquee.local", "Demo Admin", Role::Admin),
];
pub const DEMO_PASSWORD: &str = "marquee-demo";

pub async fn seed_demo_accounts(pool: &PgPool) -> anyhow::Result<()> {
    for (username, email, full_name, role) in DEMO_ACCOUNTS {
        if users::find_by_login(pool, username).await?.is_some() {
            continue;
        }
        let registration = Registration {
            email: email.into(),
            username: username.into(),
            password: DEMO_PASSWORD.into(),
            full_name: Some(full_name.into()),
            phone_number: None,
        };
        let hash = password::hash(DEMO_PASSWORD.into()).await?;
        users::insert(pool, &registration, &hash, role)
            .await
            .map_err(|error| anyhow::anyhow!("creating {username}: {error}"))?;
        tracing::info!(username, role = role.as_str(), "demo account created");
    }
    Ok(())
}

/// `auth-service create-admin --email E --username U [--full-name N]`; the password comes from
/// AUTH_ADMIN_PASSWORD or the first line of standard input, never from the command line (where
/// other users of the machine could read it).
pub async fn create_admin(pool: &PgPool, args: Vec<String>) -> anyhow::Result<()> {
    let mut email = None;
    let mut username = None;
    let mut full_name = None;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))?;
        match flag.as_str() {
            "--email" => email = Some(value),
            "--username" => username = Some(value),
            "--full-name" => full_name = Some(value),
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    let password = match std::env::var("AUTH_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let registration = Registration {
        email: email.ok_or_else(|| anyhow::anyhow!("--email is required"))?,
        username: username.ok_or_else(|| anyhow::anyhow!("--username is required"))?,
        password,
        full_name,
        phone_number: None,
    }
    .validated()
    .map_err(|error| anyhow::anyhow!("{error:?}"))?;
    let hash = password::hash(registration.password.clone()).await?;
    let user = users::insert(pool, &registration, &hash, Role::Admin)
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    println!("created admin {} ({})", user.username, user.id);
    Ok(())
}

/// `auth-service disable-account --username U` (or the email): the account can no longer sign
/// in, its sessions end, and its access tokens stop working in every service within seconds.
pub async fn disable_account(pool: &PgPool, args: Vec<String>) -> anyhow::Result<()> {
    let login = match args.as_slice() {
        [flag, login] if flag == "--username" => login,
        _ => anyhow::bail!("usage: disable-account --username U"),
    };
    let user = users::find_by_login(pool, login)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account {login}"))?;
    let mut tx = pool.begin().await?;
    users::set_active(&mut *tx, user.id, false).await?;
    let ended = sessions::revoke_all(&mut *tx, user.id).await?;
    tx.commit().await?;
    let config = crate::config::AuthConfig::from_env()?;
    let redis = service_kit::cache::LazyRedis::open(
        &service_kit::config::var("REDIS_URL")
            .unwrap_or_else(|| service_kit::config::DEFAULT_REDIS_URL.into()),
    )?;
    let until = chrono::Utc::now() + config.access_token_ttl + std::time::Duration::from_secs(60);
    revocation::revoke(&redis, Revoked::User(user.id), until).await?;
    println!(
        "disabled {} ({}); {ended} session(s) ended",
        user.username, user.id
    );
    Ok(())
}
