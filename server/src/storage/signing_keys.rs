//! SQL for the keys that sign access tokens.

use sqlx::{Any, Executor, Transaction};

#[derive(sqlx::FromRow)]
pub struct StoredKey {
    pub kid: String,
    pub algorithm: String,
    /// Raw public key, base64url.
    pub public_key: String,
    pub encrypted_private_key: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

/// The current keys and those retired after `retired_since`, newest first;
/// never a revoked one.
pub async fn published_signing_keys(
    executor: impl Executor<'_, Database = Any>,
    retired_since: i64,
) -> Result<Vec<StoredKey>, sqlx::Error> {
    sqlx::query_as::<_, StoredKey>(
        "SELECT kid, algorithm, public_key, encrypted_private_key, created_at, retired_at \
         FROM signing_keys WHERE (retired_at IS NULL OR retired_at > $1) \
           AND revoked_at IS NULL \
         ORDER BY created_at DESC, kid DESC",
    )
    .bind(retired_since)
    .fetch_all(executor)
    .await
}

pub async fn insert(tx: &mut Transaction<'_, Any>, key: &StoredKey) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO signing_keys (kid, algorithm, public_key, encrypted_private_key, created_at, retired_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&key.kid)
    .bind(&key.algorithm)
    .bind(&key.public_key)
    .bind(&key.encrypted_private_key)
    .bind(key.created_at)
    .bind(key.retired_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn retire_all(tx: &mut Transaction<'_, Any>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL")
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Revokes the key `kid`: it leaves the JWKS and verifies nothing. `false`
/// when no such key is published.
pub async fn revoke(
    executor: impl Executor<'_, Database = Any>,
    kid: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE signing_keys SET revoked_at = $1, retired_at = COALESCE(retired_at, $1) \
         WHERE kid = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(kid)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() > 0)
}
