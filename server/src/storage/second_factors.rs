//! The `second_factors` table: an account's authenticator app (`totp`) and
//! its "email me a code" setting (`email`). An app counts once confirmed.

use sqlx::{Any, Executor};

pub const APP: &str = "totp";
pub const EMAIL: &str = "email";

#[derive(sqlx::FromRow)]
pub struct Factor {
    pub kind: String,
    pub sealed_secret: Option<String>,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
}

impl Factor {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

/// Every factor of the account, confirmed or not.
pub async fn of_user(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<Vec<Factor>, sqlx::Error> {
    sqlx::query_as::<_, Factor>(
        "SELECT kind, sealed_secret, created_at, confirmed_at FROM second_factors \
         WHERE user_id = $1 ORDER BY kind",
    )
    .bind(user_id)
    .fetch_all(executor)
    .await
}

/// Stores `sealed_secret` as the app waiting for its first code, unless an
/// unconfirmed one made after `fresh_since` is there (it stays: the user may
/// have scanned it) or the app is confirmed (it must be removed first).
/// Requests that race all keep the one secret that landed first.
pub async fn put_unconfirmed_app(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    sealed_secret: &str,
    now: i64,
    fresh_since: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO second_factors (user_id, kind, sealed_secret, created_at) \
         VALUES ($1, 'totp', $2, $3) \
         ON CONFLICT (user_id, kind) DO UPDATE SET sealed_secret = $2, created_at = $3, \
           last_used_step = NULL \
         WHERE second_factors.confirmed_at IS NULL AND second_factors.created_at <= $4",
    )
    .bind(user_id)
    .bind(sealed_secret)
    .bind(now)
    .bind(fresh_since)
    .execute(executor)
    .await?;
    Ok(())
}

/// The app is confirmed by a code of `step`, which counts as used.
pub async fn confirm_app(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    step: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE second_factors SET confirmed_at = $1, last_used_step = $2 \
         WHERE user_id = $3 AND kind = 'totp' AND confirmed_at IS NULL",
    )
    .bind(now)
    .bind(step)
    .bind(user_id)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Uses a code of `step`: refused (`false`) when a code of this step or a
/// later one was used already, so a code works once, however many requests
/// bring it at once.
pub async fn use_app_step(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE second_factors SET last_used_step = $1 \
         WHERE user_id = $2 AND kind = 'totp' AND confirmed_at IS NOT NULL \
           AND (last_used_step IS NULL OR last_used_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// `false` when it was on already.
pub async fn enable_email(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO second_factors (user_id, kind, created_at, confirmed_at) \
         VALUES ($1, 'email', $2, $2) ON CONFLICT (user_id, kind) DO NOTHING",
    )
    .bind(user_id)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// `false` when the account had no such factor.
pub async fn remove(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    kind: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM second_factors WHERE user_id = $1 AND kind = $2")
        .bind(user_id)
        .bind(kind)
        .execute(executor)
        .await?;
    Ok(result.rows_affected() > 0)
}

/// Every factor, confirmed or not; `false` when there was none.
pub async fn remove_all(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM second_factors WHERE user_id = $1")
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(result.rows_affected() > 0)
}
