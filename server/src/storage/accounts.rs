//! An account's life after sign-up, where one change spans the user's rows
//! in several tables: an email change, deletion, restoring, erasure.

use super::{is_unique_violation, refresh_tokens};
use sqlx::{Any, Transaction};

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

/// What a first proof of the address took away from an unverified account.
pub struct Claimed {
    pub had_password: bool,
    pub sign_ins: i64,
    pub connections: u64,
    /// An app or mailed second-step codes were set up (recovery codes go too).
    pub second_factors: bool,
    pub passkeys: u64,
}

/// The first proof of the address of an account that was never verified:
/// whatever was set up before it ends (the password, every browser session,
/// refresh family and access token, every provider connection, every
/// passkey), and the
/// address counts as verified. `None` when the address was already verified
/// (checked in `tx`, so two proofs at once claim it once).
pub async fn claim_unverified(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    now: i64,
) -> Result<Option<Claimed>, sqlx::Error> {
    let before: Option<(Option<String>, i64)> = sqlx::query_as(
        "SELECT password_hash, \
           (SELECT COUNT(*) FROM sessions WHERE user_id = $1) \
           + (SELECT COUNT(*) FROM refresh_families \
              WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2) AS sign_ins \
         FROM users WHERE id = $1 AND email_verified = FALSE",
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((password_hash, sign_ins)) = before else {
        return Ok(None);
    };
    let claimed = sqlx::query(
        "UPDATE users SET password_hash = NULL, email_verified = TRUE, failed_login_attempts = 0, \
           locked_until = NULL, token_version = token_version + 1, updated_at = $1 \
         WHERE id = $2 AND email_verified = FALSE",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(None);
    }
    super::refresh_tokens::revoke_all_sign_ins(tx, user_id, now, "address_claimed").await?;
    let connections = super::oauth::unlink_all(tx, user_id).await?;
    let second_factors = super::second_factors::remove_all(&mut **tx, user_id).await?;
    super::recovery_codes::delete_all(&mut **tx, user_id).await?;
    let passkeys = super::passkeys::remove_all(&mut **tx, user_id).await?;
    Ok(Some(Claimed {
        had_password: password_hash.is_some(),
        sign_ins,
        connections,
        second_factors,
        passkeys,
    }))
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
    let Some(email): Option<String> = sqlx::query_scalar(
        "SELECT email FROM users WHERE id = $1 AND erase_after IS NOT NULL AND erase_after <= $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(false);
    };
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

/// Removes every second factor, recovery code and trusted browser of the
/// account, and the sign-ins waiting for a second step; `false` when it had
/// no second factor.
pub async fn reset_second_factor(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let had = super::second_factors::remove_all(&mut **tx, user_id).await?;
    super::recovery_codes::delete_all(&mut **tx, user_id).await?;
    super::trusted_browsers::revoke_all(&mut **tx, user_id).await?;
    super::sign_in_challenges::end_all(&mut **tx, user_id).await?;
    Ok(had)
}
