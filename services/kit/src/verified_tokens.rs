//! Access tokens whose signature has been checked already. A signed-in customer sends the same
//! access token with every request for as long as it lives (15 minutes), and checking an
//! Ed25519 signature cost a fifth of the booking service's CPU under a premiere's contended
//! holds, more than reading the seats. So a token that verified is remembered, by its exact
//! text, with its claims.
//!
//! Only what the token's text decides is remembered: its signature, issuer and audience. What
//! changes while it is remembered is checked on every use: its expiry here, and its session's
//! revocation by the verifier. A change of the keys (rotation, a key withdrawn) forgets every
//! token verified with the keys before.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use moka::sync::Cache;

use crate::auth::Claims;

/// Tokens remembered at once: some 10,000 signed-in visitors, a few MB.
const CAPACITY: u64 = 10_000;
/// Longer than an access token lives: a token is forgotten once it could no longer verify.
const LONGEST_KEPT: Duration = Duration::from_secs(20 * 60);

/// What a remembered token proved: its claims, under which keys.
#[derive(Clone)]
struct Verified {
    keys_generation: u64,
    claims: Arc<Claims>,
}

pub(crate) struct VerifiedTokens {
    tokens: Cache<String, Verified>,
    /// Counts every change of the keys: a token is remembered under the count when its check
    /// began, and counts only while the keys are still those.
    keys_generation: AtomicU64,
    signature_checks: AtomicU64,
}

impl VerifiedTokens {
    pub(crate) fn new() -> Self {
        Self {
            tokens: Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(LONGEST_KEPT)
                .build(),
            keys_generation: AtomicU64::new(0),
            signature_checks: AtomicU64::new(0),
        }
    }

    /// The keys as they are now, for a check about to begin.
    pub(crate) fn keys_generation(&self) -> u64 {
        self.keys_generation.load(Ordering::Acquire)
    }

    /// The keys changed: every token checked before must be checked again.
    pub(crate) fn keys_changed(&self) {
        self.keys_generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The claims of `token` if it verified under the current keys.
    pub(crate) fn get(&self, token: &str) -> Option<Arc<Claims>> {
        let verified = self.tokens.get(token)?;
        (verified.keys_generation == self.keys_generation()).then_some(verified.claims)
    }

    /// Remembers that `token` verified with the keys of `keys_generation`, with `claims`.
    pub(crate) fn remember(
        &self,
        token: &str,
        keys_generation: u64,
        claims: Claims,
    ) -> Arc<Claims> {
        self.signature_checks.fetch_add(1, Ordering::Relaxed);
        let claims = Arc::new(claims);
        self.tokens.insert(
            token.to_owned(),
            Verified {
                keys_generation,
                claims: claims.clone(),
            },
        );
        claims
    }

    /// Signatures checked and found good so far.
    pub(crate) fn signature_checks(&self) -> u64 {
        self.signature_checks.load(Ordering::Relaxed)
    }
}

/// Whether claims have expired at `now` (seconds since the epoch), allowing clocks `leeway`
/// seconds apart: the rule `jsonwebtoken` applies when it checks a signature.
pub(crate) fn expired(claims: &Claims, now: i64, leeway: u64) -> bool {
    claims.exp < now.saturating_sub_unsigned(leeway)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::auth::Role;

    fn claims(exp: i64) -> Claims {
        Claims {
            iss: "marquee-auth".into(),
            aud: "marquee".into(),
            sub: Uuid::from_u128(1),
            exp,
            iat: exp - 900,
            jti: Uuid::from_u128(2),
            sid: Uuid::from_u128(3),
            role: Role::Customer,
            username: "ana".into(),
            email: None,
        }
    }

    #[test]
    fn remembered_claims_expire_at_their_expiry_give_or_take_the_leeway() {
        let claims = claims(1_000);
        assert!(!expired(&claims, 1_000, 5));
        assert!(!expired(&claims, 1_005, 5));
        assert!(expired(&claims, 1_006, 5));
    }

    #[test]
    fn a_token_remembered_under_keys_since_changed_is_not_known() {
        let tokens = VerifiedTokens::new();
        let generation = tokens.keys_generation();
        tokens.remember("a.b.c", generation, claims(1_000));
        assert!(tokens.get("a.b.c").is_some());
        assert!(tokens.get("a.b.d").is_none());

        tokens.keys_changed();

        assert!(tokens.get("a.b.c").is_none());
    }
}
