//! Argon2id hashing on the blocking pool, a few at a time: each hash takes
//! tens of milliseconds of CPU and ~19 MiB, which must never stall the async
//! runtime or exhaust memory under a burst of sign-ins.
//!
//! Each of the `ARGON2_MAX_CONCURRENT` places owns its working memory, made
//! once and reused by every hash that takes the place. Allocating it per hash
//! made resident memory grow with every sign-in: after the first 19 MiB block
//! is freed, glibc raises its mmap threshold, so later blocks come from the
//! heap and are kept (40 sign-ups held ~790 MB).

use crate::config::PasswordHashingSettings;
use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, Version,
    password_hash::{Output, ParamsString, SaltString},
};
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex};
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
    /// The working memories of the places not in use: at most one per
    /// permit, made when first needed (a permit holder finds none left).
    memories: Arc<Mutex<Vec<Vec<Block>>>>,
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
        // Memories are made when a place is first used, so a many-core
        // machine does not hold one per core before it needs them.
        let mut first = Vec::new();
        let dummy_hash = hash_blocking(&params, "portcullis-dummy-password", &mut first)?;
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(settings.max_concurrent.max(1))),
            memories: Arc::new(Mutex::new(vec![first])),
            dummy_hash: dummy_hash.into(),
        })
    }

    pub async fn hash(&self, password: SecretString) -> Result<String, HashingError> {
        let params = self.params.clone();
        self.run(move |memory| hash_blocking(&params, password.expose_secret(), memory))
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
        self.run(move |memory| {
            let Ok(parsed) = PasswordHash::new(&hash) else {
                return Verification::Mismatch;
            };
            let matches = verify_blocking(&parsed, password.expose_secret(), memory);
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

    /// Runs `work` with one place's working memory, once a place is free.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let waiting_since = std::time::Instant::now();
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashingError::Closed)?;
        crate::monitoring::password_hash_waited(waiting_since.elapsed());
        // None is left when this place was never used yet (or its hash
        // panicked): then `blocks_for` makes one, kept from then on.
        let mut memory = self
            .memories
            .lock()
            .expect("the memory pool is never poisoned")
            .pop()
            .unwrap_or_default();
        let memories = self.memories.clone();
        Ok(tokio::task::spawn_blocking(move || {
            let answer = work(&mut memory);
            memories
                .lock()
                .expect("the memory pool is never poisoned")
                .push(memory);
            answer
        })
        .await?)
    }
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

/// `memory`, grown if `params` need more than it has.
fn blocks_for<'m>(memory: &'m mut Vec<Block>, params: &Params) -> &'m mut [Block] {
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    &mut memory[..params.block_count()]
}

/// A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), as
/// `PasswordHasher::hash_password` writes it, computed in `memory`.
fn hash_blocking(
    params: &Params,
    password: &str,
    memory: &mut Vec<Block>,
) -> Result<String, HashingError> {
    let failed = |e: &dyn std::fmt::Display| HashingError::Argon2(e.to_string());
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt.decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2(params)
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt_raw,
            &mut output,
            blocks_for(memory, params),
        )
        .map_err(|e| failed(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&output).map_err(|e| failed(&e))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` gives the stored hash, with the stored hash's own
/// algorithm and parameters (older hashes verify until they are upgraded),
/// compared in constant time.
fn verify_blocking(stored: &PasswordHash<'_>, password: &str, memory: &mut Vec<Block>) -> bool {
    let (Some(expected), Some(salt)) = (stored.hash, stored.salt) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(stored.algorithm),
        Params::try_from(stored),
    ) else {
        return false;
    };
    let Ok(version) = Version::try_from(stored.version.unwrap_or(Version::V0x13.into())) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut output = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params.clone()).hash_password_into_with_memory(
        password.as_bytes(),
        salt_raw,
        &mut output,
        blocks_for(memory, &params),
    );
    // `Output`'s equality is constant-time.
    computed.is_ok() && Output::new(&output).is_ok_and(|output| output == expected)
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

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHasher as _, PasswordVerifier as _};

    fn params() -> Params {
        Params::new(1024, 1, 1, None).unwrap()
    }

    #[test]
    fn hashes_made_in_reused_memory_are_standard_phc_strings() {
        let mut memory = Vec::new();
        let hash = hash_blocking(&params(), "Tangerine-Orbit-42!", &mut memory).unwrap();

        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{hash}");
        assert!(
            argon2(&params())
                .verify_password(b"Tangerine-Orbit-42!", &parsed)
                .is_ok()
        );
    }

    #[test]
    fn hashes_made_by_the_argon2_crate_verify_in_reused_memory() {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let stored = argon2(&params())
            .hash_password(b"Tangerine-Orbit-42!", &salt)
            .unwrap()
            .to_string();
        let parsed = PasswordHash::new(&stored).unwrap();
        // Memory left over from a hash with other parameters is reused.
        let mut memory = vec![Block::default(); 4096];

        assert!(verify_blocking(&parsed, "Tangerine-Orbit-42!", &mut memory));
        assert!(!verify_blocking(
            &parsed,
            "Tangerine-Orbit-43!",
            &mut memory
        ));
    }
}
