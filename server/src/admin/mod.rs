//! The admin panel's use cases: the dashboard, the users table, a user's
//! detail and the actions on it, and the audit log. Callers check the role;
//! the rules that protect the admins themselves live here.

use app::error::say;
pub mod csv;
pub mod operator;

use crate::{
    identity::{AuthError, rfc3339},
    mail::{
        Outbox,
        templates::{Letterhead, Phrase},
    },
    storage::{
        Db, accounts,
        admin::{self, AuditFilter, AuditRow, UserFilter, UserRow, UserSort},
        audit::event,
        refresh_tokens,
    },
};
use app::vocabulary::UserId;
use app::{
    clock::Clock,
    error::{AppError, ErrorCode, FieldError},
    guards::Admin,
    model::{
        AdminUserDetail, AdminUserView, AuditEntryView, AuditPage, DashboardView, DayCount,
        MethodCount, UserPage,
    },
    ports::{
        AccountOverview, AdminAction, Administration, AuditQuery, ClientMeta, EmailVerification,
        PasswordReset, ThisDevice, UserQuery,
    },
    vocabulary::{AuditAction, Role, SecondFactorKind, SignInMethod},
};
use async_trait::async_trait;
use std::sync::Arc;

pub const DEFAULT_PER_PAGE: i64 = 25;
const MAX_PER_PAGE: i64 = 100;
const CHART_DAYS: i64 = 30;

pub struct AdminService {
    db: Db,
    /// The user's own use cases the admin acts through: the same mail, the
    /// same limits.
    verification: Arc<dyn EmailVerification>,
    resets: Arc<dyn PasswordReset>,
    account: Arc<dyn AccountOverview>,
    /// Notices to the user an admin acted on.
    outbox: Outbox,
    letterhead: Letterhead,
    clock: Clock,
}

fn invalid(field: &str, message: String) -> AppError {
    AppError::validation(vec![FieldError::new(field, message)])
}

fn refused(message: String) -> AppError {
    AppError::new(ErrorCode::Forbidden, message)
}

fn parse_role(raw: &str) -> Result<Role, AppError> {
    Role::parse(raw).ok_or_else(|| invalid("role", say("problem-role")))
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, say("problem-no-such-user"))
}

fn internal(error: impl Into<anyhow::Error>) -> AppError {
    AuthError::Internal(error.into()).into()
}

/// A positive page number (1 when absent).
fn page_number(raw: Option<&str>, field: &str) -> Result<i64, AppError> {
    match raw.map(str::trim).filter(|raw| !raw.is_empty()) {
        None => Ok(1),
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|page| (1..=1_000_000).contains(page))
            .ok_or_else(|| invalid(field, say("problem-page"))),
    }
}

fn per_page(raw: Option<&str>, field: &str) -> Result<i64, AppError> {
    match raw.map(str::trim).filter(|raw| !raw.is_empty()) {
        None => Ok(DEFAULT_PER_PAGE),
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or_else(|| invalid(field, say("problem-per-page"))),
    }
}

fn non_empty(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|raw| !raw.is_empty())
}

/// Midnight UTC of a YYYY-MM-DD date.
fn day_start(raw: &str, field: &str) -> Result<i64, AppError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(raw, &format)
        .map(|date| date.midnight().assume_utc().unix_timestamp())
        .map_err(|_| invalid(field, say("problem-date")))
}

fn day_label(day: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::from_unix_timestamp(day * 86_400)
        .ok()
        .and_then(|at| at.format(&format).ok())
        .unwrap_or_default()
}

fn pages(total: i64, per_page: i64) -> i64 {
    ((total + per_page - 1) / per_page).max(1)
}

pub fn user_view(row: UserRow, now: i64) -> AdminUserView {
    AdminUserView {
        id: row.id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        role: row.role,
        email_verified: row.email_verified,
        is_active: row.is_active,
        locked_until: row.locked_until.filter(|until| *until > now).map(rfc3339),
        erase_after: row.erase_after.map(rfc3339),
        created_at: rfc3339(row.created_at),
        last_login_at: row.last_login_at.map(rfc3339),
        second_factors: [
            (row.has_app, SecondFactorKind::App),
            (row.has_email_codes, SecondFactorKind::Email),
        ]
        .into_iter()
        .filter_map(|(has, kind)| has.then_some(kind))
        .collect(),
    }
}

