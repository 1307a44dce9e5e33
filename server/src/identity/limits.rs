//! One budget per client address for everything that takes a password, a
//! code or a link token, or that sends mail (`AUTH_RATE_LIMIT_PER_MINUTE`):
//! the use cases check it themselves, so the pages (with or without
//! JavaScript), their server functions called directly and the JSON API all
//! draw on the same budget. It is kept in the database, so every instance
//! on one database counts together.

use super::AuthError;
use crate::rate_limit::SharedBudget;
use app::ports::ClientMeta;

#[derive(Clone)]
pub struct CredentialLimit(SharedBudget);

impl CredentialLimit {
    pub fn new(budget: SharedBudget) -> Self {
        Self(budget)
    }

    /// Counts one request of `client`; past the budget, `RateLimited` with
    /// when to try again, before any work is done.
    pub async fn check(&self, client: &ClientMeta) -> Result<(), AuthError> {
        self.0
            .take(client.ip.as_deref().unwrap_or_default())
            .await?
            .map_err(|retry_after_seconds| AuthError::RateLimited {
                retry_after_seconds,
            })
    }
}
