//! SQL for links and codes sent by mail, and for counting mail requests.

use sqlx::{Any, Executor, Transaction};

pub struct NewEmailToken<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub email: &'a str,
    pub purpose: &'a str,
    pub token_hash: Option<&'a str>,
    pub code_hash: Option<&'a str>,
    pub expires_at: i64,
    pub now: i64,
}

/// Whose token was just used.
#[derive(sqlx::FromRow)]
pub struct ConsumedToken {
    pub user_id: String,
    pub email: String,
}

/// The newest live code for an address.
#[derive(sqlx::FromRow)]
pub struct LiveCode {
    pub id: String,
    pub user_id: String,
    pub code_hash: String,
}

/// Replaces the user's live tokens for `purpose` with a new one.
pub async fn replace(
    tx: &mut Transaction<'_, Any>,
    token: &NewEmailToken<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_tokens SET consumed_at = $1 \
         WHERE user_id = $2 AND purpose = $3 AND consumed_at IS NULL",
    )
    .bind(token.now)
    .bind(token.user_id)
    .bind(token.purpose)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO email_tokens (id, user_id, email, purpose, token_hash, code_hash, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token.id)
    .bind(token.user_id)
    .bind(token.email)
    .bind(token.purpose)
    .bind(token.token_hash)
    .bind(token.code_hash)
    .bind(token.expires_at)
    .bind(token.now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Uses a link token up, if it is live: one statement, so it works once.
pub async fn consume_by_hash(
    tx: &mut Transaction<'_, Any>,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<ConsumedToken>, sqlx::Error> {
    sqlx::query_as::<_, ConsumedToken>(
        "UPDATE email_tokens SET consumed_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND consumed_at IS NULL AND expires_at > $1 \
         RETURNING user_id, email",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(&mut **tx)
    .await
}

/// Uses a code up; its try was taken when it was compared
/// (`take_code_attempt`), so the last allowed try still counts.
pub async fn consume_code(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    max_attempts: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE email_tokens SET consumed_at = $1 \
         WHERE id = $2 AND consumed_at IS NULL AND attempts <= $3 AND expires_at > $1",
    )
    .bind(now)
    .bind(id)
    .bind(max_attempts)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Forgets links and codes that were used or have expired; returns how many.
/// Ends every live link and code of the user that was mailed anywhere but
/// `kept_address` (after an email change: everything sent to the old one).
pub async fn end_all_but_to(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    kept_address: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_tokens SET consumed_at = $1 \
         WHERE user_id = $2 AND email <> $3 AND consumed_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(kept_address)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn delete_spent(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let result =
        sqlx::query("DELETE FROM email_tokens WHERE consumed_at IS NOT NULL OR expires_at <= $1")
            .bind(now)
            .execute(executor)
            .await?;
    Ok(result.rows_affected())
}

pub async fn live_code(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<LiveCode>, sqlx::Error> {
    sqlx::query_as::<_, LiveCode>(
        "SELECT id, user_id, code_hash FROM email_tokens \
         WHERE email = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3 \
           AND code_hash IS NOT NULL \
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(email)
    .bind(purpose)
    .bind(now)
    .fetch_optional(executor)
    .await
}

/// Takes one try at the code before it is compared: deciding and counting
/// are one statement, so parallel guesses cannot get more than
/// `max_attempts` tries. `None`: used, or out of tries.
pub async fn take_code_attempt(
    executor: impl Executor<'_, Database = Any>,
    id: &str,
    max_attempts: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE email_tokens SET attempts = attempts + 1 \
         WHERE id = $1 AND attempts < $2 AND consumed_at IS NULL RETURNING attempts",
    )
    .bind(id)
    .bind(max_attempts)
    .fetch_optional(executor)
    .await
}

/// A live link token, without using it up.
pub async fn live_token(
    executor: impl Executor<'_, Database = Any>,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<ConsumedToken>, sqlx::Error> {
    sqlx::query_as::<_, ConsumedToken>(
        "SELECT user_id, email FROM email_tokens \
         WHERE token_hash = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(now)
    .fetch_optional(executor)
    .await
}

/// The address of the user's newest live token for `purpose` (e.g. the
/// new address of an email change).
pub async fn live_address_of(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT email FROM email_tokens \
         WHERE user_id = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3 \
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(purpose)
    .bind(now)
    .fetch_optional(executor)
    .await
}
