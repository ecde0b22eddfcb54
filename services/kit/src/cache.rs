//! A Redis connection opened on first use and shared: services start while Redis is down, and
//! the connection manager reconnects by itself after Redis comes back.

use redis::{RedisResult, aio::ConnectionManager};
use tokio::sync::OnceCell;

/// Cheap to clone (services keep it in state cloned for every request): the client, whose
/// connection settings hold strings, is shared rather than copied.
#[derive(Clone)]
pub struct LazyRedis {
    client: std::sync::Arc<redis::Client>,
    connection: std::sync::Arc<OnceCell<ConnectionManager>>,
}

impl LazyRedis {
    pub fn open(url: &str) -> RedisResult<Self> {
        Ok(Self {
            client: std::sync::Arc::new(redis::Client::open(url)?),
            connection: Default::default(),
        })
    }

    /// The client, for what a shared connection cannot do (subscribing to channels).
    pub fn client(&self) -> &redis::Client {
        &self.client
    }

    pub async fn connection(&self) -> RedisResult<ConnectionManager> {
        self.connection
            .get_or_try_init(|| ConnectionManager::new(redis::Client::clone(&self.client)))
            .await
            .cloned()
    }
}
