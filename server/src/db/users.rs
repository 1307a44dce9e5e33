//! SQL for accounts and their sign-in counters.

use super::{Flag, is_unique_violation};
use app::vocabulary::Role;
use sqlx::{Any, Executor, Transaction};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRecord {
    pub id: String,
    pub email: String,
    pub password_hash: Option<String>,
    pub first_name: String,
    pub last_name: String,
    #[sqlx(try_from = "Flag")]
    pub email_verified: bool,
    #[sqlx(try_from = "Flag")]
    pub is_active: bool,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub locked_until: Option<i64>,
    pub last_login_at: Option<i64>,
    pub token_version: i64,
    pub created_at: i64,
    /// Set while a deleted account waits for erasure (and can be restored).
    pub erase_after: Option<i64>,
}

impl UserRecord {
    pub fn is_pending_deletion(&self) -> bool {
        self.erase_after.is_some()
    }
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub now: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum InsertUserError {
    #[error("the email is taken")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A user made by `portcullis seed`, for benchmarks.
pub struct SeedUser {
    pub id: String,
    pub email: String,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub email_verified: bool,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
}

/// The counter after a failed sign-in.
#[derive(sqlx::FromRow)]
pub struct FailureCount {
    pub locked_until: Option<i64>,
}

const USER_COLUMNS: &str = "id, email, password_hash, first_name, last_name, email_verified, \
     is_active, role, locked_until, last_login_at, token_version, created_at, erase_after";

/// Inserts `users` (a few hundred at a time) in one statement; they all
/// get `password_hash`.
pub async fn insert_seeded_users(
    executor: impl Executor<'_, Database = Any>,
    password_hash: &str,
    users: &[SeedUser],
) -> Result<(), sqlx::Error> {
    let rows: Vec<String> = (0..users.len())
        .map(|row| {
            let p = |column: usize| format!("${}", row * 7 + column);
            // created_at doubles as updated_at.
            format!(
                "({}, {}, $1, {}, {}, {}, {}, {}, {})",
                p(2),
                p(3),
                p(4),
                p(5),
                p(6),
                p(7),
                p(7),
                p(8)
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, email_verified, \
         created_at, updated_at, last_login_at) VALUES {}",
        rows.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(password_hash);
    for user in users {
        query = query
            .bind(&user.id)
            .bind(&user.email)
            .bind(user.first_name)
            .bind(user.last_name)
            .bind(user.email_verified)
            .bind(user.created_at)
            .bind(user.last_login_at);
    }
    query.execute(executor).await?;
    Ok(())
}

/// An account by canonical email.
pub async fn find_by_email(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
) -> Result<Option<UserRecord>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    sqlx::query_as::<_, UserRecord>(&sql)
        .bind(email)
        .fetch_optional(executor)
        .await
}

pub async fn find_by_id(
    executor: impl Executor<'_, Database = Any>,
    id: &str,
) -> Result<Option<UserRecord>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    sqlx::query_as::<_, UserRecord>(&sql)
        .bind(id)
        .fetch_optional(executor)
        .await
}

pub async fn email_exists(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(executor)
        .await?
        .is_some())
}

pub async fn insert_user(
    tx: &mut Transaction<'_, Any>,
    user: &NewUser<'_>,
) -> Result<(), InsertUserError> {
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(user.id)
    .bind(user.email)
    .bind(user.password_hash)
    .bind(user.first_name)
    .bind(user.last_name)
    .bind(user.now)
    .execute(&mut **tx)
    .await
    .map_err(|error| {
        if is_unique_violation(&error) {
            InsertUserError::EmailTaken
        } else {
            InsertUserError::Database(error)
        }
    })?;
    Ok(())
}

/// Counts one more failure in a single statement, so concurrent attempts
/// cannot lose a count. A lock that has run out starts the count afresh.
pub async fn record_user_login_failure(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    now: i64,
    max_attempts: i64,
    locked_until: i64,
) -> Result<FailureCount, sqlx::Error> {
    sqlx::query_as::<_, FailureCount>(
        "UPDATE users SET \
           failed_login_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $1 \
                                        THEN 1 ELSE failed_login_attempts + 1 END, \
           locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= $1 \
                                          THEN 1 ELSE failed_login_attempts + 1 END) >= $2 \
                               THEN $3 ELSE NULL END, \
           updated_at = $1 \
         WHERE id = $4 RETURNING locked_until",
    )
    .bind(now)
    .bind(max_attempts)
    .bind(locked_until)
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
}

/// The same counter for an address that has no account.
pub async fn record_unknown_login_failure(
    tx: &mut Transaction<'_, Any>,
    email: &str,
    now: i64,
    max_attempts: i64,
    locked_until: i64,
) -> Result<FailureCount, sqlx::Error> {
    sqlx::query_as::<_, FailureCount>(
        "INSERT INTO login_throttles (email, failed_attempts, locked_until, updated_at) \
         VALUES ($1, 1, CASE WHEN 1 >= $3 THEN $4 ELSE NULL END, $2) \
         ON CONFLICT (email) DO UPDATE SET \
           failed_attempts = CASE WHEN login_throttles.locked_until IS NOT NULL \
                                       AND login_throttles.locked_until <= $2 \
                                  THEN 1 ELSE login_throttles.failed_attempts + 1 END, \
           locked_until = CASE WHEN (CASE WHEN login_throttles.locked_until IS NOT NULL \
                                               AND login_throttles.locked_until <= $2 \
                                          THEN 1 ELSE login_throttles.failed_attempts + 1 END) >= $3 \
                               THEN $4 ELSE NULL END, \
           updated_at = $2 \
         RETURNING locked_until",
    )
    .bind(email)
    .bind(now)
    .bind(max_attempts)
    .bind(locked_until)
    .fetch_one(&mut **tx)
    .await
}

/// When the lock on an address without an account runs out (if it is locked).
pub async fn unknown_email_locked_until(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let locked_until: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_until FROM login_throttles WHERE email = $1")
            .bind(email)
            .fetch_optional(executor)
            .await?;
    Ok(locked_until.flatten())
}

/// Clears the failure count and records the sign-in; `new_hash` replaces a
/// hash made with outdated parameters.
pub async fn record_login_success(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    now: i64,
    new_hash: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET failed_login_attempts = 0, locked_until = NULL, last_login_at = $1, \
           updated_at = $1, password_hash = COALESCE($2, password_hash) \
         WHERE id = $3",
    )
    .bind(now)
    .bind(new_hash)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Changes the names of a live account; `false` if there is none.
pub async fn update_names(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET first_name = COALESCE($1, first_name), \
           last_name = COALESCE($2, last_name), updated_at = $3 \
         WHERE id = $4",
    )
    .bind(first_name)
    .bind(last_name)
    .bind(now)
    .bind(user_id)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn mark_email_verified(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    email: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET email_verified = TRUE, updated_at = $1 \
         WHERE id = $2 AND email = $3",
    )
    .bind(now)
    .bind(user_id)
    .bind(email)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// A new password (after a reset or a change): the lockout is lifted and
/// every credential issued before dies (`token_version`).
pub async fn replace_password(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    password_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET password_hash = $1, failed_login_attempts = 0, locked_until = NULL, \
           token_version = token_version + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(password_hash)
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Accounts whose grace period ended, a batch at a time.
pub async fn accounts_due_for_erasure(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM users WHERE erase_after IS NOT NULL AND erase_after <= $1 \
         ORDER BY erase_after LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(executor)
    .await
}
