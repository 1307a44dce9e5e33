//! Links and 6-digit codes sent by mail: generated here, stored only as
//! hashes. Link tokens are 128 random bits (SHA-256 is enough to store them);
//! codes are HMAC-SHA256 with a key derived from `SECRET_KEY`, because a plain
//! hash of a 6-digit number is reversed by trying all million.

use crate::crypto;
use hmac::{Hmac, Mac};
use rand::Rng;
use secrecy::SecretString;
use sha2::Sha256;

/// Wrong tries after which a code is dead, even for the right value.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

#[derive(Clone)]
pub struct MailedSecrets {
    key: [u8; 32],
}

/// What goes into the message; only the hashes are stored.
pub struct Issued {
    pub token: String,
    pub token_hash: String,
    pub code: String,
    pub code_hash: String,
}

impl MailedSecrets {
    pub fn new(secret: &SecretString) -> Self {
        Self {
            key: crypto::derive_key(secret, "email-codes"),
        }
    }

    pub fn issue(&self, purpose: &str, email: &str) -> Issued {
        let token = crypto::random_token(16);
        // `gen_range` is uniform (no modulo bias).
        let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32));
        Issued {
            token_hash: crypto::sha256_hex(&token),
            code_hash: self.hash_code(purpose, email, &code),
            token,
            code,
        }
    }

    /// The code's MAC, bound to its purpose and address.
    pub fn hash_code(&self, purpose: &str, email: &str, code: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length works");
        for part in [purpose, email, code] {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        crypto::hex(&mac.finalize().into_bytes())
    }

    /// Compares in constant time.
    pub fn code_matches(&self, purpose: &str, email: &str, code: &str, stored: &str) -> bool {
        crypto::constant_time_eq(
            self.hash_code(purpose, email, code).as_bytes(),
            stored.as_bytes(),
        )
    }
}

/// The stored form of a link token, if `token` is shaped like one.
pub fn link_token_hash(token: &str) -> Option<String> {
    crypto::is_token_shaped(token, 64).then(|| crypto::sha256_hex(token))
}

/// Only a 6-digit string is a code.
pub fn is_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

    #[test]
    fn a_code_matches_only_its_purpose_address_and_value() {
        let codes = MailedSecrets::new(&SecretString::from(
            "a secret long enough for the tests 123",
        ));
        let issued = codes.issue("otp_login", "ada@example.com");
        assert!(is_code(&issued.code));
        assert_eq!(URL_SAFE_NO_PAD.decode(&issued.token).unwrap().len(), 16);
        let matches = |purpose, email, code: &str| {
            codes.code_matches(purpose, email, code, &issued.code_hash)
        };
        assert!(matches("otp_login", "ada@example.com", &issued.code));
        assert!(!matches("verify_email", "ada@example.com", &issued.code));
        assert!(!matches("otp_login", "bob@example.com", &issued.code));
        let other = if issued.code == "000000" {
            "000001"
        } else {
            "000000"
        };
        assert!(!matches("otp_login", "ada@example.com", other));
    }
}
