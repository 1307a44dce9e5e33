use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn health_answers_ok_when_the_database_answers() {
    let app = spawn_app().await;

    let response = app.client.get(app.url("/api/health")).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        json(response).await,
        serde_json::json!({"status": "ok", "checks": {"database": "ok", "mail": "smtp"}})
    );
}

#[tokio::test]
async fn health_answers_503_naming_the_database_when_it_is_gone() {
    let app = spawn_app().await;
    app.db.pool.close().await;

    let response = app.client.get(app.url("/api/health")).send().await.unwrap();

    assert_eq!(response.status(), 503);
    let body = json(response).await;
    assert_eq!(body["checks"]["database"], "unavailable");
    assert_ne!(body["status"], "ok");
}
