//! Leptos runs resources and server functions on tasks of its own. Spawned plainly they would
//! leave the request's span behind, and with it the correlation id on their log lines; this
//! executor carries the span of whoever spawns into the new task.

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use tracing::Instrument;

struct SpanCarryingTokio;

impl CustomExecutor for SpanCarryingTokio {
    fn spawn(&self, future: PinnedFuture<()>) {
        tokio::spawn(future.instrument(tracing::Span::current()));
    }

    fn spawn_local(&self, future: PinnedLocalFuture<()>) {
        tokio::task::spawn_local(future.instrument(tracing::Span::current()));
    }

    fn poll_local(&self) {}
}

/// Installs the executor; call before the app is built (Leptos then keeps this one).
pub fn init() {
    if Executor::init_custom_executor(SpanCarryingTokio).is_err() {
        tracing::warn!("an executor was already set; spawned tasks will not carry request spans");
    }
}
