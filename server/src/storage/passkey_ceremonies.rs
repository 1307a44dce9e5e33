//! The `passkey_ceremonies` table: WebAuthn ceremonies begun and not yet
//! finished, keyed by the SHA-256 of the random id their caller holds.

use sqlx::{Any, Executor};

pub const REGISTER: &str = "register";
pub const SIGN_IN: &str = "sign_in";
pub const SECOND_STEP: &str = "second_step";
/// A signed-in user confirming it's them before a sensitive change.
pub const CONFIRM: &str = "confirm";

pub struct NewCeremony<'a> {
    pub id_hash: &'a str,
    pub purpose: &'static str,
    pub user_id: Option<&'a str>,
    pub state: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

/// Opens a ceremony, replacing one of the same key (a second step's
/// passkey asked for again).
pub async fn insert(
    executor: impl Executor<'_, Database = Any>,
    ceremony: &NewCeremony<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO passkey_ceremonies (id_hash, purpose, user_id, state, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id_hash) DO UPDATE SET purpose = excluded.purpose, \
           user_id = excluded.user_id, state = excluded.state, \
           created_at = excluded.created_at, expires_at = excluded.expires_at",
    )
    .bind(ceremony.id_hash)
    .bind(ceremony.purpose)
    .bind(ceremony.user_id)
    .bind(ceremony.state)
    .bind(ceremony.now)
    .bind(ceremony.expires_at)
    .execute(executor)
    .await?;
    Ok(())
}

/// Ends the ceremony and answers its state, if it was open, for this
/// purpose and this account: however many requests finish it at once, one
/// gets it. An expired one is ended too.
pub async fn take(
    executor: impl Executor<'_, Database = Any>,
    id_hash: &str,
    purpose: &str,
    user_id: Option<&str>,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let taken: Option<(String, Option<String>, String, i64)> = sqlx::query_as(
        "DELETE FROM passkey_ceremonies WHERE id_hash = $1 \
         RETURNING purpose, user_id, state, expires_at",
    )
    .bind(id_hash)
    .fetch_optional(executor)
    .await?;
    Ok(
        taken.and_then(|(found_purpose, found_user, state, expires_at)| {
            (found_purpose == purpose && found_user.as_deref() == user_id && expires_at > now)
                .then_some(state)
        }),
    )
}

pub async fn delete_expired(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at <= $1")
        .bind(now)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}
