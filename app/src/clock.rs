//! The time every rule is judged by. Services, the session guards and the
//! storage read it from one injected `Clock`, never from the system directly,
//! so tests of expiry move it forward instead of sleeping.

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

/// The system clock, plus whatever a test moved it forward by. Copies share
/// the offset, so advancing one moves every service that holds a copy.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    advanced_by: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    /// Unix seconds.
    pub fn now(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs() as i64)
            .unwrap_or_default();
        system + self.advanced_by.load(Ordering::Relaxed)
    }

    /// Unix milliseconds, for budgets finer than a second.
    pub fn now_millis(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis() as i64)
            .unwrap_or_default();
        system + self.advanced_by.load(Ordering::Relaxed) * 1000
    }

    /// Moves this clock and all its copies forward (tests).
    pub fn advance(&self, by: Duration) {
        self.advanced_by
            .fetch_add(by.as_secs() as i64, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_a_clock_moves_every_copy_of_it() {
        let clock = Clock::system();
        let copy = clock.clone();
        let before = copy.now();
        clock.advance(Duration::from_secs(3600));
        assert!(copy.now() >= before + 3600);
        assert!(Clock::system().now() < before + 3600, "other clocks stay");
    }
}
