//! The `trusted_browsers` table: browsers allowed to skip the second step
//! for a while, by the SHA-256 of the token in their cookie.

use sqlx::{Any, Executor};

pub struct NewTrustedBrowser<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub token_hash: &'a str,
    pub now: i64,
    pub expires_at: i64,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

#[derive(sqlx::FromRow)]
pub struct TrustedBrowser {
    pub id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub async fn insert(
    executor: impl Executor<'_, Database = Any>,
    browser: &NewTrustedBrowser<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO trusted_browsers (id, user_id, token_hash, created_at, expires_at, \
           last_used_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $4, $6, $7)",
    )
    .bind(browser.id)
    .bind(browser.user_id)
    .bind(browser.token_hash)
    .bind(browser.now)
    .bind(browser.expires_at)
    .bind(browser.ip)
    .bind(browser.user_agent)
    .execute(executor)
    .await?;
    Ok(())
}

/// Marks the browser used, if its token is live and belongs to `user_id`.
pub async fn use_token(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    token_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE trusted_browsers SET last_used_at = $1 \
         WHERE token_hash = $2 AND user_id = $3 AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .bind(user_id)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn of_user(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    now: i64,
) -> Result<Vec<TrustedBrowser>, sqlx::Error> {
    sqlx::query_as::<_, TrustedBrowser>(
        "SELECT id, created_at, expires_at, last_used_at, ip, user_agent FROM trusted_browsers \
         WHERE user_id = $1 AND expires_at > $2 ORDER BY last_used_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(executor)
    .await
}

/// `false` when the user has no such browser.
pub async fn revoke(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM trusted_browsers WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(executor)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn revoke_all(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM trusted_browsers WHERE user_id = $1")
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn delete_expired(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM trusted_browsers WHERE expires_at <= $1")
        .bind(now)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}
