//! Accounts made from the command line: the first admin, and the demo accounts `make up` loads.

use std::io::BufRead;

use service_kit::auth::Role;
use sqlx::PgPool;

use crate::{
    password,
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