pub fn audit_entry(row: AuditRow) -> AuditEntryView {
    AuditEntryView {
        id: row.id,
        at: rfc3339(row.created_at),
        user_id: row.user_id,
        user_email: row.user_email,
        user_name: row.user_name,
        actor_email: row.actor_email,
        description: crate::account::describe::event(
            &row.action,
            row.reason.as_deref(),
            row.success,
        ),
        action: row.action,
        success: row.success,
        reason: row.reason,
        ip: row.ip,
        user_agent: row.user_agent,
    }
}

impl AdminService {
    pub fn new(
        db: Db,
        verification: Arc<dyn EmailVerification>,
        resets: Arc<dyn PasswordReset>,
        account: Arc<dyn AccountOverview>,
        (outbox, letterhead): (Outbox, Letterhead),
        clock: Clock,
    ) -> Self {
        Self {
            db,
            verification,
            resets,
            account,
            outbox,
            letterhead,
            clock,
        }
    }

    pub fn user_filter(query: &UserQuery, now: i64) -> Result<UserFilter, AppError> {
        let role = match non_empty(&query.role) {
            None => None,
            Some(role) => Some(parse_role(role)?),
        };
        // One or more, comma-separated: `active,unverified`.
        let (mut verified, mut active, mut locked) = (None, None, None);
        for status in non_empty(&query.status)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|status| !status.is_empty())
        {
            let (slot, value) = match status {
                "active" => (&mut active, true),
                "inactive" => (&mut active, false),
                "locked" => (&mut locked, true),
                "unlocked" => (&mut locked, false),
                "verified" => (&mut verified, true),
                "unverified" => (&mut verified, false),
                _ => {
                    return Err(invalid("status", say("problem-statuses")));
                }
            };
            if slot.is_some_and(|earlier| earlier != value) {
                return Err(invalid("status", say("problem-statuses-exclusive")));
            }
            *slot = Some(value);
        }
        let sort = non_empty(&query.sort).unwrap_or("-created");
        let (descending, key) = match sort.strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, sort),
        };
        let sort = match key {
            "created" => UserSort::Created,
            "last_sign_in" => UserSort::LastSignIn,
            "email" => UserSort::Email,
            _ => {
                return Err(invalid("sort", say("problem-sort")));
            }
        };
        let search = non_empty(&query.query).map(str::to_string);
        if search.as_ref().is_some_and(|q| q.chars().count() > 254) {
            return Err(invalid("query", say("problem-search-length")));
        }
        Ok(UserFilter {
            query: search,
            role,
            verified,
            active,
            locked,
            sort,
            descending,
            page: page_number(query.page.as_deref(), "page")?,
            per_page: per_page(query.per_page.as_deref(), "perPage")?,
            now,
        })
    }

    async fn audit_filter(&self, query: &AuditQuery) -> Result<AuditFilter, AppError> {
        let user_id = match non_empty(&query.user) {
            None => None,
            Some(user) if user.contains('@') => Some(
                crate::storage::users::find_by_email(&self.db.pool, &user.to_lowercase())
                    .await
                    .map_err(internal)?
                    .map(|user| user.id)
                    // No such user: a filter that matches nothing.
                    .unwrap_or_else(|| "-".into()),
            ),
            Some(id) => Some(id.to_string()),
        };
        let success = match non_empty(&query.success) {
            None => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(_) => return Err(invalid("success", say("problem-boolean"))),
        };
        let from = non_empty(&query.from)
            .map(|raw| day_start(raw, "from"))
            .transpose()?;
        let until = non_empty(&query.until)
            .map(|raw| day_start(raw, "until").map(|start| start + 86_400))
            .transpose()?;
        Ok(AuditFilter {
            user_id,
            action: non_empty(&query.action).map(str::to_string),
            success,
            from,
            until,
            ip: non_empty(&query.ip).map(str::to_string),
            page: page_number(query.page.as_deref(), "page")?,
            per_page: per_page(query.per_page.as_deref(), "perPage")?,
        })
    }

    /// The account an admin acts on, as its notices need it (address,
    /// name, language).
    async fn owner(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        user_id: &str,
    ) -> Result<crate::storage::users::UserRecord, AppError> {
        crate::storage::users::find_by_id(&mut **tx, user_id)
            .await
            .map_err(internal)?
            .ok_or_else(not_found)
    }

    async fn target(&self, user_id: &str) -> Result<UserRow, AppError> {
        crate::storage::admin::admin_user(&self.db.pool, user_id)
            .await
            .map_err(internal)?
            .ok_or_else(not_found)
    }

    fn check_role(action: &AdminAction) -> Result<(), AppError> {
        match action {
            AdminAction::SetRole(role) => parse_role(role).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Refuses what would leave the panel without an admin, or an admin
    /// removing themself.
    async fn check_protected(
        &self,
        admin_id: &str,
        target: &UserRow,
        action: &AdminAction,
    ) -> Result<(), AppError> {
        if !removes_admin(action) {
            return Ok(());
        }
        if target.id == admin_id {
            return Err(refused(say("problem-not-yourself")));
        }
        if target.role == Role::Admin
            && crate::storage::admin::active_admins_other_than(&self.db.pool, &target.id)
                .await
                .map_err(internal)?
                == 0
        {
            return Err(last_admin());
        }
        Ok(())
    }
}

/// Whether `action` would take an admin away, if its target is one.
fn removes_admin(action: &AdminAction) -> bool {
    match action {
        AdminAction::Deactivate | AdminAction::Delete => true,
        AdminAction::SetRole(role) => Role::parse(role) != Some(Role::Admin),
        _ => false,
    }
}

fn last_admin() -> AppError {
    refused(say("problem-last-admin"))
}

#[async_trait]
impl Administration for AdminService {
    async fn dashboard(&self, _: &Admin) -> Result<DashboardView, AppError> {
        let now = self.clock.now();
        let today = now / 86_400;
        let first_day = today - CHART_DAYS + 1;
        let since = first_day * 86_400;
        let counts = crate::storage::admin::dashboard_counts(&self.db.pool, now)
            .await
            .map_err(internal)?;
        let signups = crate::storage::admin::signups_per_day(&self.db.pool, since)
            .await
            .map_err(internal)?;
        let sign_ins = crate::storage::admin::sign_ins_per_day(&self.db.pool, since)
            .await
            .map_err(internal)?;
        let raw_methods = crate::storage::admin::sign_in_methods(&self.db.pool, since)
            .await
            .map_err(internal)?;
        let days = first_day..=today;
        let mut methods: Vec<MethodCount> = ["Password", "Email code", "Google", "Passkey"]
            .into_iter()
            .map(|method| MethodCount {
                method: method.into(),
                count: 0,
            })
            .collect();
        for (method, count) in raw_methods {
            let slot = match SignInMethod::parse(&method) {
                Some(SignInMethod::EmailCode) => 1,
                Some(method) if method.is_google() => 2,
                Some(SignInMethod::Passkey) => 3,
                _ => 0,
            };
            methods[slot].count += count;
        }
        Ok(DashboardView {
            users: counts.users,
            verified: counts.verified,
            active_7_days: counts.active_7_days,
            locked: counts.locked,
            admins: counts.admins,
            signups: days
                .clone()
                .map(|day| DayCount {
                    day: day_label(day),
                    values: vec![
                        signups
                            .iter()
                            .find(|(d, _)| *d == day)
                            .map_or(0, |(_, n)| *n),
                    ],
                })
                .collect(),
            sign_ins: days
                .map(|day| {
                    let (ok, failed) = sign_ins
                        .iter()
                        .find(|(d, _, _)| *d == day)
                        .map_or((0, 0), |(_, ok, failed)| (*ok, *failed));
                    DayCount {
                        day: day_label(day),
                        values: vec![ok, failed],
                    }
                })
                .collect(),
            methods,
        })
    }

    async fn users(&self, _: &Admin, query: UserQuery) -> Result<UserPage, AppError> {
        let now = self.clock.now();
        let filter = Self::user_filter(&query, now)?;
        let (rows, total) = crate::storage::admin::list_users(&self.db.pool, &filter)
            .await
            .map_err(internal)?;
        Ok(UserPage {
            users: rows.into_iter().map(|row| user_view(row, now)).collect(),
            total,
            page: filter.page,
            pages: pages(total, filter.per_page),
            per_page: filter.per_page,
        })
    }

    async fn user(&self, _: &Admin, user_id: &UserId) -> Result<AdminUserDetail, AppError> {
        let now = self.clock.now();
        let row = crate::storage::admin::admin_user(&self.db.pool, user_id)
            .await
            .map_err(internal)?
            .ok_or_else(not_found)?;
        let has_password = crate::storage::users::find_by_id(&self.db.pool, user_id)
            .await
            .map_err(internal)?
            .is_some_and(|user| user.password_hash.is_some());
        let connections = crate::storage::oauth::connections_of(&self.db.pool, user_id)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| match c.email {
                Some(email) => format!("{} ({email})", c.provider),
                None => c.provider,
            })
            .collect();
        let devices = self.account.devices(user_id, ThisDevice::NotListed).await?;
        let passkeys = crate::storage::passkeys::of_user(&self.db.pool, user_id)
            .await
            .map_err(internal)?
            .into_iter()
            .map(crate::identity::passkeys::view)
            .collect();
        let events = self.account.recent_activity(user_id).await?;
        Ok(AdminUserDetail {
            user: user_view(row, now),
            has_password,
            connections,
            devices,
            passkeys,
            events,
        })
    }

    async fn act(
        &self,
        admin: &Admin,
        user_id: &UserId,
        action: AdminAction,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let admin_id = admin.user_id();
        Self::check_role(&action)?;
        let target = self.target(user_id).await?;
        self.check_protected(admin_id, &target, &action).await?;
        let now = self.clock.now();
        match &action {
            AdminAction::ResendVerification => {
                if target.email_verified {
                    return Err(invalid("email", say("problem-already-verified")));
                }
                self.verification
                    .resend_verification(user_id, client)
                    .await?;
            }
            AdminAction::SendPasswordReset => {
                self.resets.start_reset(&target.email, client).await?;
            }
            _ => {}
        }
        let (name, reason) = match &action {
            AdminAction::Activate => (AuditAction::AdminActivate, None),
            AdminAction::Deactivate => (AuditAction::AdminDeactivate, None),
            AdminAction::Unlock => (AuditAction::AdminUnlock, None),
            AdminAction::RevokeSessions => (AuditAction::AdminRevokeSessions, None),
            AdminAction::ResendVerification => (AuditAction::AdminResendVerification, None),
            AdminAction::SendPasswordReset => (AuditAction::AdminPasswordReset, None),
            AdminAction::SetRole(role) => (AuditAction::AdminSetRole, Some(role.as_str())),
            AdminAction::Delete => (AuditAction::AdminDelete, None),
            AdminAction::ResetSecondFactor => (AuditAction::AdminResetSecondFactor, None),
            AdminAction::RemovePasskey(_) => (AuditAction::AdminRemovePasskey, None),
        };
        // The removed passkey's name, for the audit event.
        let mut removed_name = None;
        let mut tx = self.db.begin().await.map_err(internal)?;
        if removes_admin(&action) {
            // Checked again where it cannot change before the commit: two
            // admins demoting each other at once cannot both pass.
            self.db
                .take_turn(&mut tx, "admins")
                .await
                .map_err(internal)?;
            let still_admin =
                admin::role_of(&mut *tx, user_id).await.map_err(internal)? == Some(Role::Admin);
            if still_admin
                && admin::active_admins_other_than(&mut *tx, user_id)
                    .await
                    .map_err(internal)?
                    == 0
            {
                tx.rollback().await.map_err(internal)?;
                return Err(last_admin());
            }
        }
        let mut subject = Some(user_id.as_str());
        match &action {
            AdminAction::Activate => {
                admin::set_active(&mut tx, user_id, true, now)
                    .await
                    .map_err(internal)?;
            }
            AdminAction::Deactivate => {
                admin::set_active(&mut tx, user_id, false, now)
                    .await
                    .map_err(internal)?;
                refresh_tokens::revoke_all_sign_ins(&mut tx, user_id, now, "deactivated")
                    .await
                    .map_err(internal)?;
            }
            AdminAction::Unlock => {
                admin::unlock(&mut tx, user_id, now)
                    .await
                    .map_err(internal)?;
            }
            AdminAction::RevokeSessions => {
                refresh_tokens::revoke_all_sign_ins(&mut tx, user_id, now, "revoked_by_admin")
                    .await
                    .map_err(internal)?;
            }
            AdminAction::SetRole(role) => {
                admin::set_role(&mut tx, user_id, parse_role(role)?, now)
                    .await
                    .map_err(internal)?;
            }
            AdminAction::Delete => {
                // The same erasure as a self-deletion's, at once: nothing of
                // the person stays, so the event names no one.
                accounts::schedule_deletion(&mut tx, user_id, now, now)
                    .await
                    .map_err(internal)?;
                accounts::erase(&mut tx, user_id, now)
                    .await
                    .map_err(internal)?;
                subject = None;
            }
            AdminAction::ResetSecondFactor => {
                if !accounts::reset_second_factor(&mut tx, user_id)
                    .await
                    .map_err(internal)?
                {
                    tx.rollback().await.map_err(internal)?;
                    return Err(invalid("second_factor", say("problem-no-second-factor")));
                }
                let owner = self.owner(&mut tx, user_id).await?;
                let notice = self.letterhead.two_step_changed(
                    &self.letterhead.to(&owner),
                    &Phrase::new("mail-two-step-reset-by-admin"),
                );
                self.outbox
                    .queue(&mut tx, &notice, Some(user_id), now)
                    .await
                    .map_err(internal)?;
            }
            AdminAction::RemovePasskey(id) => {
                let Some(removed) = crate::storage::passkeys::remove(&mut *tx, user_id, id)
                    .await
                    .map_err(internal)?
                else {
                    tx.rollback().await.map_err(internal)?;
                    return Err(AppError::new(
                        ErrorCode::NotFound,
                        say("problem-no-such-passkey"),
                    ));
                };
                let owner = self.owner(&mut tx, user_id).await?;
                let notice = self.letterhead.passkeys_changed(
                    &self.letterhead.to(&owner),
                    &Phrase::new("mail-passkey-removed-by-admin").with("name", removed.clone()),
                );
                self.outbox
                    .queue(&mut tx, &notice, Some(user_id), now)
                    .await
                    .map_err(internal)?;
                removed_name = Some(removed);
            }
            AdminAction::ResendVerification | AdminAction::SendPasswordReset => {}
        }
        let reason = reason.or(removed_name.as_deref());
        admin::record_admin_event(
            &mut tx,
            &event(subject, name, client, true, reason, now),
            admin_id,
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        self.outbox.wake();
        tracing::info!(%admin_id, %user_id, action = name.as_str(), "admin action");
        Ok(())
    }

    async fn audit(&self, _: &Admin, query: AuditQuery) -> Result<AuditPage, AppError> {
        let filter = self.audit_filter(&query).await?;
        let (rows, total) = crate::storage::admin::audit_page(&self.db.pool, &filter)
            .await
            .map_err(internal)?;
        Ok(AuditPage {
            entries: rows.into_iter().map(audit_entry).collect(),
            total,
            page: filter.page,
            pages: pages(total, filter.per_page),
            per_page: filter.per_page,
        })
    }

    /// Activates or deactivates and/or changes the role (the API's PATCH).
    /// The whole request is checked, protection rules included, before
    /// anything changes.
    async fn update_user(
        &self,
        admin: &Admin,
        user_id: &UserId,
        is_active: Option<bool>,
        role: Option<String>,
        client: &ClientMeta,
    ) -> Result<AdminUserDetail, AppError> {
        let mut actions = Vec::new();
        if let Some(active) = is_active {
            actions.push(if active {
                AdminAction::Activate
            } else {
                AdminAction::Deactivate
            });
        }
        if let Some(role) = role {
            actions.push(AdminAction::SetRole(role));
        }
        if actions.is_empty() {
            return Err(invalid("isActive", say("problem-admin-patch-empty")));
        }
        let target = self.target(user_id).await?;
        for action in &actions {
            Self::check_role(action)?;
            self.check_protected(admin.user_id(), &target, action)
                .await?;
        }
        for action in actions {
            self.act(admin, user_id, action, client).await?;
        }
        self.user(admin, user_id).await
    }

    /// Every matching audit event as CSV, newest first (at most 100,000).
    async fn audit_csv(&self, _: &Admin, query: AuditQuery) -> Result<String, AppError> {
        let mut filter = self.audit_filter(&query).await?;
        filter.page = 1;
        filter.per_page = 100_000;
        let (rows, _) = crate::storage::admin::audit_page(&self.db.pool, &filter)
            .await
            .map_err(internal)?;
        // Up to 100,000 rows of formatting: off the async runtime.
        tokio::task::spawn_blocking(move || csv::audit_csv(rows.into_iter().map(audit_entry)))
            .await
            .map_err(internal)
    }
}
