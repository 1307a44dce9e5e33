//! Argon2id hashing on the blocking pool, a few at a time: each hash takes
//! tens of milliseconds of CPU and ~19 MiB, which must never stall the async
//! runtime or exhaust memory under a burst of sign-ins.
//!
//! Each of the `ARGON2_MAX_CONCURRENT` places owns its working memory, made
//! when the place is first used and reused by every hash that takes it, so a
//! flood of sign-ins holds at most one memory per place. Allocating it per
//! hash made resident memory grow with every sign-in: after the first 19 MiB
//! block is freed, glibc raises its mmap threshold, so later blocks come from
//! the heap and are kept (40 sign-ups held ~790 MB). The memories are mapped
//! from the kernel directly, never through the allocator, and are unmapped
//! once hashing has been idle for `KEEP_IDLE_MEMORY_FOR`, so a server between
//! bursts holds none.

use crate::config::PasswordHashingSettings;
use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, Version,
    password_hash::{Output, ParamsString, SaltString},
};
use secrecy::{ExposeSecret, SecretString};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::{sync::Semaphore, time::Instant};

/// How long a place's memory outlives its last hash. Making a new one costs
/// a few milliseconds (the kernel zeroes 19 MiB), against 18 ms for a hash.
pub const KEEP_IDLE_MEMORY_FOR: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    #[error("argon2 failed: {0}")]
    Argon2(String),
    #[error("cannot map the hashing memory: {0}")]
    Memory(#[from] std::io::Error),
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
    places: Arc<Mutex<Places>>,
    /// Verified against when there is no account, so that unknown emails
    /// take as long as known ones.
    dummy_hash: Arc<str>,
}

/// The working memories of the places, while they are not hashing.
#[derive(Default)]
struct Places {
    /// Memories not in use, with when each was last used.
    idle: Vec<(Memory, Instant)>,
    /// Memories taken by a hash running now.
    in_use: usize,
    /// Whether a task is giving back memories that have been idle too long.
    sweeping: bool,
}

impl PasswordHasher {
    pub fn new(settings: &PasswordHashingSettings) -> Result<Self, HashingError> {
        let params = params(settings)?;
        let dummy_hash =
            hash_blocking(&params, "portcullis-dummy-password", &mut Memory::default())?;
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(settings.max_concurrent.max(1))),
            places: Arc::default(),
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
                return Ok(Verification::Mismatch);
            };
            let matches = verify_blocking(&parsed, password.expose_secret(), memory)?;
            Ok(if matches && is_real {
                Verification::Match {
                    needs_rehash: !uses_params(&parsed, &params),
                }
            } else {
                Verification::Mismatch
            })
        })
        .await?
    }

    /// How many places hold a working memory now, hashing or idle.
    pub fn memories_held(&self) -> usize {
        let places = self.places.lock().expect("the places are never poisoned");
        places.idle.len() + places.in_use
    }

    /// Runs `work` with one place's working memory, once a place is free.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let waiting_since = std::time::Instant::now();
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashingError::Closed)?;
        crate::monitoring::password_hash_waited(waiting_since.elapsed());
        let mut memory = {
            let mut places = self.places.lock().expect("the places are never poisoned");
            places.in_use += 1;
            if !places.sweeping {
                places.sweeping = true;
                tokio::spawn(sweep(self.places.clone()));
            }
            // None idle when this place was never used yet, or was idle too
            // long: then the hash maps a new one.
            places
                .idle
                .pop()
                .map(|(memory, _)| memory)
                .unwrap_or_default()
        };
        let places = self.places.clone();
        // The memory goes back from the blocking task itself, so that it is
        // kept even when the request waiting for the answer is dropped.
        Ok(tokio::task::spawn_blocking(move || {
            let answer = work(&mut memory);
            let mut places = places.lock().expect("the places are never poisoned");
            places.in_use -= 1;
            places.idle.push((memory, Instant::now()));
            answer
        })
        .await?)
    }
}

/// Verifies one password against its hash, with the settings' parameters and
/// memory of its own, as every sign-in's hash does, but without the queue
/// for a place: for measuring this machine's raw rate (`portcullis measure`).
pub fn raw_verifier(
    settings: &PasswordHashingSettings,
) -> Result<impl FnMut() -> Result<bool, HashingError> + Send + 'static, HashingError> {
    let params = params(settings)?;
    let mut memory = Memory::default();
    let stored = hash_blocking(&params, "Tangerine-Orbit-42!", &mut memory)?;
    Ok(move || {
        let parsed = PasswordHash::new(&stored).map_err(|e| HashingError::Argon2(e.to_string()))?;
        verify_blocking(&parsed, "Tangerine-Orbit-42!", &mut memory)
    })
}

/// Unmaps the memories idle for `KEEP_IDLE_MEMORY_FOR`, until no place holds
/// one; `run` starts it again with the next hash.
async fn sweep(places: Arc<Mutex<Places>>) {
    loop {
        tokio::time::sleep(KEEP_IDLE_MEMORY_FOR).await;
        let mut places = places.lock().expect("the places are never poisoned");
        places
            .idle
            .retain(|(_, since)| since.elapsed() < KEEP_IDLE_MEMORY_FOR);
        if places.idle.is_empty() && places.in_use == 0 {
            places.sweeping = false;
            return;
        }
    }
}

