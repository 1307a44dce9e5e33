//! Ed25519 keys that sign access tokens.
//!
//! Keys live in the database, so every instance on a shared Postgres signs
//! and verifies with the same set. The private half is encrypted with a key
//! derived from `SECRET_KEY`; the public half is published in the JWKS. A
//! rotated-out key stays published until every token it may have signed has
//! expired.

use crate::{
    crypto::Sealer,
    storage::{Db, signing_keys::StoredKey},
};
use app::clock::Clock;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use rand::RngCore;
use secrecy::SecretString;
use serde::Serialize;
use std::{
    sync::{Arc, Mutex, RwLock},
    time::{Duration, Instant},
};
use utoipa::ToSchema;

pub const ALGORITHM: Algorithm = Algorithm::EdDSA;

/// How often an instance re-reads the keys, so it picks up a rotation made
/// elsewhere (the CLI or another instance).
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(60);

/// The least time between two reloads caused by tokens with an unknown `kid`,
/// so forged tokens cannot turn into database load.
const UNKNOWN_KID_RELOAD_GAP: Duration = Duration::from_secs(10);

/// PKCS#8 v1 prefix of an Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

struct SigningKey {
    kid: String,
    encoding: EncodingKey,
}

pub struct VerifyingKey {
    pub kid: String,
    /// The raw public key, base64url: the JWK's `x`.
    pub x: String,
    pub decoding: DecodingKey,
}

struct KeyRing {
    signing: SigningKey,
    published: Vec<VerifyingKey>,
}

pub struct SigningKeys {
    db: Db,
    cipher: KeyCipher,
    access_ttl: Duration,
    ring: RwLock<Arc<KeyRing>>,
    last_unknown_kid_reload: Mutex<Option<Instant>>,
    clock: Clock,
}

impl SigningKeys {
    /// Loads the keys, creating the first one on a new database.
    pub async fn load(
        db: Db,
        secret: &SecretString,
        access_ttl: Duration,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        let cipher = KeyCipher::new(secret);
        let ring = read_ring(&db, &cipher, access_ttl, clock.now()).await?;
        Ok(Self {
            db,
            cipher,
            access_ttl,
            ring: RwLock::new(Arc::new(ring)),
            last_unknown_kid_reload: Mutex::new(None),
            clock,
        })
    }

    /// What a server does at start-up: revokes the keys this `SECRET_KEY`
    /// cannot decrypt, then loads.
    pub async fn load_at_start_up(
        db: Db,
        secret: &SecretString,
        access_ttl: Duration,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        revoke_unreadable(&db, &KeyCipher::new(secret), access_ttl, clock.now()).await?;
        Self::load(db, secret, access_ttl, clock).await
    }

    /// Retires the current key and makes a new one; returns the new `kid`.
    pub async fn rotate(db: &Db, secret: &SecretString, now: i64) -> anyhow::Result<String> {
        let cipher = KeyCipher::new(secret);
        let mut tx = db.begin().await?;
        crate::storage::signing_keys::retire_all(&mut tx, now).await?;
        let kid = generate(&mut tx, &cipher, now).await?;
        tx.commit().await?;
        Ok(kid)
    }

    /// Revokes the key `kid` by hand (a leaked key): it leaves the JWKS and
    /// stops verifying on every instance at its next reload. `false` when no
    /// such key is published.
    pub async fn retire(db: &Db, kid: &str, now: i64) -> anyhow::Result<bool> {
        let revoked = crate::storage::signing_keys::revoke(db.writer(), kid, now).await?;
        if revoked {
            tracing::warn!(%kid, "signing key retired by hand: its tokens no longer verify");
        }
        Ok(revoked)
    }

    pub async fn reload(&self) -> anyhow::Result<()> {
        let ring = read_ring(&self.db, &self.cipher, self.access_ttl, self.clock.now()).await?;
        *self.ring.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(ring);
        Ok(())
    }

