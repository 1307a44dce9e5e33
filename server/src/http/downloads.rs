//! The two downloads the pages link to, as plain axum handlers (not server
//! functions) so the browser saves the file: the admin's audit CSV and the
//! user's own data.

use crate::startup::AppState;
use app::error::say;
use app::{
    error::ErrorCode,
    ports::{AuditQuery, ClientMeta},
    session::AuthSession,
};
use axum::{
    Extension,
    extract::{Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct CsvParams {
    user: Option<String>,
    action: Option<String>,
    success: Option<String>,
    from: Option<String>,
    until: Option<String>,
    ip: Option<String>,
}

/// `GET /admin/audit.csv`: the audit log page's "Download CSV" link, for the
/// signed-in admin, with the page's filters.
pub async fn audit_csv(
    State(state): State<AppState>,
    session: Session,
    params: Result<Query<CsvParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let session = AuthSession::new(session, state.clock.clone());
    let admin = match session.require_admin(&state.services).await {
        Ok(admin) => admin,
        Err(error) if error.code == ErrorCode::Unauthorized => {
            return Redirect::to("/login?next=%2Fadmin%2Faudit").into_response();
        }
        Err(error) => {
            return (
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN),
                error.message,
            )
                .into_response();
        }
    };
    let Ok(Query(p)) = params else {
        return (StatusCode::BAD_REQUEST, say("problem-query-invalid")).into_response();
    };
    let query = AuditQuery {
        user: p.user,
        action: p.action,
        success: p.success,
        from: p.from,
        until: p.until,
        ip: p.ip,
        page: None,
        per_page: None,
    };
    match state.services.administration.audit_csv(&admin, query).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"audit-log.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            csv,
        )
            .into_response(),
        Err(error) => (
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST),
            error.message,
        )
            .into_response(),
    }
}

/// `GET /profile/export`: the "Download my data" link of the profile, as a
/// JSON file. Plain axum (not a server function) so the browser downloads it.
pub async fn download_export(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    session: Session,
) -> Response {
    let session = AuthSession::new(session, state.clock.clone());
    let recent = match session.require_recent(&state.services).await {
        Ok(recent) => recent,
        Err(error) if error.code == ErrorCode::ReauthenticationRequired => {
            return Redirect::to("/profile/confirm?next=%2Fprofile%2Fdata").into_response();
        }
        Err(_) => return Redirect::to("/login?next=%2Fprofile%2Fdata").into_response(),
    };
    match state.account.export(&recent, &client).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"portcullis-data.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(crate::identity::AuthError::Disabled) => {
            Redirect::to("/login?next=%2Fprofile%2Fdata").into_response()
        }
        Err(error) => {
            tracing::error!(error = %error, "could not export an account's data");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                say("problem-internal-later"),
            )
                .into_response()
        }
    }
}
