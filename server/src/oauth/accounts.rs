//! The "Connected accounts" use cases behind the profile.

use super::GoogleService;
use crate::{
    identity::mailed_tokens::MailedTokens,
    mail::templates::Phrase,
    storage::{Db, audit},
};
use app::error::say;
use app::vocabulary::UserId;
use app::{
    clock::Clock,
    error::{AppError, ErrorCode},
    guards::RecentSignIn,
    model::GoogleStatus,
    ports::{ClientMeta, ConnectedAccounts},
    vocabulary::AuditAction,
};
use async_trait::async_trait;
use std::sync::Arc;

pub struct Connections {
    db: Db,
    google: Option<Arc<GoogleService>>,
    mailed: MailedTokens,
    clock: Clock,
}

impl Connections {
    pub fn new(
        db: Db,
        google: Option<Arc<GoogleService>>,
        mailed: MailedTokens,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            google,
            mailed,
            clock,
        }
    }
}

fn internal(error: sqlx::Error) -> AppError {
    tracing::error!(%error, "connected accounts failed");
    AppError::internal()
}

#[async_trait]
impl ConnectedAccounts for Connections {
    async fn google_status(&self, user_id: Option<&UserId>) -> Result<GoogleStatus, AppError> {
        let enabled = self.google.is_some();
        let Some(user_id) = user_id.filter(|_| enabled) else {
            return Ok(GoogleStatus {
                enabled,
                ..GoogleStatus::default()
            });
        };
        let linked = crate::storage::oauth::has_connection(&self.db.pool, user_id, "google")
            .await
            .map_err(internal)?;
        let has_password = crate::storage::users::find_by_id(&self.db.pool, user_id)
            .await
            .map_err(internal)?
            .is_some_and(|user| user.password_hash.is_some());
        Ok(GoogleStatus {
            enabled,
            linked,
            has_password,
        })
    }

    async fn unlink_google(
        &self,
        caller: &RecentSignIn,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let user_id = caller.user_id();
        let now = self.clock.now();
        let user = crate::storage::users::find_by_id(&self.db.pool, user_id)
            .await
            .map_err(internal)?
            .ok_or_else(AppError::unauthorized)?;
        let mut tx = self.db.begin().await.map_err(internal)?;
        let unlinked =
            crate::storage::oauth::unlink_unless_only_method(&mut *tx, user_id, "google")
                .await
                .map_err(internal)?;
        if unlinked {
            let letterhead = self.mailed.letterhead();
            let notice = letterhead.sign_in_method_changed(
                &letterhead.to(&user),
                &Phrase::new("mail-google-disconnected"),
            );
            self.mailed
                .commit_with_mail(tx, &notice, user_id, AuditAction::GoogleUnlink, client, now)
                .await?;
            Ok(())
        } else {
            tx.rollback().await.map_err(internal)?;
            audit::record(
                self.db.writer(),
                &audit::event(
                    Some(user_id),
                    AuditAction::GoogleUnlink,
                    client,
                    false,
                    Some("only_method"),
                    now,
                ),
            )
            .await
            .map_err(internal)?;
            Err(AppError::new(
                ErrorCode::BadRequest,
                say("problem-google-only-method"),
            ))
        }
    }
}
