//! The signed-in user's own account: names, devices, recent activity and a
//! copy of their data (`AccountService`); confirming it's them and the
//! sensitive changes that need it: password, email, deletion.

use app::error::say;
pub mod confirmation;
pub mod deletion;
pub mod describe;
pub mod email_change;
pub mod export;
pub mod password_change;

pub use confirmation::Confirmation;
pub use deletion::{Deletion, erase_due_accounts};
pub use email_change::EmailChanges;
pub use password_change::PasswordChanges;

use self::export::{
    ExportData, ExportedConnection, ExportedEvent, ExportedProfile, ExportedSession,
};
use crate::{
    domain::{NamePart, PersonName},
    identity::{AuthError, active_user, rfc3339, user_view},
    storage::{
        Db,
        audit::{self, event},
        refresh_tokens::SignInKind,
    },
};
use app::vocabulary::UserId;
use app::{
    clock::Clock,
    error::{AppError, ErrorCode, FieldError},
    guards::RecentSignIn,
    model::{ActivityView, DeviceView, UserView},
    ports::{AccountOverview, ClientMeta, CurrentUser, ProfileChange, ThisDevice},
    vocabulary::AuditAction,
};
use async_trait::async_trait;
use std::time::Duration;

const RECENT_EVENTS: i64 = 20;

pub struct AccountService {
    db: Db,
    browser_session_lifetime: Duration,
    clock: Clock,
}

impl AccountService {
    pub fn new(db: Db, browser_session_lifetime: Duration, clock: Clock) -> Self {
        Self {
            db,
            browser_session_lifetime,
            clock,
        }
    }

    /// Changes the names and/or the language of a live account.
    async fn update_profile(
        &self,
        user_id: &str,
        change: ProfileChange<'_>,
        client: &ClientMeta,
    ) -> Result<UserView, AuthError> {
        let ProfileChange {
            first_name,
            last_name,
            language,
        } = change;
        let parse = |field: &str, label: NamePart, value: Option<&str>| {
            value
                .map(|value| PersonName::parse(value, label))
                .transpose()
                .map_err(|message| FieldError::new(field, message))
        };
        let first = parse("first_name", NamePart::First, first_name);
        let last = parse("last_name", NamePart::Last, last_name);
        let (first, last) = match (first, last) {
            (Ok(first), Ok(last)) => (first, last),
            (first, last) => {
                return Err(AuthError::Validation(
                    [first.err(), last.err()].into_iter().flatten().collect(),
                ));
            }
        };
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let changed = crate::storage::users::update_profile(
            &mut *tx,
            user_id,
            (
                first.as_ref().map(PersonName::as_str),
                last.as_ref().map(PersonName::as_str),
            ),
            language,
            now,
        )
        .await?;
        if !changed {
            return Err(AuthError::Disabled);
        }
        // Browsers signed in before the change follow it too.
        if let Some(language) = language {
            crate::storage::session_store::set_language_for_user(&mut tx, user_id, language)
                .await?;
        }
        tx.commit().await?;
        let names = first.is_some() || last.is_some();
        let what = match (names, language) {
            (true, Some(_)) => "names, language",
            (false, Some(_)) => "language",
            _ => "names",
        };
        self.audit_with_reason(user_id, AuditAction::ProfileUpdated, client, what)
            .await?;
        Ok(user_view(active_user(&self.db, user_id).await?))
    }

    /// Active browser sessions and API sign-ins, the caller's own marked.
    async fn sign_ins(
        &self,
        user_id: &str,
        this_device: ThisDevice<'_>,
    ) -> Result<Vec<DeviceView>, AuthError> {
        let now = self.clock.now();
        let oldest = now - self.browser_session_lifetime.as_secs() as i64;
        let current = match this_device {
            ThisDevice::Session(id) => {
                crate::storage::session_store::session_public_id(&self.db.pool, id)
                    .await?
                    .map(|public_id| (SignInKind::Browser, public_id))
            }
            ThisDevice::Family(id) => Some((SignInKind::Api, id.to_string())),
            ThisDevice::NotListed => None,
        };
        let sign_ins =
            crate::storage::refresh_tokens::active_sign_ins(&self.db.pool, user_id, now, oldest)
                .await?;
        Ok(sign_ins
            .into_iter()
            .map(|sign_in| DeviceView {
                current: current
                    .as_ref()
                    .is_some_and(|(kind, id)| *kind == sign_in.kind && *id == sign_in.id),
                kind: match sign_in.kind {
                    SignInKind::Browser => "browser",
                    SignInKind::Api => "api",
                }
                .into(),
                device: describe::device(sign_in.user_agent.as_deref()),
                user_agent: sign_in.user_agent,
                ip: sign_in.ip,
                created_at: rfc3339(sign_in.created_at),
                last_used_at: rfc3339(sign_in.last_used_at),
                id: sign_in.id,
            })
            .collect())
    }

    async fn activity(&self, user_id: &str) -> Result<Vec<ActivityView>, AuthError> {
        let rows =
            crate::storage::audit::activity(&self.db.pool, user_id, Some(RECENT_EVENTS)).await?;
        Ok(rows
            .into_iter()
            .map(|row| ActivityView {
                description: describe::event(&row.action, row.reason.as_deref(), row.success),
                success: row.success,
                device: describe::device(row.user_agent.as_deref()),
                ip: row.ip,
                at: rfc3339(row.created_at),
            })
            .collect())
    }

