//! Requests per client address to the credential routes (governor's GCRA).
//! Counted per instance: behind a load balancer, each instance counts its own.

use super::error_envelope;
use crate::startup::AppState;
use app::{error::AppError, ports::ClientMeta};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock};
use std::num::NonZeroU32;

pub struct AuthRateLimiter(DefaultKeyedRateLimiter<String>);

impl AuthRateLimiter {
    pub fn per_minute(requests: u32) -> Self {
        let requests = NonZeroU32::new(requests).unwrap_or(NonZeroU32::MIN);
        Self(RateLimiter::keyed(Quota::per_minute(requests)))
    }

    /// Forgets addresses that have been quiet long enough to be back at full quota.
    pub fn forget_idle_clients(&self) {
        self.0.retain_recent();
        self.0.shrink_to_fit();
    }
}

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
    let limiter = &state.auth_rate_limiter.0;
    match limiter.check_key(&client) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            error_envelope(&AppError::rate_limited(seconds))
        }
    }
}
