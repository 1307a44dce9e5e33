//! SQL for accounts and their sign-in counters.

use super::{Flag, is_unique_violation};
use app::{i18n::Language, vocabulary::Role};
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
    /// A confirmed app or mailed second-step codes.
    #[sqlx(try_from = "Flag")]
    pub has_second_factor: bool,
    /// A language tag (`Language::code`); see `language`.
    language: Option<String>,
}

impl UserRecord {
    /// The language the account reads its pages and mails in, if it has
    /// one (accounts made before languages, and by the CLI, have none).
    pub fn language(&self) -> Option<Language> {
        self.language.as_deref().and_then(Language::parse)
    }

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
    pub language: Option<Language>,
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

const USER_COLUMNS: &str = "id, email, password_hash, first_name, last_name, email_verified, \
     is_active, role, locked_until, last_login_at, token_version, created_at, erase_after, \
     language, EXISTS (SELECT 1 FROM second_factors f \
             WHERE f.user_id = users.id AND f.confirmed_at IS NOT NULL) AS has_second_factor";

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
        "INSERT INTO users (id, email, password_hash, first_name, last_name, language, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(user.id)
    .bind(user.email)
    .bind(user.password_hash)
    .bind(user.first_name)
    .bind(user.last_name)
    .bind(user.language.map(Language::code))
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

/// Takes one password attempt for the account before its hash is checked:
/// deciding and counting are one statement, so however many attempts
/// arrive at once (on however many instances), failures and attempts still
/// being checked never add up to more than `max_attempts`. Attempts taken
/// at or before `stale_before` belong to a process that died and no longer
/// count. A lock that has run out starts the count afresh. `None`: locked,
/// or every attempt is being checked (see `password_lock`).
pub async fn take_password_attempt(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    now: i64,
    stale_before: i64,
    max_attempts: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE users SET \
           failed_login_attempts = CASE WHEN locked_until IS NOT NULL \
                                        THEN 0 ELSE failed_login_attempts END, \
           locked_until = NULL, \
           attempts_in_flight = CASE WHEN in_flight_since IS NULL OR in_flight_since <= $2 \
                                     THEN 1 ELSE attempts_in_flight + 1 END, \
           in_flight_since = $1, \
           updated_at = $1 \
         WHERE id = $4 AND (locked_until IS NULL OR locked_until <= $1) \
           AND (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_login_attempts END) \
             + (CASE WHEN in_flight_since IS NULL OR in_flight_since <= $2 \
                     THEN 0 ELSE attempts_in_flight END) < $3 \
         RETURNING failed_login_attempts",
    )
    .bind(now)
    .bind(stale_before)
    .bind(max_attempts)
    .bind(user_id)
    .fetch_optional(executor)
    .await
}

/// The same for an address that has no account, so an unknown address
/// locks exactly like a known one.
pub async fn take_unknown_address_attempt(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
    now: i64,
    stale_before: i64,
    max_attempts: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO login_throttles \
           (email, failed_attempts, locked_until, updated_at, attempts_in_flight, in_flight_since) \
         VALUES ($1, 0, NULL, $2, 1, $2) \
         ON CONFLICT (email) DO UPDATE SET \
           failed_attempts = CASE WHEN login_throttles.locked_until IS NOT NULL \
                                  THEN 0 ELSE login_throttles.failed_attempts END, \
           locked_until = NULL, \
           attempts_in_flight = CASE WHEN login_throttles.in_flight_since IS NULL \
                                          OR login_throttles.in_flight_since <= $3 \
                                     THEN 1 ELSE login_throttles.attempts_in_flight + 1 END, \
           in_flight_since = $2, \
           updated_at = $2 \
         WHERE (login_throttles.locked_until IS NULL OR login_throttles.locked_until <= $2) \
           AND (CASE WHEN login_throttles.locked_until IS NOT NULL \
                     THEN 0 ELSE login_throttles.failed_attempts END) \
             + (CASE WHEN login_throttles.in_flight_since IS NULL \
                          OR login_throttles.in_flight_since <= $3 \
                     THEN 0 ELSE login_throttles.attempts_in_flight END) < $4 \
         RETURNING failed_attempts",
    )
    .bind(email)
    .bind(now)
    .bind(stale_before)
    .bind(max_attempts)
    .fetch_optional(executor)
    .await
}

/// Counts an attempt refused by the lock, and returns how many the lock
/// has refused and the audit row that records them (none yet for the
/// first). In a transaction, the row stays locked until it commits, so the
/// refusals update the audit row one after another, in order.
pub async fn count_refusal_while_locked(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let counted: Option<(i64, Option<i64>)> = sqlx::query_as(
        "UPDATE users SET refused_while_locked = refused_while_locked + 1 WHERE id = $1 \
         RETURNING refused_while_locked, locked_audit_id",
    )
    .bind(user_id)
    .fetch_optional(executor)
    .await?;
    Ok(counted.unwrap_or((1, None)))
}

/// Stores a rehash of the password with the current parameters.
pub async fn set_password_hash(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    password_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now)
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

/// The same for an address without an account.
pub async fn count_unknown_refusal_while_locked(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let counted: Option<(i64, Option<i64>)> = sqlx::query_as(
        "UPDATE login_throttles SET refused_while_locked = refused_while_locked + 1 \
         WHERE email = $1 RETURNING refused_while_locked, locked_audit_id",
    )
    .bind(email)
    .fetch_optional(executor)
    .await?;
    Ok(counted.unwrap_or((1, None)))
}

