//! Server functions of the admin panel. Every one checks, on every call,
//! that the caller is a signed-in admin (`require_admin`).

use crate::{
    error::AppError,
    model::{AdminUserDetail, AuditPage, DashboardView, UserPage},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    ports::{AdminAction, AuditQuery, UserQuery},
    session::{AuthSession, client_meta, services},
};

#[server(prefix = "/rpc", endpoint = "admin/dashboard")]
pub async fn admin_dashboard() -> Result<DashboardView, AppError> {
    let services = services()?;
    let admin = AuthSession::from_request()
        .await?
        .require_admin(&services)
        .await?;
    services.administration.dashboard(&admin).await
}

#[server(prefix = "/rpc", endpoint = "admin/users")]
pub async fn admin_users(
    query: Option<String>,
    role: Option<String>,
    status: Option<String>,
    sort: Option<String>,
    page: Option<String>,
) -> Result<UserPage, AppError> {
    let services = services()?;
    let admin = AuthSession::from_request()
        .await?
        .require_admin(&services)
        .await?;
    services
        .administration
        .users(
            &admin,
            UserQuery {
                query,
                role,
                status,
                sort,
                page,
                per_page: None,
            },
        )
        .await
}

#[server(prefix = "/rpc", endpoint = "admin/user")]
pub async fn admin_user(id: String) -> Result<AdminUserDetail, AppError> {
    let services = services()?;
    let admin = AuthSession::from_request()
        .await?
        .require_admin(&services)
        .await?;
    services.administration.user(&admin, &id.into()).await
}

/// One action on a user: `activate`, `deactivate`, `unlock`,
/// `revoke_sessions`, `resend_verification`, `send_password_reset`,
/// `set_role` (with `role`), `reset_second_factor`, `remove_passkey`
/// (with `passkey`) or `delete`.
#[server(prefix = "/rpc", endpoint = "admin/act")]
pub async fn admin_act(
    id: String,
    action: String,
    role: Option<String>,
    passkey: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let admin = AuthSession::from_request()
        .await?
        .require_admin(&services)
        .await?;
    let action = match action.as_str() {
        "activate" => AdminAction::Activate,
        "deactivate" => AdminAction::Deactivate,
        "unlock" => AdminAction::Unlock,
        "revoke_sessions" => AdminAction::RevokeSessions,
        "resend_verification" => AdminAction::ResendVerification,
        "send_password_reset" => AdminAction::SendPasswordReset,
        "set_role" => AdminAction::SetRole(role.unwrap_or_default()),
        "delete" => AdminAction::Delete,
        "reset_second_factor" => AdminAction::ResetSecondFactor,
        "remove_passkey" => AdminAction::RemovePasskey(passkey.unwrap_or_default()),
        _ => {
            return Err(AppError::validation(vec![crate::error::FieldError::new(
                "action",
                "Unknown action.",
            )]));
        }
    };
    let deleting = action == AdminAction::Delete;
    services
        .administration
        .act(&admin, &id.into(), action, &client_meta())
        .await?;
    if deleting {
        leptos_axum::redirect("/admin/users?deleted=1");
    }
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "admin/audit")]
#[allow(clippy::too_many_arguments)]
pub async fn admin_audit(
    user: Option<String>,
    action: Option<String>,
    success: Option<String>,
    from: Option<String>,
    until: Option<String>,
    ip: Option<String>,
    page: Option<String>,
) -> Result<AuditPage, AppError> {
    let services = services()?;
    let admin = AuthSession::from_request()
        .await?
        .require_admin(&services)
        .await?;
    services
        .administration
        .audit(
            &admin,
            AuditQuery {
                user,
                action,
                success,
                from,
                until,
                ip,
                page,
                per_page: None,
            },
        )
        .await
}
