//! The JSON API for non-browser clients, under `/api/auth` (and later
//! `/api/admin`). Every answer is an envelope:
//! `{"success": true, "message", "data"}` or
//! `{"success": false, "message", "error": CODE, "details"?}`.

use app::error::say;
mod account;
mod admin;
pub mod auth;
mod bearer;
pub mod docs;
mod envelope;
mod passkeys;
pub mod rate_limit;

pub use envelope::{ApiError, ApiJson, Envelope, error_envelope};

use crate::startup::AppState;
use app::error::{AppError, ErrorCode};
use axum::{
    Router,
    middleware::from_fn_with_state,
    routing::{delete, get, patch, post},
};

pub fn routes(state: &AppState) -> Router<AppState> {
    // Every route that takes a password, a code, a link token or a Google
    // ID token, or sends mail, is limited per client address by its use
    // case, on the budget the pages share (kept in the database). Refresh
    // and logout get a cheap flood guard per instance here.
    let token_routes = Router::new()
        .route("/auth/refresh", post(auth::refresh))
        .route("/auth/logout", post(auth::logout))
        .route_layer(from_fn_with_state(
            state.clone(),
            rate_limit::limit_auth_requests,
        ));
    Router::new()
        .merge(token_routes)
        .route("/auth/google", post(auth::google))
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/change-password", post(auth::change_password))
        .route("/auth/verify-email", post(auth::verify_email))
        .route("/auth/forgot-password", post(auth::forgot_password))
        .route("/auth/reset-password", post(auth::reset_password))
        .route("/auth/send-otp", post(auth::send_otp))
        .route("/auth/verify-otp", post(auth::verify_otp))
        .route("/auth/mfa/verify", post(auth::mfa_verify))
        .route("/auth/mfa/email-code", post(auth::mfa_email_code))
        .route("/auth/mfa/passkey/begin", post(passkeys::mfa_begin))
        .route("/auth/mfa/passkey/finish", post(passkeys::mfa_finish))
        .route("/auth/passkey/begin", post(passkeys::sign_in_begin))
        .route("/auth/passkey/finish", post(passkeys::sign_in_finish))
        .route("/auth/passkeys", get(passkeys::list))
        .route(
            "/auth/passkeys/register/begin",
            post(passkeys::register_begin),
        )
        .route(
            "/auth/passkeys/register/finish",
            post(passkeys::register_finish),
        )
        .route(
            "/auth/passkeys/{id}",
            patch(passkeys::rename).delete(passkeys::remove),
        )
        .route("/auth/change-email", post(account::change_email))
        .route("/auth/logout-all", post(auth::logout_all))
        .route("/auth/resend-verification", post(auth::resend_verification))
        .route(
            "/auth/me",
            get(auth::me)
                .patch(auth::update_me)
                .delete(account::delete_me),
        )
        .route("/auth/sessions", get(auth::sessions))
        .route("/auth/sessions/{id}", delete(auth::revoke_session))
        .route(
            "/auth/confirm-email-change",
            post(account::confirm_email_change),
        )
        .route("/auth/export", get(account::export))
        .route("/admin/users", get(admin::users))
        .route(
            "/admin/users/{id}",
            get(admin::user)
                .patch(admin::update_user)
                .delete(admin::delete_user),
        )
        .route("/admin/users/{id}/unlock", post(admin::unlock))
        .route(
            "/admin/users/{id}/reset-second-factor",
            post(admin::reset_second_factor),
        )
        .route(
            "/admin/users/{id}/passkeys/{passkey_id}",
            delete(admin::remove_passkey),
        )
        .route(
            "/admin/users/{id}/revoke-sessions",
            post(admin::revoke_sessions),
        )
        .route("/admin/audit", get(admin::audit))
        .route("/admin/stats", get(admin::stats))
        .route("/openapi.json", get(docs::openapi_json))
        .route("/docs", get(docs::docs_page))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found() -> ApiError {
    ApiError(AppError::new(ErrorCode::NotFound, say("problem-no-route")))
}

async fn method_not_allowed() -> ApiError {
    ApiError(AppError::new(
        ErrorCode::MethodNotAllowed,
        say("problem-method"),
    ))
}
