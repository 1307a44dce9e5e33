//! SQL for self-service: email change, deletion and erasure, the user's own
//! activity, devices and data export.

use super::{Db, get_bool, is_unique_violation, refresh_tokens};
use sqlx::{Any, Row, Transaction};

/// One audit event as its user sees it.
pub struct ActivityRow {
    pub action: String,
    pub success: bool,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
}

/// A linked provider account as the user sees it.
pub struct ConnectionRow {
    pub provider: String,
    pub email: Option<String>,
    pub linked_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum EmailChangeError {
    #[error("the address belongs to another account")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Moves the account to a confirmed new address.
pub async fn change_email(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    new_email: &str,
    now: i64,
) -> Result<(), EmailChangeError> {
    sqlx::query(
        "UPDATE users SET email = $1, email_verified = TRUE, updated_at = $2 \
         WHERE id = $3 AND is_active = TRUE",
    )
    .bind(new_email)
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await
    .map_err(|error| {
        if is_unique_violation(&error) {
            EmailChangeError::EmailTaken
        } else {
            EmailChangeError::Database(error)
        }
    })?;
    Ok(())
}

/// Deactivates the account until `erase_after` and ends every sign-in.
pub async fn schedule_deletion(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    erase_after: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET is_active = FALSE, erase_after = $1, \
           token_version = token_version + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(erase_after)
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    refresh_tokens::revoke_all_sign_ins(tx, user_id, now, "account_deleted").await
}

/// Brings back an account whose grace period has not ended; `false` if there
/// is nothing to restore.
pub async fn restore(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET is_active = TRUE, erase_after = NULL, updated_at = $1 \
         WHERE id = $2 AND erase_after IS NOT NULL AND erase_after > $1",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Erases one account whose grace period is over: the row goes (sessions,
/// tokens, codes and connections with it), its queued mail and request
/// records go, and its audit events stay for the record without the user,
/// address or device. `false` if it was restored or erased meanwhile.
pub async fn erase(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT email FROM users WHERE id = $1 AND erase_after IS NOT NULL AND erase_after <= $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(false);
    };
    let email: String = row.try_get("email")?;
    for (sql, key) in [
        (
            "UPDATE audit_log SET user_id = NULL, ip = NULL, user_agent = NULL WHERE user_id = $1",
            user_id,
        ),
        (
            "UPDATE audit_log SET actor_id = NULL WHERE actor_id = $1",
            user_id,
        ),
        ("DELETE FROM email_outbox WHERE user_id = $1", user_id),
        ("DELETE FROM email_outbox WHERE recipient = $1", &email),
        ("DELETE FROM mail_requests WHERE email = $1", &email),
        ("DELETE FROM login_throttles WHERE email = $1", &email),
        ("DELETE FROM email_tokens WHERE user_id = $1", user_id),
        ("DELETE FROM oauth_connections WHERE user_id = $1", user_id),
        ("DELETE FROM sessions WHERE user_id = $1", user_id),
        (
            "DELETE FROM refresh_tokens WHERE family_id IN \
               (SELECT id FROM refresh_families WHERE user_id = $1)",
            user_id,
        ),
        ("DELETE FROM refresh_families WHERE user_id = $1", user_id),
        ("DELETE FROM users WHERE id = $1", user_id),
    ] {
        sqlx::query(sql).bind(key).execute(&mut **tx).await?;
    }
    Ok(true)
}

impl Db {
    /// Accounts whose grace period ended, a batch at a time.
    pub async fn accounts_due_for_erasure(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id FROM users WHERE erase_after IS NOT NULL AND erase_after <= $1 \
             ORDER BY erase_after LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| row.try_get("id")).collect()
    }

    /// The user's newest audit events, `limit` of them (all when `None`).
    pub async fn activity(
        &self,
        user_id: &str,
        limit: Option<i64>,
    ) -> Result<Vec<ActivityRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT action, success, reason, ip, user_agent, created_at FROM audit_log \
             WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit.unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ActivityRow {
                    action: row.try_get("action")?,
                    success: get_bool(row, "success")?,
                    reason: row.try_get("reason")?,
                    ip: row.try_get("ip")?,
                    user_agent: row.try_get("user_agent")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    pub async fn connections_of(&self, user_id: &str) -> Result<Vec<ConnectionRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT provider, email, linked_at, last_used_at FROM oauth_connections \
             WHERE user_id = $1 ORDER BY linked_at",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ConnectionRow {
                    provider: row.try_get("provider")?,
                    email: row.try_get("email")?,
                    linked_at: row.try_get("linked_at")?,
                    last_used_at: row.try_get("last_used_at")?,
                })
            })
            .collect()
    }

    /// The public id of the browser session whose cookie holds `session_id`.
    pub async fn session_public_id(&self, session_id: &str) -> Result<Option<String>, sqlx::Error> {
        let row = sqlx::query("SELECT public_id FROM sessions WHERE id = $1")
            .bind(session_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("public_id")?,
            None => None,
        })
    }

    /// Ends every sign-in of the user but the browser session `keep_session_id`.
    pub async fn revoke_other_sign_ins(
        &self,
        user_id: &str,
        keep_session_id: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
            .bind(user_id)
            .bind(keep_session_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE refresh_families SET revoked_at = $1, revoked_reason = 'logout_others' \
             WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }
}
