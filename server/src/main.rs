use portcullis::{
    cli::{self, Command},
    config::Settings,
    db::Db,
    startup::Application,
    telemetry,
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let command = cli::parse();
    let _ = dotenvy::dotenv();
    telemetry::init();
    let settings = Settings::from_env()?;
    match command {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?
        }
        Command::Migrate => {
            Db::connect(&settings.database_url).await?.migrate().await?;
            tracing::info!("migrations applied");
        }
    }
    Ok(())
}
