//! The `sign_in_challenges` table: sign-ins whose first factor is proven
//! and whose second step is awaited, keyed by the SHA-256 of the random id
//! the browser's session or the API client holds.

use sqlx::{Any, Executor};

#[derive(sqlx::FromRow)]
pub struct Challenge {
    pub user_id: String,
    pub first_factor: String,
    pub expires_at: i64,
}

pub async fn insert(
    executor: impl Executor<'_, Database = Any>,
    id_hash: &str,
    user_id: &str,
    first_factor: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_challenges (id_hash, user_id, first_factor, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(first_factor)
    .bind(now)
    .bind(expires_at)
    .execute(executor)
    .await?;
    Ok(())
}

/// The challenge, while it is open.
pub async fn find_open(
    executor: impl Executor<'_, Database = Any>,
    id_hash: &str,
    now: i64,
) -> Result<Option<Challenge>, sqlx::Error> {
    sqlx::query_as::<_, Challenge>(
        "SELECT user_id, first_factor, expires_at FROM sign_in_challenges \
         WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(executor)
    .await
}

/// Ends the challenge: `false` when another request ended it first.
pub async fn finish(
    executor: impl Executor<'_, Database = Any>,
    id_hash: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM sign_in_challenges WHERE id_hash = $1")
        .bind(id_hash)
        .execute(executor)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Every open challenge of the account (its factors changed under them).
pub async fn end_all(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_challenges WHERE user_id = $1")
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn delete_expired(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at <= $1")
        .bind(now)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}
