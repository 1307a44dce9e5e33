//! Argon2id hashing on the blocking pool, a few at a time: each hash takes
//! tens of milliseconds of CPU and ~19 MiB, which must never stall the async
//! runtime or exhaust memory under a burst of sign-ins.

use crate::config::PasswordHashingSettings;
use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher as _, PasswordVerifier, Version,
    password_hash::SaltString,
};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    #[error("argon2 failed: {0}")]
    Argon2(String),
    #[error("the hashing task did not finish")]
    Task(#[from] tokio::task::JoinError),
    #[error("the hashing pool is closed")]
    Closed,
}

pub enum Verification {
    Mismatch,
    /// `needs_rehash`: the stored hash uses other parameters than the current ones.
    Match {
        needs_rehash: bool,
    },
}

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    permits: Arc<Semaphore>,
    /// Verified against when there is no account, so that unknown emails
    /// take as long as known ones.
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    pub fn new(settings: &PasswordHashingSettings) -> Result<Self, HashingError> {
        let params = Params::new(
            settings.memory_kib,
            settings.iterations,
            settings.parallelism,
            None,
        )
        .map_err(|e| HashingError::Argon2(e.to_string()))?;
        let dummy_hash = hash_blocking(&params, "portcullis-dummy-password")?;
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(settings.max_concurrent.max(1))),
            dummy_hash: dummy_hash.into(),
        })
    }

    pub async fn hash(&self, password: SecretString) -> Result<String, HashingError> {
        let params = self.params.clone();
        self.run(move || hash_blocking(&params, password.expose_secret()))
            .await?
    }

    /// Verifies against `stored`, or against the dummy hash when there is none,
    /// in which case the answer is always a mismatch.
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<String>,
    ) -> Result<Verification, HashingError> {
        let params = self.params.clone();
        let (hash, is_real) = match stored {
            Some(hash) => (hash, true),
            None => (self.dummy_hash.to_string(), false),
        };
        self.run(move || {
            let Ok(parsed) = PasswordHash::new(&hash) else {
                return Verification::Mismatch;
            };
            let matches = argon2(&params)
                .verify_password(password.expose_secret().as_bytes(), &parsed)
                .is_ok();
            if matches && is_real {
                Verification::Match {
                    needs_rehash: !uses_params(&parsed, &params),
                }
            } else {
                Verification::Mismatch
            }
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let waiting_since = std::time::Instant::now();
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashingError::Closed)?;
        crate::monitoring::password_hash_waited(waiting_since.elapsed());
        Ok(tokio::task::spawn_blocking(work).await?)
    }
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

fn hash_blocking(params: &Params, password: &str) -> Result<String, HashingError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2(params)
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashingError::Argon2(e.to_string()))
}

fn uses_params(hash: &PasswordHash<'_>, params: &Params) -> bool {
    let Ok(stored) = Params::try_from(hash) else {
        return false;
    };
    hash.algorithm == Algorithm::Argon2id.ident()
        && hash.version == Some(Version::V0x13.into())
        && stored.m_cost() == params.m_cost()
        && stored.t_cost() == params.t_cost()
        && stored.p_cost() == params.p_cost()
}
