use crate::helpers::{TestApp, json, spawn_app, spawn_app_with};
use serde_json::Value;
use std::time::Duration;

/// GET `path`: the status and the JSON body.
async fn probe(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), json(response).await)
}

#[tokio::test]
async fn health_answers_ok_when_the_database_answers() {
    let app = spawn_app().await;

    let (status, body) = probe(&app, "/api/health").await;

    assert_eq!(status, 200);
    assert_eq!(
        body,
        serde_json::json!({"status": "ok", "checks": {"database": "ok", "mail": "smtp"}})
    );
}

#[tokio::test]
async fn health_answers_503_naming_the_database_when_it_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;

    let (status, body) = probe(&app, "/api/health").await;

    assert_eq!(status, 503);
    assert_eq!(body["checks"]["database"], "unavailable");
    assert_ne!(body["status"], "ok");
}

#[tokio::test]
async fn the_liveness_probe_answers_even_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;

    let (status, body) = probe(&app, "/health/live").await;

    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn the_readiness_probe_passes_every_check_on_a_fresh_instance() {
    let app = spawn_app().await;

    let (status, body) = probe(&app, "/health/ready").await;

    assert_eq!(status, 200);
    assert_eq!(
        body,
        serde_json::json!({"status": "ready", "checks": {
            "database": "ok", "migrations": "ok", "outbox": "ok"}})
    );
}

#[tokio::test]
async fn the_readiness_probe_names_the_database_when_it_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;

    let (status, body) = probe(&app, "/health/ready").await;

    assert_eq!(status, 503);
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["checks"]["database"]["status"], "failing");
}

#[tokio::test]
async fn the_readiness_probe_names_migrations_the_database_has_not_applied() {
    let app = spawn_app().await;
    // As if this build were newer than the schema: its last migration is missing.
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    let (status, body) = probe(&app, "/health/ready").await;

    assert_eq!(status, 503);
    assert_eq!(body["checks"]["database"], "ok");
    let problem = body["checks"]["migrations"]["problem"].as_str().unwrap();
    assert!(problem.contains("1 migration(s) not applied"), "{problem}");
    assert!(problem.contains("portcullis migrate"), "{problem}");
}

#[tokio::test]
async fn the_readiness_probe_names_an_outbox_nobody_delivers_from() {
    // The worker looked once at start-up and will not look again for an
    // hour: as if it had died.
    let app = spawn_app_with(|settings| {
        settings.mail.poll_interval = Duration::from_secs(3600);
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let now = app.clock.now();
    sqlx::query(
        "INSERT INTO email_outbox (recipient, subject, text_body, html_body, purpose, \
           next_attempt_at, created_at) VALUES ('ada@example.com', 's', 't', 'h', 'test', $1, $1)",
    )
    .bind(now)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let (status, _) = probe(&app, "/health/ready").await;
    assert_eq!(status, 200, "a message just queued is not stuck");

    app.clock.advance(Duration::from_secs(16 * 60));
    let (status, body) = probe(&app, "/health/ready").await;

    assert_eq!(status, 503);
    let problem = body["checks"]["outbox"]["problem"].as_str().unwrap();
    assert!(problem.contains("1 message(s) waiting"), "{problem}");
    assert!(problem.contains("16 minutes"), "{problem}");
}
