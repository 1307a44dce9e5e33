//! Requests per client address, two ways:
//! - `SharedBudget`: counted in the database (`storage::client_budgets`), so
//!   every instance on one database draws on the same budget. For what an
//!   attacker would spread over instances: credentials and mail.
//! - `ClientLimiter`: governor's GCRA in memory, per instance, for the cheap
//!   token routes (refresh, logout), where a flood guard is enough.

use crate::storage::{
    Db,
    client_budgets::{self, Quota as SharedQuota},
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock};
use std::{num::NonZeroU32, time::Duration};

/// One named budget per client address, kept in the database.
#[derive(Clone)]
pub struct SharedBudget {
    db: Db,
    name: &'static str,
    quota: SharedQuota,
    clock: app::clock::Clock,
}

impl SharedBudget {
    /// `per_minute` requests at once, refilled evenly over a minute.
    pub fn per_minute(
        db: Db,
        name: &'static str,
        per_minute: u32,
        clock: app::clock::Clock,
    ) -> Self {
        let per_minute = per_minute.max(1);
        Self::burst(
            db,
            name,
            per_minute,
            Duration::from_millis(60_000 / u64::from(per_minute)),
            clock,
        )
    }

    /// `burst` at once, then one more every `refill`.
    pub fn burst(
        db: Db,
        name: &'static str,
        burst: u32,
        refill: Duration,
        clock: app::clock::Clock,
    ) -> Self {
        Self {
            db,
            name,
            quota: SharedQuota {
                burst: i64::from(burst.max(1)),
                interval_ms: (refill.as_millis() as i64).max(1),
            },
            clock,
        }
    }

    /// Takes one request of `client` (an address; an IPv6 client counts by
    /// its /64). The inner `Err` holds the seconds to wait (at least 1).
    pub async fn take(&self, client: &str) -> Result<Result<(), u64>, sqlx::Error> {
        let key = crate::http::client_address::limit_key(client);
        let wait = client_budgets::take(
            self.db.writer(),
            self.name,
            &key,
            self.quota,
            self.clock.now_millis(),
        )
        .await?;
        Ok(match wait {
            None => Ok(()),
            Some(ms) => Err((ms as u64).div_ceil(1000).max(1)),
        })
    }
}

pub struct ClientLimiter(DefaultKeyedRateLimiter<String>);

impl ClientLimiter {
    pub fn per_minute(requests: u32) -> Self {
        let requests = NonZeroU32::new(requests).unwrap_or(NonZeroU32::MIN);
        Self(RateLimiter::keyed(Quota::per_minute(requests)))
    }

    /// `Err` holds the seconds to wait (rounded up, at least 1).
    /// `client` is an address; an IPv6 client is limited by its /64.
    pub fn check(&self, client: &str) -> Result<(), u64> {
        let key = crate::http::client_address::limit_key(client);
        self.0.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
        })
    }

    /// Forgets addresses that have been quiet long enough to be back at full
    /// quota, so the map does not grow with every address ever seen.
    pub fn forget_idle_clients(&self) {
        self.0.retain_recent();
        self.0.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_beyond_its_quota_is_told_how_long_to_wait() {
        let limiter = ClientLimiter::per_minute(2);
        assert!(limiter.check("a").is_ok() && limiter.check("a").is_ok());
        let wait = limiter.check("a").unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(limiter.check("b").is_ok(), "counted per client");
    }
}
