//! Setting a new password, whichever way (a reset link, a change, a first
//! password with a mailed code): the rules, the hash, and ending every
//! earlier sign-in of the user.

use super::{AuthError, mailed_tokens::MailedTokens, password_hasher::PasswordHasher};
use crate::{
    config::PasswordPolicy,
    domain::{Email, NewPassword},
    storage::{
        refresh_tokens,
        users::{self, UserRecord},
    },
};
use app::{error::FieldError, ports::ClientMeta, vocabulary::AuditAction};
use sqlx::{Any, Transaction};

#[derive(Clone)]
pub struct NewPasswords {
    hasher: PasswordHasher,
    policy: PasswordPolicy,
    mailed: MailedTokens,
}

impl NewPasswords {
    pub fn new(hasher: PasswordHasher, policy: PasswordPolicy, mailed: MailedTokens) -> Self {
        Self {
            hasher,
            policy,
            mailed,
        }
    }

    /// Checks a new password against the rules and the user's own details
    /// (email name, first and last name) and hashes it off the runtime.
    /// Problems are reported under `new_password`.
    pub async fn hash_for(&self, user: &UserRecord, raw: &str) -> Result<String, AuthError> {
        let local_part = Email::parse(&user.email)
            .map(|email| email.local_part().to_string())
            .unwrap_or_default();
        let personal = [
            local_part.as_str(),
            user.first_name.as_str(),
            user.last_name.as_str(),
        ];
        let password = NewPassword::parse(raw, &self.policy, &personal).map_err(|messages| {
            AuthError::Validation(
                messages
                    .into_iter()
                    .map(|message| FieldError::new("new_password", message))
                    .collect(),
            )
        })?;
        Ok(self.hasher.hash(password.into_secret()).await?)
    }

    /// Stores a new password in `tx`, ends every sign-in of the user (browser
    /// sessions, refresh families, access tokens through `token_version`),
    /// mails the "password changed" notice and commits.
    pub async fn commit(
        &self,
        mut tx: Transaction<'_, Any>,
        user: &UserRecord,
        password_hash: &str,
        action: AuditAction,
        client: &ClientMeta,
        now: i64,
    ) -> Result<(), AuthError> {
        users::replace_password(&mut tx, &user.id, password_hash, now).await?;
        refresh_tokens::revoke_all_sign_ins(&mut tx, &user.id, now, action.as_str()).await?;
        let letterhead = self.mailed.letterhead();
        let notice = letterhead.password_changed(&letterhead.to(user));
        self.mailed
            .commit_with_mail(tx, &notice, &user.id, action, client, now)
            .await
    }
}
