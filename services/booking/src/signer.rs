//! The key e-tickets are signed with: `TICKET_SIGNING_KEY` when configured, else the one kept
//! in the database (made on first use), loaded once and then kept.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::SigningKey;
use sqlx::PgPool;

use crate::repo;

/// Signs and checks tickets with the service's key, loaded once and then kept.
#[derive(Clone)]
pub struct TicketSigner {
    pool: PgPool,
    /// `TICKET_SIGNING_KEY`, if set: a base64url seed that overrides the stored key.
    configured: Option<String>,
    key: std::sync::Arc<tokio::sync::OnceCell<SigningKey>>,
}

impl TicketSigner {
    pub fn new(pool: PgPool, configured: Option<String>) -> Self {
        Self {
            pool,
            configured,
            key: Default::default(),
        }
    }

    pub async fn key(&self) -> anyhow::Result<&SigningKey> {
        self.key
            .get_or_try_init(|| load_key(&self.pool, self.configured.as_deref()))
            .await
    }
}

/// The signing key: the configured seed, else the one kept in the database, made on first use.
async fn load_key(pool: &PgPool, configured: Option<&str>) -> anyhow::Result<SigningKey> {
    if let Some(seed) = configured {
        let bytes: [u8; 32] = URL_SAFE_NO_PAD
            .decode(seed)?
            .try_into()
            .map_err(|_| anyhow::anyhow!("TICKET_SIGNING_KEY must be 32 bytes"))?;
        return Ok(SigningKey::from_bytes(&bytes));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|error| anyhow::anyhow!("randomness: {error}"))?;
    let stored: [u8; 32] = repo::ticket_keys::seed_or_store(pool, &seed)
        .await?
        .try_into()
        .map_err(|_| anyhow::anyhow!("stored ticket key is not 32 bytes"))?;
    Ok(SigningKey::from_bytes(&stored))
}
