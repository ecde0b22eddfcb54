//! The Ed25519 seed e-tickets are signed with, kept in `ticket_keys`.

use sqlx::PgPool;

/// The stored seed, storing `candidate` first if there is none (the first instance to store one
/// wins, so every instance signs with the same key).
pub async fn seed_or_store(pool: &PgPool, candidate: &[u8; 32]) -> sqlx::Result<Vec<u8>> {
    sqlx::query(
        "INSERT INTO ticket_keys (seed) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM ticket_keys)",
    )
    .bind(candidate.as_slice())
    .execute(pool)
    .await?;
    sqlx::query_scalar("SELECT seed FROM ticket_keys ORDER BY id LIMIT 1")
        .fetch_one(pool)
        .await
}
