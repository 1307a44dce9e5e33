//! SQL for the mail outbox.

use sqlx::{Any, Executor, Transaction};

pub struct NewMail<'a> {
    pub recipient: &'a str,
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: &'a str,
    pub purpose: &'a str,
    pub user_id: Option<&'a str>,
}

/// A message a worker has claimed for one delivery attempt.
#[derive(sqlx::FromRow)]
pub struct ClaimedMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub purpose: String,
    pub user_id: Option<String>,
    /// Including the attempt about to be made.
    pub attempts: i64,
}

pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    mail: &NewMail<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_outbox (recipient, subject, text_body, html_body, purpose, user_id, \
           next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(mail.recipient)
    .bind(mail.subject)
    .bind(mail.text_body)
    .bind(mail.html_body)
    .bind(mail.purpose)
    .bind(mail.user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Claims up to `limit` due messages for `claim_seconds`. The conditions
/// are repeated in the outer `WHERE`, so that of two workers racing for a
/// message only one claims it (Postgres re-checks them on the locked row).
pub async fn claim_due_mail(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
    claim_seconds: i64,
    limit: i64,
) -> Result<Vec<ClaimedMail>, sqlx::Error> {
    sqlx::query_as::<_, ClaimedMail>(
        "UPDATE email_outbox SET claimed_until = $1, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM email_outbox WHERE status = 'pending' \
                        AND next_attempt_at <= $2 \
                        AND (claimed_until IS NULL OR claimed_until <= $2) \
                      ORDER BY next_attempt_at, id LIMIT $3) \
           AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= $2) \
         RETURNING id, recipient, subject, text_body, html_body, purpose, user_id, attempts",
    )
    .bind(now + claim_seconds)
    .bind(now)
    .bind(limit)
    .fetch_all(executor)
    .await
}

/// Once delivered, the bodies are erased: they hold live links and codes,
/// and the recipient has them now. Recipient, subject, purpose, status and
/// times stay.
pub async fn mark_mail_sent(
    executor: impl Executor<'_, Database = Any>,
    id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_outbox SET status = 'sent', sent_at = $1, claimed_until = NULL, \
           last_error = NULL, text_body = '', html_body = '' WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(executor)
    .await?;
    Ok(())
}

/// Schedules another attempt, or gives up when `retry_at` is `None` (and
/// erases the bodies, as after a delivery).
pub async fn mark_mail_failed(
    executor: impl Executor<'_, Database = Any>,
    id: i64,
    error: &str,
    retry_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_outbox SET status = CASE WHEN $1 IS NULL THEN 'failed' ELSE 'pending' END, \
           next_attempt_at = COALESCE($1, next_attempt_at), claimed_until = NULL, \
           text_body = CASE WHEN $1 IS NULL THEN '' ELSE text_body END, \
           html_body = CASE WHEN $1 IS NULL THEN '' ELSE html_body END, \
           last_error = $2 WHERE id = $3",
    )
    .bind(retry_at)
    .bind(error)
    .bind(id)
    .execute(executor)
    .await?;
    Ok(())
}

/// Forgets the record of messages sent or given up on before `before`.
pub async fn delete_finished_before(
    executor: impl Executor<'_, Database = Any>,
    before: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM email_outbox WHERE status IN ('sent', 'failed') AND created_at < $1",
    )
    .bind(before)
    .execute(executor)
    .await?;
    Ok(result.rows_affected())
}

/// What is waiting to be sent, for readiness and metrics.
#[derive(sqlx::FromRow)]
pub struct Backlog {
    pub pending: i64,
    /// When the oldest waiting message was queued.
    pub oldest_created_at: Option<i64>,
    /// When the message longest overdue was due.
    pub oldest_due_at: Option<i64>,
}

pub async fn backlog(executor: impl Executor<'_, Database = Any>) -> Result<Backlog, sqlx::Error> {
    sqlx::query_as::<_, Backlog>(
        "SELECT COUNT(*) AS pending, MIN(created_at) AS oldest_created_at, \
           MIN(next_attempt_at) AS oldest_due_at \
         FROM email_outbox WHERE status = 'pending'",
    )
    .fetch_one(executor)
    .await
}
