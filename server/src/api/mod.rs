//! The JSON API for non-browser clients, under `/api/auth` (and later
//! `/api/admin`). Every answer is an envelope:
//! `{"success": true, "message", "data"}` or
//! `{"success": false, "message", "error": CODE, "details"?}`.

mod auth;
mod envelope;

pub use envelope::{ApiError, ApiJson, Envelope, error_envelope};

use crate::startup::AppState;
use app::error::{AppError, ErrorCode};
use axum::{Router, routing::post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found() -> ApiError {
    ApiError(AppError::new(
        ErrorCode::NotFound,
        "There is no such API route.",
    ))
}

async fn method_not_allowed() -> ApiError {
    ApiError(AppError::new(
        ErrorCode::MethodNotAllowed,
        "This route does not accept that HTTP method.",
    ))
}
