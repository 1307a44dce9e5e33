use crate::startup::AppState;
use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;
use std::time::Duration;

/// For load balancers and probes: 200 when every dependency answers, 503
/// naming the one that does not.
pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let database_ok = matches!(
        tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await,
        Ok(Ok(()))
    );
    // The mail transport is named, not probed: mail waits in the outbox
    // while the SMTP server is down, so it does not make the portal unhealthy.
    let mail = state.mail_sender.kind();
    if database_ok {
        (
            StatusCode::OK,
            Json(json!({"status": "ok", "checks": {"database": "ok", "mail": mail}})),
        )
    } else {
        tracing::warn!("health check: the database does not answer");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                json!({"status": "unavailable", "checks": {"database": "unavailable", "mail": mail}}),
            ),
        )
    }
}
