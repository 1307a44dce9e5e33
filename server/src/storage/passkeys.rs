//! The `passkeys` table: each account's WebAuthn credentials, with the
//! library's serialised credential (public key, counter, backup flags).

use sqlx::{Any, Executor};

pub struct NewPasskey<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub credential_id: &'a str,
    pub name: &'a str,
    pub credential: &'a str,
    pub aaguid: Option<&'a str>,
    pub now: i64,
}

#[derive(sqlx::FromRow)]
pub struct PasskeyRecord {
    pub id: String,
    pub user_id: String,
    pub credential_id: String,
    pub name: String,
    pub credential: String,
    pub aaguid: Option<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str =
    "id, user_id, credential_id, name, credential, aaguid, created_at, last_used_at";

/// `false` when the credential is registered already (to any account).
pub async fn insert(
    executor: impl Executor<'_, Database = Any>,
    passkey: &NewPasskey<'_>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO passkeys (id, user_id, credential_id, name, credential, aaguid, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (credential_id) DO NOTHING",
    )
    .bind(passkey.id)
    .bind(passkey.user_id)
    .bind(passkey.credential_id)
    .bind(passkey.name)
    .bind(passkey.credential)
    .bind(passkey.aaguid)
    .bind(passkey.now)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// The account's passkeys, oldest first.
pub async fn of_user(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<Vec<PasskeyRecord>, sqlx::Error> {
    sqlx::query_as::<_, PasskeyRecord>(&format!(
        "SELECT {COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY created_at, id"
    ))
    .bind(user_id)
    .fetch_all(executor)
    .await
}

pub async fn count_of_user(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(executor)
        .await
}

pub async fn find_by_credential_id(
    executor: impl Executor<'_, Database = Any>,
    credential_id: &str,
) -> Result<Option<PasskeyRecord>, sqlx::Error> {
    sqlx::query_as::<_, PasskeyRecord>(&format!(
        "SELECT {COLUMNS} FROM passkeys WHERE credential_id = $1"
    ))
    .bind(credential_id)
    .fetch_optional(executor)
    .await
}

/// Stores the credential as it stands after a sign-in (its new counter),
/// unless another sign-in stored a newer one first: `false` then, and the
/// caller refuses the assertion, as a cloned authenticator's would be.
pub async fn record_use(
    executor: impl Executor<'_, Database = Any>,
    id: &str,
    previous_credential: &str,
    credential: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3 AND credential = $4",
    )
    .bind(credential)
    .bind(now)
    .bind(id)
    .bind(previous_credential)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// `false` when the user has no such passkey.
pub async fn rename(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    id: &str,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND user_id = $3")
        .bind(name)
        .bind(id)
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// The removed passkey's name; `None` when the user has no such passkey.
pub async fn remove(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING name")
        .bind(id)
        .bind(user_id)
        .fetch_optional(executor)
        .await
}

/// Every passkey of the account (its address was claimed by its owner):
/// how many there were.
pub async fn remove_all(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM passkeys WHERE user_id = $1")
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}
