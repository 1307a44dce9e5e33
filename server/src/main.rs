use portcullis::{cli, config::Settings, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let command = cli::parse();
    let _ = dotenvy::dotenv();
    telemetry::init();
    let settings = Settings::from_env()?;
    cli::run(command, settings).await
}
