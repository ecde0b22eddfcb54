#[tokio::main]
async fn main() -> anyhow::Result<()> {
    service_kit::cli::main(payment_service::spec()).await
}
