//! The audit log: who did what, from where, and whether it worked.

use app::{ports::ClientMeta, vocabulary::AuditAction};
use sqlx::{Any, Executor};

pub struct AuditEvent<'a> {
    pub user_id: Option<&'a str>,
    pub action: AuditAction,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub success: bool,
    pub reason: Option<&'a str>,
    pub at: i64,
}

/// An event about a request from `client`.
pub fn event<'a>(
    user_id: Option<&'a str>,
    action: AuditAction,
    client: &'a ClientMeta,
    success: bool,
    reason: Option<&'a str>,
    at: i64,
) -> AuditEvent<'a> {
    AuditEvent {
        user_id,
        action,
        ip: client.ip.as_deref(),
        user_agent: client.user_agent.as_deref(),
        success,
        reason,
        at,
    }
}

/// A successful action of `user_id`, with no reason to give.
pub fn succeeded<'a>(
    user_id: &'a str,
    action: AuditAction,
    client: &'a ClientMeta,
    at: i64,
) -> AuditEvent<'a> {
    event(Some(user_id), action, client, true, None, at)
}

pub async fn record<'e>(
    executor: impl Executor<'e, Database = Any>,
    event: &AuditEvent<'_>,
) -> Result<(), sqlx::Error> {
    record_returning_id(executor, event).await.map(|_| ())
}

/// Records `event` and returns its id, for a row that is kept up to date.
pub async fn record_returning_id<'e>(
    executor: impl Executor<'e, Database = Any>,
    event: &AuditEvent<'_>,
) -> Result<i64, sqlx::Error> {
    // Every security event passes here, so its metric is counted here too.
    crate::monitoring::audit_event(event);
    sqlx::query_scalar(
        "INSERT INTO audit_log (user_id, action, ip, user_agent, success, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(event.user_id)
    .bind(event.action.as_str())
    .bind(event.ip)
    .bind(event.user_agent.map(truncate_user_agent))
    .bind(event.success)
    .bind(event.reason)
    .bind(event.at)
    .fetch_one(executor)
    .await
}

/// Rewrites the reason of the row `id` (a running count).
pub async fn set_reason(
    executor: impl Executor<'_, Database = Any>,
    id: i64,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE audit_log SET reason = $1 WHERE id = $2")
        .bind(reason)
        .bind(id)
        .execute(executor)
        .await?;
    Ok(())
}

/// User agents are client-controlled: keep them to a sane size.
pub fn truncate_user_agent(user_agent: &str) -> &str {
    match user_agent.char_indices().nth(512) {
        Some((index, _)) => &user_agent[..index],
        None => user_agent,
    }
}

/// One audit event as its user sees it.
#[derive(sqlx::FromRow)]
pub struct ActivityRow {
    pub action: String,
    #[sqlx(try_from = "super::Flag")]
    pub success: bool,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
}

/// The user's newest audit events, `limit` of them (all when `None`).
pub async fn activity(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    limit: Option<i64>,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    sqlx::query_as::<_, ActivityRow>(
        "SELECT action, success, reason, ip, user_agent, created_at FROM audit_log \
         WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit.unwrap_or(i64::MAX))
    .fetch_all(executor)
    .await
}

/// Forgets events older than `before`; returns how many.
pub async fn delete_older_than(
    executor: impl Executor<'_, Database = Any>,
    before: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM audit_log WHERE created_at < $1")
        .bind(before)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}
