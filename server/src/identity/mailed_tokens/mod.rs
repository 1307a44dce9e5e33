//! Mailed tokens: a link and/or a 6-digit code sent to an address, which
//! verification, reset, code sign-in, confirmation and email change share:
//! issuing one (replacing the user's older ones for the same purpose), and
//! checking a typed code against the newest live one. Stored in the
//! `email_tokens` table (`db::email_tokens`), only as hashes (`secrets`).

mod secrets;

pub use secrets::{Issued, MAX_CODE_ATTEMPTS, MailedSecrets, is_code, link_token_hash};

use super::AuthError;
use crate::{
    mail::{Mail, Outbox, templates::Letterhead},
    storage::{
        Db, audit,
        email_tokens::{self, NewEmailToken},
        mail_requests::{self, MailRequest, Window},
    },
};
use app::{clock::Clock, ports::ClientMeta, vocabulary::AuditAction};
use sqlx::{Any, Transaction};

/// Which parts a message carries.
pub enum Parts {
    Link,
    Code,
    LinkAndCode,
}

/// A link and/or code to issue for one user and purpose.
pub struct TokenRequest<'a> {
    pub user_id: &'a str,
    pub email: &'a str,
    pub purpose: &'a str,
    pub parts: Parts,
    pub valid_seconds: i64,
}

/// How many messages of one purpose one client may ask for, for one
/// address, in a window. (Beside it, `MailedTokens` caps what an address
/// gets per day from everyone.)
pub struct MailLimit {
    pub purpose: &'static str,
    pub per_window: i64,
    pub window_seconds: i64,
}

/// Three codes per address and client per 15 minutes: sign-in,
/// confirmation, email change.
pub fn code_limit(purpose: &'static str) -> MailLimit {
    MailLimit {
        purpose,
        per_window: 3,
        window_seconds: 15 * 60,
    }
}

/// The outcome of checking a typed code.
pub enum CodeCheck {
    /// Right: use the token up (`email_tokens::consume_code`) in the
    /// transaction that acts on it.
    Accepted { token_id: String, user_id: String },
    /// Wrong, used, replaced, expired or out of tries; `user_id` when a live
    /// code exists for the address. The reason is for the audit log.
    Refused {
        reason: &'static str,
        user_id: Option<String>,
    },
}

/// Issues, mails and checks the tokens of every mailed-token use case.
#[derive(Clone)]
pub struct MailedTokens {
    db: Db,
    outbox: Outbox,
    secrets: MailedSecrets,
    /// Links in messages start here, whatever `Host` a request named.
    letterhead: Letterhead,
    /// Messages an address may get per day, whoever asks.
    per_address_per_day: i64,
    clock: Clock,
}

