//! Runs the BFF; see the library for what it serves.

use marquee_server::{app, config::BffConfig};

/// Rendering a page allocates and frees many small strings and nodes; glibc's allocator took
/// about a third of the seat-map page's time (perf), and the page serves twice as fast with
/// mimalloc. Its settings (`MIMALLOC_*`, read at start) are where the BFF is started:
/// scripts/stack.sh and deploy/Dockerfile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    service_kit::telemetry::init("bff", "info,tower_http=info");
    marquee_server::executor::init();
    let config = BffConfig::from_env()?;
    marquee_app::format::set_currency(&config.currency);
    marquee_app::i18n::set_language(config.default_language);
    let app = app(&config)?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    tracing::info!(address = %config.listen, "BFF listening");
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(service_kit::server::shutdown_signal())
        .await?;
    service_kit::telemetry::shutdown();
    Ok(())
}
