//! SQL for accounts linked at OpenID providers.

use sqlx::{Any, Executor, Transaction};

#[derive(sqlx::FromRow)]
pub struct Connection {
    pub user_id: String,
    pub email: Option<String>,
    pub linked_at: i64,
}

pub async fn connection_by_subject(
    executor: impl Executor<'_, Database = Any>,
    issuer: &str,
    subject: &str,
) -> Result<Option<Connection>, sqlx::Error> {
    sqlx::query_as::<_, Connection>(
        "SELECT user_id, email, linked_at FROM oauth_connections WHERE issuer = $1 AND subject = $2",
    )
    .bind(issuer)
    .bind(subject)
    .fetch_optional(executor)
    .await
}

pub async fn touch_connection(
    tx: &mut Transaction<'_, Any>,
    issuer: &str,
    subject: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE oauth_connections SET last_used_at = $1 WHERE issuer = $2 AND subject = $3",
    )
    .bind(now)
    .bind(issuer)
    .bind(subject)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub struct NewConnection<'a> {
    pub user_id: &'a str,
    pub provider: &'a str,
    pub issuer: &'a str,
    pub subject: &'a str,
    pub email: Option<&'a str>,
    pub now: i64,
}

pub async fn link(
    tx: &mut Transaction<'_, Any>,
    connection: &NewConnection<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oauth_connections (id, user_id, provider, issuer, subject, email, linked_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(connection.user_id)
    .bind(connection.provider)
    .bind(connection.issuer)
    .bind(connection.subject)
    .bind(connection.email)
    .bind(connection.now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes every provider connection of the account; how many there were.
pub async fn unlink_all(tx: &mut Transaction<'_, Any>, user_id: &str) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM oauth_connections WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(result.rows_affected())
}

/// An account made by a first sign-in at a provider: no password.
pub async fn create_user(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    email: &str,
    first_name: &str,
    last_name: &str,
    email_verified: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, email_verified, \
           last_login_at, created_at, updated_at) VALUES ($1, $2, NULL, $3, $4, $5, $6, $6, $6)",
    )
    .bind(id)
    .bind(email)
    .bind(first_name)
    .bind(last_name)
    .bind(email_verified)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn has_connection(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    provider: &str,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 FROM oauth_connections WHERE user_id = $1 AND provider = $2")
            .bind(user_id)
            .bind(provider)
            .fetch_optional(executor)
            .await?
            .is_some(),
    )
}

/// Removes the connection unless it is the account's only way to sign in
/// (no password); `Ok(false)` when it was refused or absent.
pub async fn unlink_unless_only_method(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    provider: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM oauth_connections WHERE user_id = $1 AND provider = $2 \
           AND EXISTS (SELECT 1 FROM users WHERE id = $1 AND password_hash IS NOT NULL)",
    )
    .bind(user_id)
    .bind(provider)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// A linked provider account as the user sees it.
#[derive(sqlx::FromRow)]
pub struct ConnectionRow {
    pub provider: String,
    pub email: Option<String>,
    pub linked_at: i64,
    pub last_used_at: Option<i64>,
}

pub async fn connections_of(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<Vec<ConnectionRow>, sqlx::Error> {
    sqlx::query_as::<_, ConnectionRow>(
        "SELECT provider, email, linked_at, last_used_at FROM oauth_connections \
         WHERE user_id = $1 ORDER BY linked_at",
    )
    .bind(user_id)
    .fetch_all(executor)
    .await
}
