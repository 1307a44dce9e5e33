//! The per-client limit on the JSON API's credential routes.

use super::error_envelope;
use crate::startup::AppState;
use app::{error::AppError, ports::ClientMeta};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};

pub async fn limit_auth_requests(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let client = request
        .extensions()
        .get::<ClientMeta>()
        .and_then(|client| client.ip.clone())
        .unwrap_or_default();
    match state.auth_rate_limiter.check(&client) {
        Ok(()) => next.run(request).await,
        Err(seconds) => {
            crate::monitoring::rate_limited("api_client");
            error_envelope(&AppError::rate_limited(seconds))
        }
    }
}