impl MailedTokens {
    pub fn new(
        db: Db,
        outbox: Outbox,
        secrets: MailedSecrets,
        letterhead: Letterhead,
        per_address_per_day: u32,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            outbox,
            secrets,
            letterhead,
            per_address_per_day: i64::from(per_address_per_day),
            clock,
        }
    }

    /// Writes the messages: their links and language.
    pub fn letterhead(&self) -> &Letterhead {
        &self.letterhead
    }

    /// Records a request to mail `email`, whether or not an account has the
    /// address (so the answer reveals nothing). Past the client's limit for
    /// the address, or the address's daily cap, audits `action` as refused
    /// (for `user_id`) and answers `TooManyMessages` with when to try again;
    /// a refused request is not counted, so an attacker asking for someone's
    /// address never uses up the owner's own requests.
    pub async fn limit_requests(
        &self,
        email: &str,
        limit: MailLimit,
        (user_id, action): (Option<&str>, AuditAction),
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        const DAY: i64 = 86_400;
        let now = self.clock.now();
        let client_key =
            crate::http::client_address::limit_key(client.ip.as_deref().unwrap_or_default());
        let taken = mail_requests::take(
            &self.db,
            &MailRequest {
                email,
                purpose: limit.purpose,
                client: &client_key,
            },
            Window {
                allowed: limit.per_window,
                since: now - limit.window_seconds,
            },
            Window {
                allowed: self.per_address_per_day,
                since: now - DAY,
            },
            now,
        )
        .await?;
        let Err(allowed_again_at) = taken else {
            return Ok(());
        };
        super::audit(
            &self.db,
            user_id,
            action,
            client,
            false,
            Some("rate_limited"),
            now,
        )
        .await?;
        Err(AuthError::TooManyMessages {
            retry_after_seconds: (allowed_again_at - now).max(1) as u64,
        })
    }

    /// Issues a code for `purpose` bound to `recipient`, mails the message
    /// `mail` makes of it, records `action` and commits, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn mail_code(
        &self,
        user_id: &str,
        recipient: &str,
        purpose: &str,
        valid_minutes: u64,
        action: AuditAction,
        client: &ClientMeta,
        mail: impl FnOnce(&str) -> Mail,
    ) -> Result<(), AuthError> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let issued = self
            .issue(
                &mut tx,
                TokenRequest {
                    user_id,
                    email: recipient,
                    purpose,
                    parts: Parts::Code,
                    valid_seconds: (valid_minutes * 60) as i64,
                },
                now,
            )
            .await?;
        self.commit_with_mail(tx, &mail(&issued.code), user_id, action, client, now)
            .await
    }

    /// Stores a new token (the user's older ones for the purpose stop
    /// working) in `tx`, and returns what to put in the message.
    pub async fn issue(
        &self,
        tx: &mut Transaction<'_, Any>,
        request: TokenRequest<'_>,
        now: i64,
    ) -> Result<Issued, AuthError> {
        let TokenRequest {
            user_id,
            email,
            purpose,
            parts,
            valid_seconds,
        } = request;
        let issued = self.secrets.issue(purpose, email);
        let (link, code) = match parts {
            Parts::Link => (true, false),
            Parts::Code => (false, true),
            Parts::LinkAndCode => (true, true),
        };
        email_tokens::replace(
            tx,
            &NewEmailToken {
                id: &uuid::Uuid::new_v4().to_string(),
                user_id,
                email,
                purpose,
                token_hash: link.then_some(issued.token_hash.as_str()),
                code_hash: code.then_some(issued.code_hash.as_str()),
                expires_at: now + valid_seconds,
                now,
            },
        )
        .await?;
        Ok(issued)
    }

    /// Checks `code` against the newest live code for the address. Every
    /// try counts (taken before the comparison); after `MAX_CODE_ATTEMPTS`
    /// the code is dead, however many tries arrive at once.
    pub async fn check_code(
        &self,
        purpose: &str,
        email: &str,
        code: &str,
        now: i64,
    ) -> Result<CodeCheck, AuthError> {
        let Some(live) =
            crate::storage::email_tokens::live_code(&self.db.pool, email, purpose, now).await?
        else {
            return Ok(CodeCheck::Refused {
                reason: "no_code",
                user_id: None,
            });
        };
        let tried = crate::storage::email_tokens::take_code_attempt(
            self.db.writer(),
            &live.id,
            MAX_CODE_ATTEMPTS,
        )
        .await?;
        if tried.is_none() {
            return Ok(CodeCheck::Refused {
                reason: "code_exhausted",
                user_id: Some(live.user_id),
            });
        }
        let matches = is_code(code)
            && self
                .secrets
                .code_matches(purpose, email, code, &live.code_hash);
        if !matches {
            return Ok(CodeCheck::Refused {
                reason: "wrong_code",
                user_id: Some(live.user_id),
            });
        }
        Ok(CodeCheck::Accepted {
            token_id: live.id,
            user_id: live.user_id,
        })
    }

    /// Queues `mail` in `tx`; the caller commits and then `wake`s the worker.
    pub async fn queue(
        &self,
        tx: &mut Transaction<'_, Any>,
        mail: &Mail,
        user_id: &str,
        now: i64,
    ) -> Result<(), AuthError> {
        self.outbox.queue(tx, mail, Some(user_id), now).await?;
        Ok(())
    }

    pub fn wake(&self) {
        self.outbox.wake();
    }

    /// Queues `mail` and records `action` in the transaction, commits, and
    /// wakes the mail worker.
    pub async fn commit_with_mail(
        &self,
        mut tx: Transaction<'_, Any>,
        mail: &Mail,
        user_id: &str,
        action: AuditAction,
        client: &ClientMeta,
        now: i64,
    ) -> Result<(), AuthError> {
        self.outbox.queue(&mut tx, mail, Some(user_id), now).await?;
        audit::record(&mut *tx, &audit::succeeded(user_id, action, client, now)).await?;
        tx.commit().await?;
        self.outbox.wake();
        Ok(())
    }
}