/// One place's working memory, mapped from the kernel: unmapped (given back
/// at once) when dropped, whatever the allocator would keep.
#[derive(Default)]
struct Memory(Option<memmap2::MmapMut>);

// What makes viewing the mapping as blocks sound (see `Memory::blocks`).
const _: () = assert!(size_of::<Block>() == 1024 && align_of::<Block>() <= 4096);

impl Memory {
    /// The first `count` blocks, mapped anew if there are fewer.
    #[allow(unsafe_code)]
    fn blocks(&mut self, count: usize) -> Result<&mut [Block], HashingError> {
        let bytes = count * size_of::<Block>();
        if self.0.as_ref().is_none_or(|map| map.len() < bytes) {
            // The old mapping goes first, so two are never held at once.
            self.0 = None;
            let map = memmap2::MmapOptions::new()
                .len(bytes.max(1))
                .populate()
                .map_anon()?;
            self.0 = Some(map);
        }
        let map = self.0.as_mut().expect("mapped above");
        // SAFETY: the mapping is page-aligned (more than `Block`'s alignment),
        // at least `count` blocks long, and lives as long as the borrow of
        // `self`; a `Block` is 128 `u64`s, valid for any bytes (zeroes when
        // fresh, an earlier hash's after), and nothing else aliases the map.
        Ok(unsafe { std::slice::from_raw_parts_mut(map.as_mut_ptr().cast::<Block>(), count) })
    }
}

fn params(settings: &PasswordHashingSettings) -> Result<Params, HashingError> {
    Params::new(
        settings.memory_kib,
        settings.iterations,
        settings.parallelism,
        None,
    )
    .map_err(|e| HashingError::Argon2(e.to_string()))
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

/// A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), as
/// `PasswordHasher::hash_password` writes it, computed in `memory`.
fn hash_blocking(
    params: &Params,
    password: &str,
    memory: &mut Memory,
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
            memory.blocks(params.block_count())?,
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
fn verify_blocking(
    stored: &PasswordHash<'_>,
    password: &str,
    memory: &mut Memory,
) -> Result<bool, HashingError> {
    let (Some(expected), Some(salt)) = (stored.hash, stored.salt) else {
        return Ok(false);
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(stored.algorithm),
        Params::try_from(stored),
    ) else {
        return Ok(false);
    };
    let Ok(version) = Version::try_from(stored.version.unwrap_or(Version::V0x13.into())) else {
        return Ok(false);
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else {
        return Ok(false);
    };
    let mut output = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params.clone()).hash_password_into_with_memory(
        password.as_bytes(),
        salt_raw,
        &mut output,
        memory.blocks(params.block_count())?,
    );
    // `Output`'s equality is constant-time.
    Ok(computed.is_ok() && Output::new(&output).is_ok_and(|output| output == expected))
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
        let hash = hash_blocking(&params(), "Tangerine-Orbit-42!", &mut Memory::default()).unwrap();

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
        let mut memory = Memory::default();
        hash_blocking(
            &Params::new(4096, 1, 1, None).unwrap(),
            "other",
            &mut memory,
        )
        .unwrap();

        assert!(verify_blocking(&parsed, "Tangerine-Orbit-42!", &mut memory).unwrap());
        assert!(!verify_blocking(&parsed, "Tangerine-Orbit-43!", &mut memory).unwrap());
    }

    #[test]
    fn a_hash_needing_more_memory_than_the_last_gets_it() {
        let mut memory = Memory::default();
        hash_blocking(&params(), "small", &mut memory).unwrap();
        let larger = Params::new(8192, 1, 1, None).unwrap();

        let hash = hash_blocking(&larger, "Tangerine-Orbit-42!", &mut memory).unwrap();

        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(
            argon2(&larger)
                .verify_password(b"Tangerine-Orbit-42!", &parsed)
                .is_ok()
        );
    }

    fn cheap_hasher(max_concurrent: usize) -> PasswordHasher {
        PasswordHasher::new(&PasswordHashingSettings {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
            max_concurrent,
        })
        .unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn places_keep_their_memory_while_busy_and_give_it_back_once_idle() {
        let hasher = cheap_hasher(2);
        assert_eq!(hasher.memories_held(), 0, "none before the first hash");

        let hashes = (0..6).map(|i| hasher.hash(SecretString::from(format!("password-{i}"))));
        for hash in futures::future::join_all(hashes).await {
            hash.unwrap();
        }
        assert_eq!(
            hasher.memories_held(),
            2,
            "one per place, however many hashes"
        );

        tokio::time::sleep(KEEP_IDLE_MEMORY_FOR / 2).await;
        hasher
            .hash(SecretString::from("again".to_owned()))
            .await
            .unwrap();
        tokio::time::sleep(KEEP_IDLE_MEMORY_FOR * 3 / 4).await;
        assert_eq!(hasher.memories_held(), 1, "the memory used again is kept");

        tokio::time::sleep(KEEP_IDLE_MEMORY_FOR * 2).await;
        assert_eq!(hasher.memories_held(), 0, "all given back once idle");
        hasher
            .hash(SecretString::from("later".to_owned()))
            .await
            .unwrap();
        assert_eq!(hasher.memories_held(), 1, "and made again when needed");
    }
}
