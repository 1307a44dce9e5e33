//! The "Two-step sign-in" settings of the profile: setting up an app,
//! turning mailed codes on, removing a factor, new recovery codes, and the
//! browsers trusted to skip the second step. Every change is audited and
//! mailed to the account's address.

use super::{AppSecret, TwoStep, UNCONFIRMED_APP_SECONDS};
use crate::{
    identity::{AuthError, active_user, rfc3339},
    mail::templates::Phrase,
    storage::{recovery_codes, second_factors, sign_in_challenges, trusted_browsers},
};
use app::error::say;
use app::{
    error::AppError,
    guards::RecentSignIn,
    model::{AppEnrolment, TrustedBrowserView, TwoStepView},
    ports::{ClientMeta, TwoStepSettings},
    vocabulary::{AuditAction, SecondFactorKind, UserId},
};
use async_trait::async_trait;
use secrecy::ExposeSecret;
use sqlx::{Any, Transaction};

impl TwoStep {
    async fn start_app(&self, user_id: &str) -> Result<AppEnrolment, AuthError> {
        let user = active_user(&self.db, user_id).await?;
        let now = self.clock.now();
        let sealed = AppSecret::generate()
            .seal(&self.sealer, user_id)
            .ok_or_else(|| anyhow::anyhow!("could not seal an app secret"))?;
        // The same secret while the user may still be typing its code, and
        // for every request that asks at once (a page renders it twice).
        let fresh_since = now - UNCONFIRMED_APP_SECONDS;
        second_factors::put_unconfirmed_app(self.db.writer(), user_id, &sealed, now, fresh_since)
            .await?;
        let app = second_factors::of_user(&self.db.pool, user_id)
            .await?
            .into_iter()
            .find(|f| f.kind == second_factors::APP);
        let Some(stored) = app
            .filter(|f| !f.is_confirmed())
            .and_then(|f| f.sealed_secret)
        else {
            return Err(AuthError::invalid("code", say("problem-app-exists")));
        };
        let secret = AppSecret::open(&self.sealer, user_id, &stored)
            .ok_or_else(|| anyhow::anyhow!("an app secret that does not open"))?;
        Ok(AppEnrolment {
            qr_svg: secret
                .qr_svg(&self.issuer, &user.email)
                .ok_or_else(|| anyhow::anyhow!("could not draw the QR code"))?,
            secret: secret.for_typing(),
        })
    }

    async fn confirm_app(
        &self,
        user_id: &str,
        code: &str,
        client: &ClientMeta,
    ) -> Result<Option<Vec<String>>, AuthError> {
        self.limit.check(client).await?;
        let user = active_user(&self.db, user_id).await?;
        let now = self.clock.now();
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let unconfirmed = second_factors::of_user(&self.db.pool, user_id)
            .await?
            .into_iter()
            .find(|f| f.kind == second_factors::APP && !f.is_confirmed());
        let Some(sealed) = unconfirmed.and_then(|f| f.sealed_secret) else {
            return Err(AuthError::invalid("code", say("problem-app-start-again")));
        };
        let secret = AppSecret::open(&self.sealer, user_id, &sealed)
            .ok_or_else(|| anyhow::anyhow!("an app secret that does not open"))?;
        let Some(step) = secret.matching_step(&code, now) else {
            return Err(AuthError::invalid("code", say("problem-app-code-wrong")));
        };
        let mut tx = self.db.begin().await?;
        if !second_factors::confirm_app(&mut *tx, user_id, step, now).await? {
            tx.rollback().await?;
            return Err(AuthError::invalid(
                "code",
                say("problem-app-already-set-up"),
            ));
        }
        let codes = self.first_recovery_codes(&mut tx, user_id, now).await?;
        self.factor_changed(&mut tx, user_id).await?;
        self.record_and_notify(
            &mut tx,
            &user,
            (AuditAction::SecondFactorAdded, Some("app")),
            &Phrase::new("mail-two-step-app-added"),
            client,
        )
        .await?;
        tx.commit().await?;
        self.mailed.wake();
        Ok(codes)
    }

