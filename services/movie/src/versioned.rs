//! Reads of the catalog kept in this process's memory under the catalog version they were read
//! at, so the hottest reads (a seat map's plan, a showtime, a listing) cost no query while the
//! catalog does not change. Any admin change bumps the version (`cache::CatalogCache`): a copy
//! under an older version is never served, and is read again.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

/// Copies by key, each under the catalog version it was read at.
pub struct Versioned<K, T> {
    entries: Arc<RwLock<HashMap<K, Entry<T>>>>,
    /// A copy is read again after this long even if the version seems unchanged: in case a
    /// version bump never reached Redis, or the copy depends on the clock (what is still to
    /// come).
    lifetime: Duration,
    /// Copies kept at most; the older half goes when full.
    capacity: usize,
}

struct Entry<T> {
    catalog_version: String,
    read_at: Instant,
    value: Arc<T>,
}

impl<K, T> Clone for Versioned<K, T> {
    fn clone(&self) -> Self {
        Self {
            entries: self.entries.clone(),
            lifetime: self.lifetime,
            capacity: self.capacity,
        }
    }
}

impl<K: Hash + Eq, T> Versioned<K, T> {
    pub fn new(lifetime: Duration, capacity: usize) -> Self {
        Self {
            entries: Arc::default(),
            lifetime,
            capacity,
        }
    }

    /// The copy of `key` at `catalog_version`, read by `load` when there is none (or it is too
    /// old). Without a known version it is read and not kept.
    pub async fn get_or_load<E, F>(
        &self,
        key: K,
        catalog_version: Option<&str>,
        load: impl FnOnce() -> F,
    ) -> Result<Arc<T>, E>
    where
        F: Future<Output = Result<T, E>>,
    {
        if let Some(version) = catalog_version
            && let Some(value) = self.get(&key, version)
        {
            return Ok(value);
        }
        let value = Arc::new(load().await?);
        if let Some(version) = catalog_version {
            self.keep(key, version, value.clone());
        }
        Ok(value)
    }

    /// The copy of `key` at `version`, if one is kept and not too old.
    pub fn get(&self, key: &K, version: &str) -> Option<Arc<T>> {
        let entries = self
            .entries
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        entries
            .get(key)
            .filter(|entry| {
                entry.catalog_version == version && entry.read_at.elapsed() < self.lifetime
            })
            .map(|entry| entry.value.clone())
    }

    /// Keeps `value` as the copy of `key` at `version`.
    pub fn keep(&self, key: K, version: &str, value: Arc<T>) {
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= self.capacity {
            let mut ages: Vec<Instant> = entries.values().map(|entry| entry.read_at).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() / 2];
            entries.retain(|_, entry| entry.read_at > cutoff);
        }
        entries.insert(
            key,
            Entry {
                catalog_version: version.to_owned(),
                read_at: Instant::now(),
                value,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    async fn read(
        kept: &Versioned<u32, String>,
        version: Option<&str>,
        reads: &AtomicUsize,
    ) -> Arc<String> {
        kept.get_or_load(1, version, || async {
            let n = reads.fetch_add(1, Ordering::SeqCst) + 1;
            Ok::<_, ()>(format!("read {n}"))
        })
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn a_copy_is_served_until_the_catalog_version_changes() {
        let kept = Versioned::new(Duration::from_secs(60), 10);
        let reads = AtomicUsize::new(0);
        assert_eq!(*read(&kept, Some("a:1"), &reads).await, "read 1");
        assert_eq!(*read(&kept, Some("a:1"), &reads).await, "read 1");
        assert_eq!(*read(&kept, Some("a:2"), &reads).await, "read 2");
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn without_a_known_version_nothing_is_kept() {
        let kept = Versioned::new(Duration::from_secs(60), 10);
        let reads = AtomicUsize::new(0);
        read(&kept, None, &reads).await;
        read(&kept, None, &reads).await;
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_copy_older_than_its_lifetime_is_read_again() {
        let kept = Versioned::new(Duration::ZERO, 10);
        let reads = AtomicUsize::new(0);
        read(&kept, Some("a:1"), &reads).await;
        read(&kept, Some("a:1"), &reads).await;
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_read_is_not_kept() {
        let kept: Versioned<u32, String> = Versioned::new(Duration::from_secs(60), 10);
        let failed = kept
            .get_or_load(1, Some("a:1"), || async { Err::<String, _>("down") })
            .await;
        assert_eq!(failed.unwrap_err(), "down");
        let reads = AtomicUsize::new(0);
        assert_eq!(*read(&kept, Some("a:1"), &reads).await, "read 1");
    }

    #[tokio::test]
    async fn when_full_the_older_half_goes() {
        let kept = Versioned::new(Duration::from_secs(60), 4);
        for key in 0..5u32 {
            kept.get_or_load(key, Some("v"), || async { Ok::<_, ()>(key) })
                .await
                .unwrap();
        }
        let entries = kept.entries.read().unwrap();
        assert!(entries.len() <= 4, "{} kept", entries.len());
        assert!(entries.contains_key(&4), "the newest stays");
    }
}