    /// Everything stored about the user that they may see: no password hash,
    /// no session id, no token or code, not even their hashes.
    pub async fn export(
        &self,
        recent: &RecentSignIn,
        client: &ClientMeta,
    ) -> Result<ExportData, AuthError> {
        let user_id = recent.user_id();
        let user = active_user(&self.db, user_id).await?;
        let connections = crate::storage::oauth::connections_of(&self.db.pool, user_id).await?;
        let devices = self.sign_ins(user_id, ThisDevice::NotListed).await?;
        let passkeys = crate::storage::passkeys::of_user(&self.db.pool, user_id)
            .await?
            .into_iter()
            .map(crate::identity::passkeys::view)
            .collect();
        audit::record(
            self.db.writer(),
            &audit::succeeded(user_id, AuditAction::DataExport, client, self.clock.now()),
        )
        .await?;
        let events = crate::storage::audit::activity(&self.db.pool, user_id, None).await?;
        Ok(ExportData {
            exported_at: rfc3339(self.clock.now()),
            profile: ExportedProfile {
                has_password: user.password_hash.is_some(),
                created_at: rfc3339(user.created_at),
                last_sign_in_at: user.last_login_at.map(rfc3339),
                id: user.id,
                email: user.email,
                email_verified: user.email_verified,
                first_name: user.first_name,
                last_name: user.last_name,
                role: user.role,
            },
            connected_accounts: connections
                .into_iter()
                .map(|c| ExportedConnection {
                    provider: c.provider,
                    email: c.email,
                    linked_at: rfc3339(c.linked_at),
                    last_used_at: c.last_used_at.map(rfc3339),
                })
                .collect(),
            sessions: devices
                .into_iter()
                .map(|d| ExportedSession {
                    kind: d.kind,
                    device: d.device,
                    ip: d.ip,
                    created_at: d.created_at,
                    last_used_at: d.last_used_at,
                })
                .collect(),
            passkeys,
            audit_events: events
                .into_iter()
                .map(|e| ExportedEvent {
                    description: describe::event(&e.action, e.reason.as_deref(), e.success),
                    action: e.action,
                    success: e.success,
                    reason: e.reason,
                    ip: e.ip,
                    user_agent: e.user_agent,
                    at: rfc3339(e.created_at),
                })
                .collect(),
        })
    }

    async fn audit(
        &self,
        user_id: &str,
        action: AuditAction,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        audit::record(
            self.db.writer(),
            &audit::succeeded(user_id, action, client, self.clock.now()),
        )
        .await?;
        Ok(())
    }

    async fn audit_with_reason(
        &self,
        user_id: &str,
        action: AuditAction,
        client: &ClientMeta,
        reason: &str,
    ) -> Result<(), AuthError> {
        audit::record(
            self.db.writer(),
            &event(
                Some(user_id),
                action,
                client,
                true,
                Some(reason),
                self.clock.now(),
            ),
        )
        .await?;
        Ok(())
    }
}

#[async_trait]
impl CurrentUser for AccountService {
    async fn current_user(&self, user_id: &UserId) -> Result<Option<UserView>, AppError> {
        Ok(crate::storage::users::find_by_id(&self.db.pool, user_id)
            .await
            .map_err(AuthError::from)?
            .filter(|user| user.is_active)
            .map(user_view))
    }
}

#[async_trait]
impl AccountOverview for AccountService {
    async fn update_profile(
        &self,
        user_id: &UserId,
        change: ProfileChange<'_>,
        client: &ClientMeta,
    ) -> Result<UserView, AppError> {
        Ok(AccountService::update_profile(self, user_id, change, client).await?)
    }

    async fn devices(
        &self,
        user_id: &UserId,
        this_device: ThisDevice<'_>,
    ) -> Result<Vec<DeviceView>, AppError> {
        Ok(self.sign_ins(user_id, this_device).await?)
    }

    async fn revoke_device(
        &self,
        user_id: &UserId,
        device_id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        if !crate::storage::refresh_tokens::revoke_sign_in(
            self.db.writer(),
            user_id,
            device_id,
            self.clock.now(),
        )
        .await
        .map_err(AuthError::from)?
        {
            return Err(AppError::new(
                ErrorCode::NotFound,
                say("problem-device-not-signed-in"),
            ));
        }
        Ok(self
            .audit(user_id, AuditAction::SessionRevoked, client)
            .await?)
    }

    async fn sign_out_other_devices(
        &self,
        user_id: &UserId,
        current_session_id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        crate::storage::refresh_tokens::revoke_other_sign_ins(
            &self.db,
            user_id,
            current_session_id,
            self.clock.now(),
        )
        .await
        .map_err(AuthError::from)?;
        Ok(self
            .audit(user_id, AuditAction::LogoutOthers, client)
            .await?)
    }

    async fn recent_activity(&self, user_id: &UserId) -> Result<Vec<ActivityView>, AppError> {
        Ok(self.activity(user_id).await?)
    }
}
