//! Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane). Hashing
//! runs off the async threads; a login for an unknown account verifies against a dummy hash so
//! it takes as long as a wrong password.
//!
//! Each hash works in 19 MiB, so requests hash through [`HashingGate`]: only as many at once as
//! the memory budget allows, each in a buffer of the gate's own, used again while sign-ins go
//! on; the others wait briefly, then get a 503 with Retry-After. Without it, a burst of logins
//! took 19 MiB each at once (40 logins: 890 MiB). Once no hash has begun for [`LET_GO_AFTER`],
//! the gate lets its buffers go, so an idle service holds none of them (kept, they made it idle
//! at 98 MB rather than 16 after a minute of sign-ins). mimalloc gives freed buffers back to
//! the system (five bursts of sixteen sign-ins, each followed by 10 s without: 100 MB during
//! each, 16 MB after each); glibc's allocator, before, kept buffers allocated anew for each hash
//! in its per-thread arenas (600 MiB after a busy hour).

use std::{
    sync::{
        Arc, LazyLock, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, Version,
    password_hash::{Output, SaltString},
};
use service_kit::ApiError;
use tokio::sync::Semaphore;

/// The memory one hash takes: argon2's `m` in KiB (one block is 1 KiB).
const HASH_MEMORY_KIB: u32 = 19 * 1024;

/// How long the gate keeps its buffers once hashing stops. Making one anew costs a few
/// milliseconds of page faults beside a hash's tens; keeping four costs 76 MiB for good.
pub const LET_GO_AFTER: Duration = Duration::from_secs(10);

fn params() -> Params {
    Params::new(HASH_MEMORY_KIB, 2, 1, None).expect("OWASP parameters are valid")
}

/// The working memory of one hash.
type Memory = Vec<Block>;

fn new_memory() -> Memory {
    vec![Block::default(); HASH_MEMORY_KIB as usize]
}

/// Hashes `password` with a fresh salt, working in `memory`: the PHC string to store.
fn hash_in(memory: &mut Memory, password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|error| anyhow::anyhow!("{error}"))?;
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
    let output = compute(
        &hasher,
        memory,
        password,
        salt.as_salt(),
        Params::DEFAULT_OUTPUT_LEN,
    )?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params())
            .try_into()
            .map_err(|error| anyhow::anyhow!("{error}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string())
}

/// Whether `password` is the one `stored` (a PHC string) was made from, working in `memory`.
fn verify_in(memory: &mut Memory, password: &str, stored: &str) -> anyhow::Result<bool> {
    let stored = PasswordHash::new(stored)
        .map_err(|error| anyhow::anyhow!("stored hash unreadable: {error}"))?;
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        anyhow::bail!("stored hash lacks its salt or hash");
    };
    let algorithm = Algorithm::try_from(stored.algorithm).map_err(|e| anyhow::anyhow!("{e}"))?;
    let version = stored
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|error| anyhow::anyhow!("{error}"))?
        .unwrap_or_default();
    let params = Params::try_from(&stored).map_err(|error| anyhow::anyhow!("{error}"))?;
    let hasher = Argon2::new(algorithm, version, params);
    let computed = compute(&hasher, memory, password, salt, expected.len())?;
    // `Output`'s equality takes the same time wherever the first difference is.
    Ok(computed == expected)
}

/// Hashes `password` with `salt` into an output of `output_len` bytes, working in `memory`.
fn compute(
    hasher: &Argon2<'_>,
    memory: &mut Memory,
    password: &str,
    salt: argon2::password_hash::Salt<'_>,
    output_len: usize,
) -> anyhow::Result<Output> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    let blocks = hasher.params().block_count();
    // A hash stored with a larger cost than ours gets the memory it needs, this once.
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    Output::init_with(output_len, |out| {
        hasher
            .hash_password_into_with_memory(password.as_bytes(), salt, out, &mut memory[..blocks])
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(|error| anyhow::anyhow!("hashing failed: {error}"))
}

static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_in(&mut new_memory(), "not anyone's password").expect("hashing works"));

/// Hashes outside any gate (the command line, the demo accounts).
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_in(&mut new_memory(), &password)).await?
}

/// Checks `password` against `stored`, or against a dummy hash when there is no account, so
/// both cases cost the same time (outside any gate).
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || verify_or_dummy(&mut new_memory(), &password, stored))
        .await?
}

fn verify_or_dummy(
    memory: &mut Memory,
    password: &str,
    stored: Option<String>,
) -> anyhow::Result<bool> {
    let exists = stored.is_some();
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
    Ok(verify_in(memory, password, &stored)? && exists)
}

/// Bounds the hashing running at once by memory; requests queue for at most `queue_wait`.
#[derive(Clone)]
pub struct HashingGate {
    permits: Arc<Semaphore>,
    /// One working memory per permit, made on first use and kept while hashing goes on.
    memories: Arc<Mutex<Vec<Memory>>>,
    /// Hashes begun so far: the memories go when this has not moved for `let_go_after`.
    begun: Arc<AtomicU64>,
    let_go_after: Duration,
    queue_wait: Duration,
}

impl HashingGate {
    pub fn new(memory_budget_mib: u64, queue_wait: Duration) -> Self {
        let at_once = (memory_budget_mib * 1024 / u64::from(HASH_MEMORY_KIB)).max(1);
        Self {
            permits: Arc::new(Semaphore::new(at_once as usize)),
            memories: Default::default(),
            begun: Default::default(),
            let_go_after: LET_GO_AFTER,
            queue_wait,
        }
    }

