//! Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane). Hashing
//! runs off the async threads; a login for an unknown account verifies against a dummy hash so
//! it takes as long as a wrong password.

use std::sync::LazyLock;

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::SaltString,
};

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|error| anyhow::anyhow!("{error}"))?;
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| anyhow::anyhow!("hashing failed: {error}"))?
        .to_string())
}

static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("not anyone's password").expect("hashing works"));

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

/// Checks `password` against `stored`, or against a dummy hash when there is no account, so
/// both cases cost the same time.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&stored)
            .map_err(|error| anyhow::anyhow!("stored hash unreadable: {error}"))?;
        let matches = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(exists && matches)
    })
    .await?
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = super::hash("test123456".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            super::verify("test123456".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !super::verify("test1234567".into(), Some(hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn no_account_never_verifies() {
        assert!(
            !super::verify("not anyone's password".into(), None)
                .await
                .unwrap()
        );
    }
}
