//! Starts pivot-console: reads `.env` and the environment, then serves
//! until Ctrl-C or SIGTERM.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A missing .env is fine: production sets real environment variables.
    let _ = dotenvy::dotenv();
    server::telemetry::init();
    let settings = server::config::Settings::from_env()?;
    let app = server::startup::Application::build(settings).await?;
    app.run_until_stopped().await
}
