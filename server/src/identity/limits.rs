//! One budget per client address for everything that takes a password, a
//! code or a link token, or that sends mail (`AUTH_RATE_LIMIT_PER_MINUTE`):
//! the use cases check it themselves, so the pages (with or without
//! JavaScript), their server functions called directly and the JSON API all
//! draw on the same budget.

use super::AuthError;
use crate::rate_limit::ClientLimiter;
use app::ports::ClientMeta;
use std::sync::Arc;

#[derive(Clone)]
pub struct CredentialLimit(Arc<ClientLimiter>);

impl CredentialLimit {
    pub fn new(limiter: Arc<ClientLimiter>) -> Self {
        Self(limiter)
    }

    /// Counts one request of `client`; past the budget, `RateLimited` with
    /// when to try again, before any work is done.
    pub fn check(&self, client: &ClientMeta) -> Result<(), AuthError> {
        self.0
            .check(client.ip.as_deref().unwrap_or_default())
            .map_err(|retry_after_seconds| AuthError::RateLimited {
                retry_after_seconds,
            })
    }
}
