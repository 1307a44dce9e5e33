//! Probes for load balancers and orchestrators. `/health/live` says the
//! process answers (restart it if not); `/health/ready` says this instance
//! should get traffic: the database answers, its schema is the one this
//! build expects, and mail is not stuck. `/api/health` is the first
//! round's probe, kept for the clients that use it.

use crate::{startup::AppState, storage::outbox};
use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::{Value, json};
use std::time::Duration;

/// How long a check may take before it counts as failed.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let database_ok = database_answers(&state).await;
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

/// Liveness: answering at all is the check; it touches nothing shared, so
/// a database outage never gets healthy instances restarted.
pub async fn live() -> impl IntoResponse {
    Json(json!({"status": "ok"}))
}

/// Readiness: 200 when every check passes, else 503 naming the failing ones.
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let mut checks = serde_json::Map::new();
    let mut ready = true;
    let mut check = |name: &str, outcome: Result<(), String>| {
        let value = match outcome {
            Ok(()) => json!("ok"),
            Err(problem) => {
                ready = false;
                json!({"status": "failing", "problem": problem})
            }
        };
        checks.insert(name.to_string(), value);
    };
    let database = if database_answers(&state).await {
        Ok(())
    } else {
        Err("the database does not answer".to_string())
    };
    let reachable = database.is_ok();
    check("database", database);
    if reachable {
        check("migrations", migrations_current(&state).await);
        check("outbox", outbox_moving(&state).await);
    }
    let status = if ready {
        StatusCode::OK
    } else {
        let summary = Value::Object(checks.clone()).to_string();
        tracing::warn!(checks = %summary, "readiness check failed");
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({"status": if ready { "ready" } else { "unavailable" }, "checks": checks});
    (status, Json(body))
}

async fn database_answers(state: &AppState) -> bool {
    matches!(
        tokio::time::timeout(CHECK_TIMEOUT, state.db.ping()).await,
        Ok(Ok(()))
    )
}

async fn migrations_current(state: &AppState) -> Result<(), String> {
    match tokio::time::timeout(CHECK_TIMEOUT, state.db.pending_migrations()).await {
        Ok(Ok(0)) => Ok(()),
        Ok(Ok(pending)) => Err(format!(
            "{pending} migration(s) not applied: run `portcullis migrate`"
        )),
        _ => Err("cannot read the applied migrations".to_string()),
    }
}

/// Stuck: a message has been due for longer than READY_OUTBOX_STUCK_MINUTES,
/// so no mail worker is picking messages up. (A message whose deliveries
/// fail is not stuck: each failure sets its next attempt later, and
/// `portcullis_mail_delivery_failures_total` shows them.)
async fn outbox_moving(state: &AppState) -> Result<(), String> {
    let backlog = match tokio::time::timeout(CHECK_TIMEOUT, outbox::backlog(&state.db.pool)).await {
        Ok(Ok(backlog)) => backlog,
        _ => return Err("cannot read the outbox".to_string()),
    };
    let limit = state.settings.readiness.outbox_stuck_after.as_secs() as i64;
    match backlog.oldest_due_at {
        Some(due_at) if state.clock.now() - due_at > limit => Err(format!(
            "{} message(s) waiting; the oldest has been due for {} minutes",
            backlog.pending,
            (state.clock.now() - due_at) / 60
        )),
        _ => Ok(()),
    }
}