    pub fn capacity(&self) -> usize {
        self.permits.available_permits()
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move |memory| hash_in(memory, &password)).await
    }

    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        self.run(move |memory| verify_or_dummy(memory, &password, stored))
            .await
    }

    /// Runs `work` off the async threads in one of the gate's memories, once a permit is free.
    /// The permit and the memory go with the work itself: a request dropped while its hash runs
    /// (the client gone) neither frees the permit early nor loses the memory.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> anyhow::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = self.wait_for_turn().await?;
        self.begun.fetch_add(1, Ordering::Relaxed);
        let gate = self.clone();
        let runtime = tokio::runtime::Handle::current();
        let outcome = tokio::task::spawn_blocking(move || {
            let mut memory = gate
                .memories
                .lock()
                .expect("not poisoned")
                .pop()
                .unwrap_or_else(new_memory);
            let outcome = work(&mut memory);
            gate.memories.lock().expect("not poisoned").push(memory);
            drop(permit);
            // Here, not after the await: a request dropped while its hash runs arms it too.
            gate.let_go_when_idle(&runtime);
            outcome
        })
        .await
        .map_err(anyhow::Error::from)?;
        Ok(outcome?)
    }

    /// Drops the idle memories once no hash has begun for `let_go_after` (a hash under way
    /// keeps its own and brings it back after).
    fn let_go_when_idle(&self, runtime: &tokio::runtime::Handle) {
        let seen = self.begun.load(Ordering::Relaxed);
        let (begun, memories) = (self.begun.clone(), self.memories.clone());
        let after = self.let_go_after;
        runtime.spawn(async move {
            tokio::time::sleep(after).await;
            if begun.load(Ordering::Relaxed) == seen {
                memories.lock().expect("not poisoned").clear();
            }
        });
    }

    async fn wait_for_turn(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        let permits = self.permits.clone();
        match tokio::time::timeout(self.queue_wait, permits.acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_closed)) => Err(anyhow::anyhow!("hashing gate closed").into()),
            Err(_elapsed) => {
                tracing::warn!("password hashing at capacity: request turned away");
                Err(ApiError::Busy {
                    detail: "Too many sign-ins at once. Try again in a moment.".into(),
                    retry_after_secs: 1,
                })
            }
        }
    }
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

    #[test]
    fn the_gate_lets_as_many_hashes_run_as_the_memory_budget_holds() {
        use std::time::Duration;
        assert_eq!(super::HashingGate::new(64, Duration::ZERO).capacity(), 3);
        assert_eq!(super::HashingGate::new(1, Duration::ZERO).capacity(), 1);
    }

    #[tokio::test]
    async fn a_request_that_waits_too_long_for_its_turn_is_told_to_retry() {
        use std::time::Duration;
        let gate = super::HashingGate::new(19, Duration::from_millis(20));
        let _held = gate.permits.acquire().await.unwrap();
        let refused = gate.verify("x".into(), None).await.unwrap_err();
        assert_eq!(
            refused.status(),
            axum::http::StatusCode::SERVICE_UNAVAILABLE
        );
        assert!(matches!(
            refused,
            service_kit::ApiError::Busy {
                retry_after_secs: 1,
                ..
            }
        ));
    }

    fn kept(gate: &super::HashingGate) -> usize {
        gate.memories.lock().unwrap().len()
    }

    #[tokio::test]
    async fn the_gate_lets_its_memory_go_once_no_hash_has_begun_for_a_while() {
        use std::time::{Duration, Instant};
        let mut gate = super::HashingGate::new(19, Duration::from_secs(5));
        gate.let_go_after = Duration::from_millis(50);
        gate.verify("x".into(), None).await.unwrap();
        let started = Instant::now();
        while kept(&gate) > 0 {
            assert!(started.elapsed() < Duration::from_secs(10), "memory kept");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }

        // Kept while hashing goes on: a hash begun since the last one ended.
        gate.verify("x".into(), None).await.unwrap();
        gate.let_go_when_idle(&tokio::runtime::Handle::current());
        gate.begun
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(kept(&gate), 1);
    }

    #[tokio::test]
    async fn a_sign_in_given_up_while_its_hash_runs_still_lets_the_memory_go() {
        use std::{
            sync::atomic::Ordering,
            time::{Duration, Instant},
        };
        let mut gate = super::HashingGate::new(19, Duration::from_secs(5));
        gate.let_go_after = Duration::from_millis(300);
        let asking = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.verify("x".into(), None).await })
        };
        while gate.begun.load(Ordering::Relaxed) == 0 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        asking.abort();

        // The hash goes on without its request: its memory comes back, then goes.
        let started = Instant::now();
        while kept(&gate) == 0 {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "never came back"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        while kept(&gate) > 0 {
            assert!(started.elapsed() < Duration::from_secs(10), "memory kept");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    #[tokio::test]
    async fn hashes_made_through_the_gate_verify_there_and_outside() {
        use std::time::Duration;
        let gate = super::HashingGate::new(19, Duration::from_secs(5));
        let hash = gate.hash("gate-pass-1".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            gate.verify("gate-pass-1".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !gate
                .verify("gate-pass-2".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            super::verify("gate-pass-1".into(), Some(hash))
                .await
                .unwrap()
        );
        // Hashes made by the argon2 crate's own hasher (all stored ones so far) verify too.
        let stored = argon2::PasswordHasher::hash_password(
            &argon2::Argon2::new(
                argon2::Algorithm::Argon2id,
                argon2::Version::V0x13,
                super::params(),
            ),
            b"older-pass-1",
            &argon2::password_hash::SaltString::encode_b64(&[7; 16]).unwrap(),
        )
        .unwrap()
        .to_string();
        assert!(
            gate.verify("older-pass-1".into(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !gate
                .verify("older-pass-2".into(), Some(stored))
                .await
                .unwrap()
        );
        assert!(!gate.verify("x".into(), None).await.unwrap());
    }
}