    fn ring(&self) -> Arc<KeyRing> {
        self.ring.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn sign<T: Serialize>(&self, claims: &T) -> anyhow::Result<String> {
        let ring = self.ring();
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(ring.signing.kid.clone());
        Ok(jsonwebtoken::encode(
            &header,
            claims,
            &ring.signing.encoding,
        )?)
    }

    /// The published key with this `kid`, re-reading the keys once if it is
    /// unknown (a rotation on another instance).
    pub async fn verifying_key(&self, kid: &str) -> Option<DecodingKey> {
        let find = |ring: &KeyRing| {
            ring.published
                .iter()
                .find(|key| key.kid == kid)
                .map(|key| key.decoding.clone())
        };
        if let Some(key) = find(&self.ring()) {
            return Some(key);
        }
        if !self.may_reload_for_unknown_kid() {
            return None;
        }
        if let Err(error) = self.reload().await {
            tracing::warn!(
                error = format!("{error:#}"),
                "could not reload signing keys"
            );
            return None;
        }
        find(&self.ring())
    }

    fn may_reload_for_unknown_kid(&self) -> bool {
        let mut last = self
            .last_unknown_kid_reload
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let allowed = last.is_none_or(|at| at.elapsed() >= UNKNOWN_KID_RELOAD_GAP);
        if allowed {
            *last = Some(Instant::now());
        }
        allowed
    }

    /// One line per published key: `kid`, and whether it signs or only verifies.
    pub fn describe(&self) -> String {
        let ring = self.ring();
        ring.published
            .iter()
            .map(|key| {
                let role = if key.kid == ring.signing.kid {
                    "signing"
                } else {
                    "verify-only"
                };
                format!("{}\tEdDSA\t{role}\n", key.kid)
            })
            .collect()
    }

    /// The JWKS document (RFC 7517).
    pub fn jwks(&self) -> Jwks {
        let keys = self
            .ring()
            .published
            .iter()
            .map(|key| Jwk {
                kty: "OKP".into(),
                crv: "Ed25519".into(),
                alg: "EdDSA".into(),
                key_use: "sig".into(),
                kid: key.kid.clone(),
                x: key.x.clone(),
            })
            .collect();
        Jwks { keys }
    }
}

/// How long a retired key stays published: long enough for the last token an
/// instance may have signed with it (before its next reload) to expire.
fn publish_window(access_ttl: Duration) -> Duration {
    access_ttl + RELOAD_INTERVAL + Duration::from_secs(60)
}

async fn read_ring(
    db: &Db,
    cipher: &KeyCipher,
    access_ttl: Duration,
    now: i64,
) -> anyhow::Result<KeyRing> {
    let oldest = now - publish_window(access_ttl).as_secs() as i64;
    let mut stored = crate::storage::signing_keys::published_signing_keys(&db.pool, oldest).await?;
    let signing = match newest_usable(&stored, cipher) {
        Some(key) => key,
        None => {
            let mut tx = db.begin().await?;
            generate(&mut tx, cipher, now).await?;
            tx.commit().await?;
            stored = crate::storage::signing_keys::published_signing_keys(&db.pool, oldest).await?;
            newest_usable(&stored, cipher)
                .ok_or_else(|| anyhow::anyhow!("a new signing key cannot be read back"))?
        }
    };
    let published = stored
        .iter()
        .filter_map(|key| {
            Some(VerifyingKey {
                kid: key.kid.clone(),
                x: key.public_key.clone(),
                decoding: DecodingKey::from_ed_components(&key.public_key).ok()?,
            })
        })
        .collect();
    Ok(KeyRing { signing, published })
}

/// At start-up: keys sealed with another `SECRET_KEY` are revoked (gone from
/// the JWKS, verifying nothing), since changing the secret is what one does
/// after a leak. A new key is then made, so the server still starts.
async fn revoke_unreadable(
    db: &Db,
    cipher: &KeyCipher,
    access_ttl: Duration,
    now: i64,
) -> anyhow::Result<()> {
    let oldest = now - publish_window(access_ttl).as_secs() as i64;
    let stored = crate::storage::signing_keys::published_signing_keys(&db.pool, oldest).await?;
    for key in stored {
        if cipher.open(&key.kid, &key.encrypted_private_key).is_none() {
            crate::storage::signing_keys::revoke(db.writer(), &key.kid, now).await?;
            tracing::warn!(
                kid = %key.kid,
                "a signing key cannot be decrypted with this SECRET_KEY: retired it; \
                 tokens it signed no longer verify"
            );
        }
    }
    Ok(())
}

/// The newest key that is not retired and whose private half this
/// `SECRET_KEY` can decrypt. (Keys sealed with another secret were revoked
/// at start-up; one made since by an instance with another secret is
/// skipped here.)
fn newest_usable(stored: &[StoredKey], cipher: &KeyCipher) -> Option<SigningKey> {
    stored
        .iter()
        .filter(|key| key.retired_at.is_none() && key.algorithm == "EdDSA")
        .find_map(|key| match cipher.open(&key.kid, &key.encrypted_private_key) {
            Some(seed) if seed.len() == 32 => Some(SigningKey {
                kid: key.kid.clone(),
                encoding: EncodingKey::from_ed_der(&pkcs8(&seed)),
            }),
            _ => {
                tracing::warn!(kid = %key.kid, "a signing key cannot be decrypted with this SECRET_KEY; skipping it");
                None
            }
        })
}

async fn generate(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    cipher: &KeyCipher,
    now: i64,
) -> anyhow::Result<String> {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let public = ed25519_dalek::SigningKey::from_bytes(&seed)
        .verifying_key()
        .to_bytes();
    let kid = uuid::Uuid::new_v4().simple().to_string();
    let key = StoredKey {
        kid: kid.clone(),
        algorithm: "EdDSA".into(),
        public_key: URL_SAFE_NO_PAD.encode(public),
        encrypted_private_key: cipher.seal(&kid, &seed)?,
        created_at: now,
        retired_at: None,
    };
    crate::storage::signing_keys::insert(tx, &key).await?;
    tracing::info!(kid = %kid, "created a new signing key");
    Ok(kid)
}

/// A key pair kept nowhere, for measuring (`portcullis measure`).
pub(crate) fn throwaway_key_pair() -> (EncodingKey, DecodingKey) {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let public = ed25519_dalek::SigningKey::from_bytes(&seed)
        .verifying_key()
        .to_bytes();
    let x = URL_SAFE_NO_PAD.encode(public);
    (
        EncodingKey::from_ed_der(&pkcs8(&seed)),
        DecodingKey::from_ed_components(&x).expect("a valid Ed25519 public key"),
    )
}

fn pkcs8(seed: &[u8]) -> Vec<u8> {
    let mut der = PKCS8_ED25519_PREFIX.to_vec();
    der.extend_from_slice(seed);
    der
}

/// Signing keys are sealed with a key of their own; the `kid` is the
/// associated data, so a sealed key cannot be moved to another row.
struct KeyCipher(Sealer);

impl KeyCipher {
    fn new(secret: &SecretString) -> Self {
        Self(Sealer::new(secret, "signing-key-encryption"))
    }