    async fn enable_email(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<Option<Vec<String>>, AuthError> {
        let user = active_user(&self.db, user_id).await?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        if !second_factors::enable_email(&mut *tx, user_id, now).await? {
            tx.rollback().await?;
            return Ok(None);
        }
        let codes = self.first_recovery_codes(&mut tx, user_id, now).await?;
        self.factor_changed(&mut tx, user_id).await?;
        self.record_and_notify(
            &mut tx,
            &user,
            (AuditAction::SecondFactorAdded, Some("email")),
            &Phrase::new("mail-two-step-email-added"),
            client,
        )
        .await?;
        tx.commit().await?;
        self.mailed.wake();
        Ok(codes)
    }

    async fn remove(
        &self,
        user_id: &str,
        kind: SecondFactorKind,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = active_user(&self.db, user_id).await?;
        let stored = match kind {
            SecondFactorKind::App => second_factors::APP,
            SecondFactorKind::Email => second_factors::EMAIL,
        };
        let mut tx = self.db.begin().await?;
        if !second_factors::remove(&mut *tx, user_id, stored).await? {
            tx.rollback().await?;
            return Ok(());
        }
        let left = second_factors::of_user(&mut *tx, user_id)
            .await?
            .into_iter()
            .any(|f| f.is_confirmed());
        if !left {
            // Recovery codes stand in for a factor that is gone.
            recovery_codes::delete_all(&mut *tx, user_id).await?;
        }
        self.factor_changed(&mut tx, user_id).await?;
        let change = Phrase::new(match (kind, left) {
            (SecondFactorKind::App, true) => "mail-two-step-app-removed",
            (SecondFactorKind::Email, true) => "mail-two-step-email-removed",
            (_, false) => "mail-two-step-off",
        });
        self.record_and_notify(
            &mut tx,
            &user,
            (AuditAction::SecondFactorRemoved, Some(kind.as_str())),
            &change,
            client,
        )
        .await?;
        tx.commit().await?;
        self.mailed.wake();
        Ok(())
    }

    async fn regenerate(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<Vec<String>, AuthError> {
        let user = active_user(&self.db, user_id).await?;
        if !user.has_second_factor {
            return Err(AuthError::invalid(
                "recovery_codes",
                say("problem-recovery-needs-two-step"),
            ));
        }
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let codes = self.replace_recovery_codes(&mut tx, user_id, now).await?;
        self.record_and_notify(
            &mut tx,
            &user,
            (AuditAction::RecoveryCodesRegenerated, None),
            &Phrase::new("mail-recovery-codes-new"),
            client,
        )
        .await?;
        tx.commit().await?;
        self.mailed.wake();
        Ok(codes)
    }

    /// Ten codes for an account that has none left unused.
    async fn first_recovery_codes(
        &self,
        tx: &mut Transaction<'_, Any>,
        user_id: &str,
        now: i64,
    ) -> Result<Option<Vec<String>>, AuthError> {
        if recovery_codes::unused(&mut **tx, user_id).await? > 0 {
            return Ok(None);
        }
        Ok(Some(self.replace_recovery_codes(tx, user_id, now).await?))
    }

    async fn replace_recovery_codes(
        &self,
        tx: &mut Transaction<'_, Any>,
        user_id: &str,
        now: i64,
    ) -> Result<Vec<String>, AuthError> {
        let generated = self.recovery.generate(user_id);
        let hashes: Vec<String> = generated.iter().map(|(_, hash)| hash.clone()).collect();
        recovery_codes::replace(tx, user_id, &hashes, now).await?;
        Ok(generated
            .into_iter()
            .map(|(code, _)| code.expose_secret().to_string())
            .collect())
    }

    /// The factors changed: sign-ins waiting for a second step start over.
    async fn factor_changed(
        &self,
        tx: &mut Transaction<'_, Any>,
        user_id: &str,
    ) -> Result<(), AuthError> {
        sign_in_challenges::end_all(&mut **tx, user_id).await?;
        Ok(())
    }
}

#[async_trait]
impl TwoStepSettings for TwoStep {
    async fn overview(&self, user_id: &UserId) -> Result<TwoStepView, AppError> {
        let factors = second_factors::of_user(&self.db.pool, user_id)
            .await
            .map_err(AuthError::from)?;
        let has = |kind: &str| factors.iter().any(|f| f.kind == kind && f.is_confirmed());
        Ok(TwoStepView {
            app: has(second_factors::APP),
            email: has(second_factors::EMAIL),
            recovery_codes_left: recovery_codes::unused(&self.db.pool, user_id)
                .await
                .map_err(AuthError::from)?,
            required: false,
        })
    }

    async fn start_app(&self, recent: &RecentSignIn) -> Result<AppEnrolment, AppError> {
        Ok(TwoStep::start_app(self, recent.user_id()).await?)
    }

    async fn confirm_app(
        &self,
        recent: &RecentSignIn,
        code: &str,
        client: &ClientMeta,
    ) -> Result<Option<Vec<String>>, AppError> {
        Ok(TwoStep::confirm_app(self, recent.user_id(), code, client).await?)
    }

    async fn enable_email(
        &self,
        recent: &RecentSignIn,
        client: &ClientMeta,
    ) -> Result<Option<Vec<String>>, AppError> {
        Ok(TwoStep::enable_email(self, recent.user_id(), client).await?)
    }

    async fn remove(
        &self,
        recent: &RecentSignIn,
        kind: SecondFactorKind,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(TwoStep::remove(self, recent.user_id(), kind, client).await?)
    }

    async fn regenerate_recovery_codes(
        &self,
        recent: &RecentSignIn,
        client: &ClientMeta,
    ) -> Result<Vec<String>, AppError> {
        Ok(self.regenerate(recent.user_id(), client).await?)
    }

    async fn trusted_browsers(
        &self,
        user_id: &UserId,
    ) -> Result<Vec<TrustedBrowserView>, AppError> {
        let now = self.clock.now();
        let browsers = trusted_browsers::of_user(&self.db.pool, user_id, now)
            .await
            .map_err(AuthError::from)?;
        Ok(browsers
            .into_iter()
            .map(|browser| TrustedBrowserView {
                id: browser.id,
                device: crate::account::describe::device(browser.user_agent.as_deref()),
                ip: browser.ip,
                created_at: rfc3339(browser.created_at),
                expires_at: rfc3339(browser.expires_at),
            })
            .collect())
    }

    async fn revoke_trusted_browser(
        &self,
        user_id: &UserId,
        id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let revoked = trusted_browsers::revoke(self.db.writer(), user_id, id)
            .await
            .map_err(AuthError::from)?;
        if !revoked {
            return Err(AppError::new(
                app::error::ErrorCode::NotFound,
                say("problem-no-such-browser"),
            ));
        }
        crate::identity::audit(
            &self.db,
            Some(user_id),
            AuditAction::TrustedBrowserRevoked,
            client,
            true,
            None,
            self.clock.now(),
        )
        .await?;
        Ok(())
    }
}
