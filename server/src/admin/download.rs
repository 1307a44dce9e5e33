//! `GET /admin/audit.csv`: the audit log page's "Download CSV" link, for the
//! signed-in admin, with the page's filters.

use crate::startup::AppState;
use app::{error::ErrorCode, ports::AuditQuery, session::AuthSession};
use axum::{
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
        return (StatusCode::BAD_REQUEST, "The query string is not valid.").into_response();
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
