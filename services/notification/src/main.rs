#[tokio::main]
async fn main() -> anyhow::Result<()> {
    service_kit::cli::main(notification_service::spec()).await
}
