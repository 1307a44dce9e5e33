use portcullis::{
    cli::{self, Command},
    config::Settings,
    db::Db,
    startup::Application,
    telemetry,
    tokens::SigningKeys,
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
        Command::RotateKeys => {
            let db = Db::connect(&settings.database_url).await?;
            db.migrate().await?;
            let kid = SigningKeys::rotate(&db, &settings.secret_key).await?;
            println!("New signing key: {kid}. Running instances sign with it within a minute.");
        }
        Command::ListKeys => {
            let db = Db::connect(&settings.database_url).await?;
            db.migrate().await?;
            let keys =
                SigningKeys::load(db, &settings.secret_key, settings.tokens.access_ttl).await?;
            print!("{}", keys.describe());
        }
    }
    Ok(())
}
