//! `/api/admin/*`: the admin panel for API clients. Every route takes a
//! Bearer token whose account is an admin now (the role is read from the
//! account on each request, not from the token).

use super::{ApiError, ApiJson, Envelope, auth::Empty, bearer::Bearer, docs::ErrorBody};
use crate::startup::AppState;
use app::error::say;
use app::{
    error::{AppError, ErrorCode},
    guards::{Admin, SecondFactorPolicy},
    model::{AdminUserDetail, AuditPage, DashboardView, UserPage},
    ports::{AdminAction, AuditQuery, ClientMeta, UserQuery},
    vocabulary::UserId,
};
use axum::{
    Extension,
    extract::{FromRequestParts, Path, Query, State},
    http::request::Parts,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// A Bearer caller whose account is an admin now (`Caller::role` is read
/// from the account, not from the token).
pub struct AdminCaller(pub Admin);

impl FromRequestParts<AppState> for AdminCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Bearer(caller) = Bearer::from_request_parts(parts, state).await?;
        let policy = SecondFactorPolicy::of(
            state.services.mfa_required_for_admins,
            caller.has_second_factor,
        );
        Admin::check(&caller.user_id, caller.role, policy)
            .map(AdminCaller)
            .map_err(ApiError)
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct UsersParams {
    /// Substring of the email or either name, case-insensitive.
    query: Option<String>,
    /// `user` or `admin`.
    role: Option<String>,
    /// `active`, `inactive`, `locked`, `unlocked`, `verified` or `unverified`;
    /// several separated by commas (`active,unverified`).
    status: Option<String>,
    /// `created`, `last_sign_in` or `email`; `-` in front for descending (default `-created`).
    sort: Option<String>,
    /// From 1.
    page: Option<String>,
    /// 1 to 100, default 25.
    per_page: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct AuditParams {
    /// A user's email or id.
    user: Option<String>,
    /// An action, e.g. `login`.
    action: Option<String>,
    /// `true` or `false`.
    success: Option<String>,
    /// YYYY-MM-DD (UTC), inclusive.
    from: Option<String>,
    /// YYYY-MM-DD (UTC), inclusive.
    until: Option<String>,
    ip: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

impl From<AuditParams> for AuditQuery {
    fn from(p: AuditParams) -> Self {
        AuditQuery {
            user: p.user,
            action: p.action,
            success: p.success,
            from: p.from,
            until: p.until,
            ip: p.ip,
            page: p.page,
            per_page: p.per_page,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserRequest {
    is_active: Option<bool>,
    /// `user` or `admin`.
    #[schema(example = "admin")]
    role: Option<String>,
}

/// A query string that does not parse (e.g. a repeated or odd parameter).
fn bad_query() -> ApiError {
    ApiError(AppError::new(
        ErrorCode::BadRequest,
        say("problem-query-invalid"),
    ))
}

/// Users with search, filters, sorting and pages.
#[utoipa::path(get, path = "/api/admin/users", tag = "admin",
    security(("bearer" = [])),
    params(UsersParams),
    responses(
        (status = 200, description = "One page of users", body = super::docs::Success<UserPage>),
        (status = 400, description = "`VALIDATION_ERROR` naming the parameter", body = ErrorBody),
        (status = 403, description = "`FORBIDDEN`: not an admin; or `ACCOUNT_DISABLED`", body = ErrorBody),
    ))]
pub async fn users(
    State(state): State<AppState>,
    AdminCaller(admin): AdminCaller,
    params: Result<Query<UsersParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Envelope<UserPage>, ApiError> {
    let Query(p) = params.map_err(|_| bad_query())?;
    let page = state
        .services
        .administration
        .users(
            &admin,
            UserQuery {
                query: p.query,
                role: p.role,
                status: p.status,
                sort: p.sort,
                page: p.page,
                per_page: p.per_page,
            },
        )
        .await
        .map_err(ApiError)?;
    Ok(Envelope::ok("api-users", page))
}

/// One user: profile, role, status, connected accounts, sessions, recent events.
#[utoipa::path(get, path = "/api/admin/users/{id}", tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = super::docs::Success<AdminUserDetail>),
        (status = 403, description = "`FORBIDDEN`: not an admin; or `ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
    ))]
pub async fn user(
    State(state): State<AppState>,
    AdminCaller(admin): AdminCaller,
    Path(id): Path<UserId>,
) -> Result<Envelope<AdminUserDetail>, ApiError> {
    Ok(Envelope::ok(
        "api-the-user",
        state
            .services
            .administration
            .user(&admin, &id)
            .await
            .map_err(ApiError)?,
    ))
}

/// Activate or deactivate (deactivation ends every sign-in at once), or
/// change the role. An admin cannot demote or deactivate themself, and the
/// last admin stays.
#[utoipa::path(patch, path = "/api/admin/users/{id}", tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The user's id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "Updated", body = super::docs::Success<AdminUserDetail>),
        (status = 400, description = "`VALIDATION_ERROR` (e.g. an unknown role), or malformed JSON", body = ErrorBody),
        (status = 403, description = "`FORBIDDEN`: not an admin, or the change would remove the caller or the last admin", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn update_user(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    AdminCaller(admin): AdminCaller,
    Path(id): Path<UserId>,
    ApiJson(request): ApiJson<UpdateUserRequest>,
) -> Result<Envelope<AdminUserDetail>, ApiError> {
    let user = state
        .services
        .administration
        .update_user(&admin, &id, request.is_active, request.role, &client)
        .await
        .map_err(ApiError)?;
    Ok(Envelope::ok("api-updated", user))
}

async fn act(
    state: &AppState,
    admin: &Admin,
    id: &UserId,
    action: AdminAction,
    client: &ClientMeta,
) -> Result<(), ApiError> {
    state
        .services
        .administration
        .act(admin, id, action, client)
        .await
        .map_err(ApiError)
}

/// Lift a lockout after failed sign-ins.
#[utoipa::path(post, path = "/api/admin/users/{id}/unlock", tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The user's id")),
    responses(
        (status = 200, description = "Unlocked", body = super::docs::Success<Empty>),
        (status = 403, description = "`FORBIDDEN`: not an admin", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
    ))]
pub async fn unlock(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    AdminCaller(admin): AdminCaller,
    Path(id): Path<UserId>,
) -> Result<Envelope<Empty>, ApiError> {
    act(&state, &admin, &id, AdminAction::Unlock, &client).await?;
    Ok(Envelope::ok("api-unlocked", Empty {}))
}

/// End every browser session and API sign-in of the user.
#[utoipa::path(post, path = "/api/admin/users/{id}/revoke-sessions", tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The user's id")),
    responses(
        (status = 200, description = "Signed out everywhere", body = super::docs::Success<Empty>),
        (status = 403, description = "`FORBIDDEN`: not an admin", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
    ))]
pub async fn revoke_sessions(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    AdminCaller(admin): AdminCaller,
    Path(id): Path<UserId>,
) -> Result<Envelope<Empty>, ApiError> {
    act(&state, &admin, &id, AdminAction::RevokeSessions, &client).await?;
    Ok(Envelope::ok("api-signed-out-everywhere", Empty {}))
}

/// Turn off the user's two-step sign-in: every second factor, recovery
/// code and trusted browser goes. The user is mailed; the event is audited.
#[utoipa::path(post, path = "/api/admin/users/{id}/reset-second-factor", tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The user's id")),
    responses(
        (status = 200, description = "Turned off", body = super::docs::Success<Empty>),
        (status = 400, description = "`VALIDATION_ERROR`: the user has no second factor", body = ErrorBody),
        (status = 403, description = "`FORBIDDEN`: not an admin; `SECOND_FACTOR_REQUIRED`", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
    ))]
pub async fn reset_second_factor(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    AdminCaller(admin): AdminCaller,
    Path(id): Path<UserId>,
) -> Result<Envelope<Empty>, ApiError> {
    act(&state, &admin, &id, AdminAction::ResetSecondFactor, &client).await?;
    Ok(Envelope::ok("api-two-step-sign-in-turned-off", Empty {}))
}

/// Remove one of the user's passkeys. The user is mailed; the event is
/// audited. `GET /api/admin/users/{id}` lists them (`passkeys`).
#[utoipa::path(delete, path = "/api/admin/users/{id}/passkeys/{passkey_id}", tag = "admin",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The user's id"),
        ("passkey_id" = String, Path, description = "The passkey's id"),
    ),
    responses(
        (status = 200, description = "Removed", body = super::docs::Success<Empty>),
        (status = 403, description = "`FORBIDDEN`: not an admin; `SECOND_FACTOR_REQUIRED`", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`: no such user, or no such passkey of theirs", body = ErrorBody),
    ))]
pub async fn remove_passkey(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    AdminCaller(admin): AdminCaller,
    Path((id, passkey_id)): Path<(UserId, String)>,
) -> Result<Envelope<Empty>, ApiError> {
    act(
        &state,
        &admin,
        &id,
        AdminAction::RemovePasskey(passkey_id),
        &client,
    )
    .await?;
    Ok(Envelope::ok("api-passkey-removed", Empty {}))
}

/// Delete the user and erase their personal data now (the erasure a
/// self-deletion gets after its grace period).
#[utoipa::path(delete, path = "/api/admin/users/{id}", tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The user's id")),
    responses(
        (status = 200, description = "Deleted and erased", body = super::docs::Success<Empty>),
        (status = 403, description = "`FORBIDDEN`: not an admin, the caller, or the last admin", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
    ))]
pub async fn delete_user(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    AdminCaller(admin): AdminCaller,
    Path(id): Path<UserId>,
) -> Result<Envelope<Empty>, ApiError> {
    act(&state, &admin, &id, AdminAction::Delete, &client).await?;
    Ok(Envelope::ok("api-deleted", Empty {}))
}

/// Audit events, newest first, with filters and pages.
#[utoipa::path(get, path = "/api/admin/audit", tag = "admin",
    security(("bearer" = [])),
    params(AuditParams),
    responses(
        (status = 200, description = "One page of events", body = super::docs::Success<AuditPage>),
        (status = 400, description = "`VALIDATION_ERROR` naming the parameter", body = ErrorBody),
        (status = 403, description = "`FORBIDDEN`: not an admin", body = ErrorBody),
    ))]
pub async fn audit(
    State(state): State<AppState>,
    AdminCaller(admin): AdminCaller,
    params: Result<Query<AuditParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Envelope<AuditPage>, ApiError> {
    let Query(params) = params.map_err(|_| bad_query())?;
    let page = state
        .services
        .administration
        .audit(&admin, params.into())
        .await
        .map_err(ApiError)?;
    Ok(Envelope::ok("api-audit-events", page))
}

/// The dashboard's totals and 30-day series.
#[utoipa::path(get, path = "/api/admin/stats", tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Totals and series", body = super::docs::Success<DashboardView>),
        (status = 403, description = "`FORBIDDEN`: not an admin", body = ErrorBody),
    ))]
pub async fn stats(
    State(state): State<AppState>,
    AdminCaller(admin): AdminCaller,
) -> Result<Envelope<DashboardView>, ApiError> {
    Ok(Envelope::ok(
        "api-statistics",
        state
            .services
            .administration
            .dashboard(&admin)
            .await
            .map_err(ApiError)?,
    ))
}
