#[tokio::main]
async fn main() -> anyhow::Result<()> {
    service_kit::cli::main(booking_service::spec()).await
}
