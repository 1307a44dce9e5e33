//! Small cryptographic helpers every feature shares: random tokens, their
//! stored hashes, constant-time comparison, and keys derived from
//! `SECRET_KEY` and what they seal.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// `bytes` random bytes from the OS, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

/// How a random token is stored: SHA-256, hex. Enough for 128+ random bits,
/// and lookups stay one indexed query.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Only something shaped like one of our tokens (base64url, at most
/// `max_len` characters) is looked up.
pub fn is_token_shaped(token: &str, max_len: usize) -> bool {
    !token.is_empty()
        && token.len() <= max_len
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// A 256-bit key for one purpose (`info`), derived from `SECRET_KEY` with
/// HKDF-SHA256, so that no two features share a key.
pub fn derive_key(secret: &SecretString, info: &str) -> [u8; 32] {
    let hkdf = hkdf::Hkdf::<Sha256>::new(Some(b"portcullis"), secret.expose_secret().as_bytes());
    let mut key = [0u8; 32];
    hkdf.expand(info.as_bytes(), &mut key)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    key
}

/// Authenticated encryption (ChaCha20-Poly1305) with a key derived from
/// `SECRET_KEY` for one purpose. `aad` binds a sealed value to its place (a
/// row's id, a cookie's name), so it cannot be moved elsewhere.
pub struct Sealer(chacha20poly1305::ChaCha20Poly1305);

impl Sealer {
    pub fn new(secret: &SecretString, purpose: &str) -> Self {
        use chacha20poly1305::KeyInit;
        Self(chacha20poly1305::ChaCha20Poly1305::new(
            &derive_key(secret, purpose).into(),
        ))
    }

    /// The random nonce and the ciphertext, in base64url.
    pub fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Option<String> {
        use chacha20poly1305::aead::{Aead, Payload};
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = self
            .0
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .ok()?;
        let mut sealed = nonce.to_vec();
        sealed.extend_from_slice(&ciphertext);
        Some(URL_SAFE_NO_PAD.encode(sealed))
    }

    /// `None` for anything this sealer did not seal with the same `aad`.
    pub fn open(&self, aad: &[u8], sealed: &str) -> Option<Vec<u8>> {
        use chacha20poly1305::aead::{Aead, Payload};
        let sealed = URL_SAFE_NO_PAD.decode(sealed).ok()?;
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().ok()?;
        self.0
            .decrypt(
                &nonce.into(),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_base64url_of_the_asked_size() {
        let token = random_token(32);
        assert_eq!(URL_SAFE_NO_PAD.decode(&token).unwrap().len(), 32);
        assert!(is_token_shaped(&token, 43));
        assert_ne!(token, random_token(32));
        assert!(!is_token_shaped("a.b", 43) && !is_token_shaped("", 43));
    }

    #[test]
    fn derived_keys_differ_by_purpose_and_secret() {
        let one = SecretString::from("one secret with enough variety 0123");
        let two = SecretString::from("another secret, also long enough 987");
        assert_ne!(derive_key(&one, "a"), derive_key(&one, "b"));
        assert_ne!(derive_key(&one, "a"), derive_key(&two, "a"));
        assert!(constant_time_eq(b"abc", b"abc") && !constant_time_eq(b"abc", b"abd"));
    }
}
