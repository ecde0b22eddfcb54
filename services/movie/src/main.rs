#[tokio::main]
async fn main() -> anyhow::Result<()> {
    service_kit::cli::main(movie_service::spec()).await
}
