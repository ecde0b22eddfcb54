//! The Ed25519 keys that sign access tokens, kept in the auth database so every instance of the
//! service signs with the same key and a rotation reaches all of them.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{SigningKey, pkcs8::EncodePrivateKey};
use jsonwebtoken::{
    Algorithm, EncodingKey, Header,
    jwk::{
        AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm,
        OctetKeyPairParameters, OctetKeyPairType, PublicKeyUse,
    },
};
use service_kit::auth::Claims;
use sqlx::{PgConnection, PgExecutor, PgPool};

#[derive(sqlx::FromRow)]
struct KeyRow {
    kid: String,
    private_key: Vec<u8>,
    public_key: Vec<u8>,
}

/// The key that signs now.
pub struct ActiveKey {
    kid: String,
    encoding: EncodingKey,
}

impl ActiveKey {
    pub fn sign(&self, claims: &Claims) -> anyhow::Result<String> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        Ok(jsonwebtoken::encode(&header, claims, &self.encoding)?)
    }
}

/// Whoever holds this lock sees every key made before it: creating and rotating keys take it, so
/// two instances (or two first sign-ins) never each make a key of their own.
const KEYS_LOCK: i64 = 7318;

/// Makes a new key the signing key; the previous one stays published (retired) so tokens it
/// signed keep verifying until they expire.
pub async fn rotate(pool: &PgPool) -> anyhow::Result<String> {
    let mut tx = pool.begin().await?;
    lock_keys(&mut tx).await?;
    let kid = replace_signing_key(&mut tx).await?;
    tx.commit().await?;
    tracing::info!(kid, "new signing key");
    Ok(kid)
}

/// The current signing key, creating the first one when there is none.
pub async fn active(pool: &PgPool) -> anyhow::Result<ActiveKey> {
    let row = match current(pool).await? {
        Some(row) => row,
        None => first_key(pool).await?,
    };
    Ok(ActiveKey {
        encoding: EncodingKey::from_ed_der(&row.private_key),
        kid: row.kid,
    })
}

/// Makes the first signing key, once: the sign-ins (and instances) that find none at the same
/// time wait for the lock, and all but the first find the key it made. Each making one of its
/// own would put tokens signed by several keys in circulation at once, which the services,
/// reading the published keys at most once a second, refuse until they read them again.
async fn first_key(pool: &PgPool) -> anyhow::Result<KeyRow> {
    let mut tx = pool.begin().await?;
    lock_keys(&mut tx).await?;
    let row = match current(&mut *tx).await? {
        Some(made_meanwhile) => made_meanwhile,
        None => {
            let kid = replace_signing_key(&mut tx).await?;
            tracing::info!(kid, "first signing key");
            current(&mut *tx)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no signing key"))?
        }
    };
    tx.commit().await?;
    Ok(row)
}

async fn lock_keys(tx: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(KEYS_LOCK)
        .execute(tx)
        .await
        .map(drop)
}

/// Retires the signing key and makes a new one, in the caller's transaction.
async fn replace_signing_key(tx: &mut PgConnection) -> anyhow::Result<String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    let signing = SigningKey::from_bytes(&seed);
    let der = signing
        .to_pkcs8_der()
        .map_err(|error| anyhow::anyhow!("encoding the key: {error}"))?;
    let public = signing.verifying_key().to_bytes();
    let kid = format!(
        "{}-{}",
        chrono::Utc::now().format("%Y%m%d%H%M%S"),
        &hex(&public)[..8]
    );
    sqlx::query("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO signing_keys (kid, private_key, public_key) VALUES ($1, $2, $3)")
        .bind(&kid)
        .bind(der.as_bytes())
        .bind(public.as_slice())
        .execute(&mut *tx)
        .await?;
    Ok(kid)
}

async fn current(executor: impl PgExecutor<'_>) -> sqlx::Result<Option<KeyRow>> {
    sqlx::query_as(
        "SELECT kid, private_key, public_key FROM signing_keys
         WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1",
    )
    .fetch_optional(executor)
    .await
}

/// `GET /.well-known/jwks.json`'s answer, as [`published`]'s [`JwkSet`] is written (its schema;
/// `jsonwebtoken`'s types carry none).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct JsonWebKeySet {
    /// The active key first, then those retired recently.
    pub keys: Vec<JsonWebKey>,
}

/// One Ed25519 public key (RFC 8037).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct JsonWebKey {
    /// `sig`.
    #[serde(rename = "use")]
    #[schema(examples("sig"))]
    pub public_key_use: String,
    /// `EdDSA`.
    #[schema(examples("EdDSA"))]
    pub alg: String,
    /// The key's id, which a token's header names.
    pub kid: String,
    /// `OKP`.
    #[schema(examples("OKP"))]
    pub kty: String,
    /// `Ed25519`.
    #[schema(examples("Ed25519"))]
    pub crv: String,
    /// The public key, base64url without padding.
    pub x: String,
}

/// The public keys that verify tokens still in circulation: the active one and those retired
/// less than `grace` ago.
pub async fn published(pool: &PgPool, grace: std::time::Duration) -> sqlx::Result<JwkSet> {
    let rows: Vec<KeyRow> = sqlx::query_as(
        "SELECT kid, private_key, public_key FROM signing_keys
         WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)
         ORDER BY created_at DESC",
    )
    .bind(grace.as_secs_f64())
    .fetch_all(pool)
    .await?;
    Ok(JwkSet {
        keys: rows
            .iter()
            .map(|row| jwk(&row.kid, &row.public_key))
            .collect(),
    })
}

fn jwk(kid: &str, public_key: &[u8]) -> Jwk {
    Jwk {
        common: CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::EdDSA),
            key_id: Some(kid.to_owned()),
            ..Default::default()
        },
        algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
            key_type: OctetKeyPairType::OctetKeyPair,
            curve: EllipticCurve::Ed25519,
            x: URL_SAFE_NO_PAD.encode(public_key),
        }),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
