use portcullis::{cli, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let command = cli::parse();
    let _ = dotenvy::dotenv();
    telemetry::init();
    cli::run(command).await
}
