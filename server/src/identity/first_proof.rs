//! First proof of an address wins. An account whose address was never
//! verified may have been registered by someone who does not own it,
//! waiting for the owner to sign in. So the first time anyone proves the
//! address without the account's password (a mailed sign-in code, a reset
//! link, or Google with a verified address), everything set up before that
//! proof stops working: the password, every browser session, refresh family
//! and access token, every Google connection, every second factor and every
//! passkey. The owner is told by mail
//! what was removed. Accounts whose address was verified are untouched.

use crate::{
    mail::templates::Phrase,
    storage::{accounts, users::UserRecord},
};
use sqlx::{Any, Transaction};

use super::{AuthError, mailed_tokens::MailedTokens};

#[derive(Clone)]
pub struct FirstProof {
    mailed: MailedTokens,
}

/// What the proof brings with it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// A sign-in (a code, Google): the account is left without a password.
    SignIn,
    /// A reset: the owner's new password replaces the old one.
    NewPassword,
}

impl FirstProof {
    pub fn new(mailed: MailedTokens) -> Self {
        Self { mailed }
    }

    /// In `tx`, with the proof's own changes: claims `user`'s account for
    /// the owner of its address if it was never verified, and queues the
    /// notice. `true` when it did (the caller `wake`s the mail worker after
    /// committing).
    pub async fn claim(
        &self,
        tx: &mut Transaction<'_, Any>,
        user: &UserRecord,
        proof: Proof,
        now: i64,
    ) -> Result<bool, AuthError> {
        let Some(claimed) = accounts::claim_unverified(tx, &user.id, now).await? else {
            return Ok(false);
        };
        let removed: Vec<Phrase> = [
            (claimed.had_password && proof == Proof::SignIn)
                .then(|| Phrase::new("mail-claimed-password-before")),
            (claimed.had_password && proof == Proof::NewPassword)
                .then(|| Phrase::new("mail-claimed-password")),
            (claimed.sign_ins > 0)
                .then(|| Phrase::new("mail-claimed-sessions").with("count", claimed.sign_ins)),
            (claimed.connections > 0).then(|| Phrase::new("mail-claimed-google")),
            claimed
                .second_factors
                .then(|| Phrase::new("mail-claimed-two-step")),
            (claimed.passkeys > 0).then(|| Phrase::new("mail-claimed-passkeys")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !removed.is_empty() {
            let letterhead = self.mailed.letterhead();
            let notice = letterhead.address_claimed(&letterhead.to(user), &removed);
            self.mailed.queue(tx, &notice, &user.id, now).await?;
        }
        tracing::info!(user_id = %user.id, "first proof of an unverified address: earlier access removed");
        Ok(true)
    }

    pub fn wake(&self) {
        self.mailed.wake();
    }
}