/// Remembers the audit row that records the current lock's refusals.
pub async fn set_locked_audit_row(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    audit_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET locked_audit_id = $1 WHERE id = $2")
        .bind(audit_id)
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

/// The same for an address without an account.
pub async fn set_unknown_locked_audit_row(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
    audit_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_throttles SET locked_audit_id = $1 WHERE email = $2")
        .bind(audit_id)
        .bind(email)
        .execute(executor)
        .await?;
    Ok(())
}

/// Until when the account is locked, if it is.
pub async fn password_lock(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let locked_until: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_until FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(executor)
            .await?;
    Ok(locked_until.flatten())
}

/// Forgets the failures of addresses without an account that are not
/// locked and have been quiet since `before`.
pub async fn delete_idle_throttles(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
    before: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM login_throttles \
         WHERE (locked_until IS NULL OR locked_until <= $1) AND updated_at < $2",
    )
    .bind(now)
    .bind(before)
    .execute(executor)
    .await?;
    Ok(result.rows_affected())
}

/// Until when an address without an account is locked, if it is.
pub async fn unknown_address_lock(
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

/// A taken attempt turned out wrong: it counts as a failure, and the
/// failure that reaches `max_attempts` locks until `lock_until`. Returns
/// the lock, if there is one now.
pub async fn fail_password_attempt(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    now: i64,
    max_attempts: i64,
    lock_until: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let locked_until: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE users SET \
           attempts_in_flight = CASE WHEN attempts_in_flight > 0 \
                                     THEN attempts_in_flight - 1 ELSE 0 END, \
           failed_login_attempts = failed_login_attempts + 1, \
           locked_until = CASE WHEN failed_login_attempts + 1 >= $2 THEN $3 ELSE locked_until END, \
           refused_while_locked = CASE WHEN failed_login_attempts + 1 >= $2 \
                                       THEN 0 ELSE refused_while_locked END, \
           locked_audit_id = CASE WHEN failed_login_attempts + 1 >= $2 \
                                  THEN NULL ELSE locked_audit_id END, \
           updated_at = $1 \
         WHERE id = $4 RETURNING locked_until",
    )
    .bind(now)
    .bind(max_attempts)
    .bind(lock_until)
    .bind(user_id)
    .fetch_optional(executor)
    .await?;
    Ok(locked_until.flatten())
}

/// The same for an address without an account.
pub async fn fail_unknown_address_attempt(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
    now: i64,
    max_attempts: i64,
    lock_until: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let locked_until: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE login_throttles SET \
           attempts_in_flight = CASE WHEN attempts_in_flight > 0 \
                                     THEN attempts_in_flight - 1 ELSE 0 END, \
           failed_attempts = failed_attempts + 1, \
           locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3 ELSE locked_until END, \
           refused_while_locked = CASE WHEN failed_attempts + 1 >= $2 \
                                       THEN 0 ELSE refused_while_locked END, \
           locked_audit_id = CASE WHEN failed_attempts + 1 >= $2 \
                                  THEN NULL ELSE locked_audit_id END, \
           updated_at = $1 \
         WHERE email = $4 RETURNING locked_until",
    )
    .bind(now)
    .bind(max_attempts)
    .bind(lock_until)
    .bind(email)
    .fetch_optional(executor)
    .await?;
    Ok(locked_until.flatten())
}

/// A taken attempt is over without a failure to count (the account was
/// refused for another reason, or the admission step records the success).
pub async fn release_password_attempt(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET attempts_in_flight = CASE WHEN attempts_in_flight > 0 \
                                               THEN attempts_in_flight - 1 ELSE 0 END \
         WHERE id = $1",
    )
    .bind(user_id)
    .execute(executor)
    .await?;
    Ok(())
}

/// The same for an address without an account.
pub async fn release_unknown_address_attempt(
    executor: impl Executor<'_, Database = Any>,
    email: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_throttles SET attempts_in_flight = CASE WHEN attempts_in_flight > 0 \
                                                         THEN attempts_in_flight - 1 ELSE 0 END \
         WHERE email = $1",
    )
    .bind(email)
    .execute(executor)
    .await?;
    Ok(())
}

/// A taken attempt turned out right: the account gets all its attempts back.
pub async fn pass_password_attempt(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET failed_login_attempts = 0, locked_until = NULL, \
           attempts_in_flight = CASE WHEN attempts_in_flight > 0 \
                                     THEN attempts_in_flight - 1 ELSE 0 END, \
           updated_at = $1 \
         WHERE id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(executor)
    .await?;
    Ok(())
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

/// Changes what is given of the names and the language; `false` when the
/// account is gone.
pub async fn update_profile(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
    (first_name, last_name): (Option<&str>, Option<&str>),
    language: Option<Language>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET first_name = COALESCE($1, first_name), \
           last_name = COALESCE($2, last_name), language = COALESCE($3, language), \
           updated_at = $4 \
         WHERE id = $5",
    )
    .bind(first_name)
    .bind(last_name)
    .bind(language.map(Language::code))
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

/// Keeps the language the account picked (on the profile or in the footer).
pub async fn set_language(
    executor: impl Executor<'_, Database = Any>,
    id: &str,
    language: Language,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET language = $1, updated_at = $2 WHERE id = $3")
        .bind(language.code())
        .bind(now)
        .bind(id)
        .execute(executor)
        .await?;
    Ok(())
}
