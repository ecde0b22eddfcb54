#[tokio::main]
async fn main() -> anyhow::Result<()> {
    service_kit::cli::main(auth_service::spec()).await
}
