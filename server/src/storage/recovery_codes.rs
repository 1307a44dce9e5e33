//! The `recovery_codes` table: single-use codes, stored as keyed hashes.

use sqlx::{Any, Executor, Transaction};

/// Replaces every code of the account with `hashes`.
pub async fn replace(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    hashes: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    delete_all(&mut **tx, user_id).await?;
    for hash in hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(user_id)
        .bind(hash)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Uses the code: `false` when there is no such unused code, so a code
/// works once even when two requests bring it at once.
pub async fn use_code(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    code_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 \
         WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(code_hash)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn unused(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .fetch_one(executor)
        .await
}

pub async fn delete_all(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}
