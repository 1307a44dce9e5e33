//! Server functions of the admin panel. Every one checks, on every call,
//! that the caller is a signed-in admin (`require_admin`).

use crate::{
    error::AppError,
    model::{AdminUserDetail, AuditPage, DashboardView, UserPage},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    admin_actions::{AdminAction, CONFIRMED},
    error::ErrorCode,
    navigation::percent_encode,
    ports::{AuditQuery, UserQuery},
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

/// One action on a user (`AdminAction::from_form`'s names). One that
/// needs confirmation is refused, changing nothing, unless `confirmed` is
/// `yes`: only its dialog and its confirmation page send that.
#[server(prefix = "/rpc", endpoint = "admin/act")]
pub async fn admin_act(
    id: String,
    action: String,
    role: Option<String>,
    passkey: Option<String>,
    confirmed: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let admin = AuthSession::from_request()
        .await?
        .require_admin(&services)
        .await?;
    let action = AdminAction::from_form(&action, role, passkey)?;
    if action.needs_confirmation() && confirmed.as_deref() != Some(CONFIRMED) {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            crate::error::say("problem-confirm-first"),
        ));
    }
    let confirmed = action.needs_confirmation();
    let deleting = action == AdminAction::Delete;
    services
        .administration
        .act(&admin, &id.clone().into(), action, &client_meta())
        .await?;
    // A confirmed action was sent from its dialog or its confirmation
    // page: back to the account (or the list, the account being gone)
    // rather than to the confirmation page a form without JavaScript
    // would return to.
    if deleting {
        leptos_axum::redirect("/admin/users?deleted=1");
    } else if confirmed {
        leptos_axum::redirect(&format!("/admin/users/{}?done=1", percent_encode(&id)));
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
