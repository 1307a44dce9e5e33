//! Requests per client address (governor's GCRA), for the routes and use
//! cases that take credentials or send mail. Counted per instance: behind a
//! load balancer, each instance counts its own.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock};
use std::{num::NonZeroU32, time::Duration};

pub struct ClientLimiter(DefaultKeyedRateLimiter<String>);

impl ClientLimiter {
    pub fn per_minute(requests: u32) -> Self {
        let requests = NonZeroU32::new(requests).unwrap_or(NonZeroU32::MIN);
        Self(RateLimiter::keyed(Quota::per_minute(requests)))
    }

    /// `burst` at once, then one more every `refill`.
    pub fn burst(burst: u32, refill: Duration) -> Self {
        let quota = Quota::with_period(refill)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        Self(RateLimiter::keyed(quota))
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
        let limiter = ClientLimiter::burst(2, Duration::from_secs(30));
        assert!(limiter.check("a").is_ok() && limiter.check("a").is_ok());
        let wait = limiter.check("a").unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(limiter.check("b").is_ok(), "counted per client");
    }
}