    fn seal(&self, kid: &str, plaintext: &[u8]) -> anyhow::Result<String> {
        self.0
            .seal(kid.as_bytes(), plaintext)
            .ok_or_else(|| anyhow::anyhow!("cannot encrypt a signing key"))
    }

    fn open(&self, kid: &str, sealed: &str) -> Option<Vec<u8>> {
        self.0.open(kid.as_bytes(), sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_only_with_the_same_secret_and_kid() {
        let cipher = KeyCipher::new(&SecretString::from("one secret with enough variety 0123"));
        let other = KeyCipher::new(&SecretString::from("another secret, also long enough 987"));
        let sealed = cipher.seal("kid-1", b"seed bytes").unwrap();
        assert_eq!(
            cipher.open("kid-1", &sealed).as_deref(),
            Some(&b"seed bytes"[..])
        );
        assert_eq!(cipher.open("kid-2", &sealed), None);
        assert_eq!(other.open("kid-1", &sealed), None);
    }
}

/// A JWK set of Ed25519 public keys.
#[derive(Serialize, ToSchema)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

#[derive(Serialize, ToSchema)]
pub struct Jwk {
    #[schema(example = "OKP")]
    pub kty: String,
    #[schema(example = "Ed25519")]
    pub crv: String,
    #[schema(example = "EdDSA")]
    pub alg: String,
    #[serde(rename = "use")]
    #[schema(example = "sig")]
    pub key_use: String,
    pub kid: String,
    /// The public key, base64url.
    pub x: String,
}
