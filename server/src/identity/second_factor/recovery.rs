//! Recovery codes: ten single-use codes shown once, for when the app is
//! lost. Stored as HMAC-SHA256 keyed by SECRET_KEY, bound to the account:
//! ~50 random bits each are plenty against guessing through the lockout,
//! and the key keeps a stolen table from being searched offline.

use hmac::{Hmac, Mac};
use rand::Rng;
use secrecy::SecretString;
use sha2::Sha256;

pub const COUNT: usize = 10;
/// No 0/o, 1/l/i: codes are read off paper.
const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
const GROUP: usize = 5;

#[derive(Clone)]
pub struct RecoveryCodes {
    key: [u8; 32],
}

impl RecoveryCodes {
    pub fn new(secret: &SecretString) -> Self {
        Self {
            key: crate::crypto::derive_key(secret, "recovery-codes"),
        }
    }

    /// Ten fresh codes, `xxxxx-xxxxx`, and what to store for each.
    pub fn generate(&self, user_id: &str) -> Vec<(SecretString, String)> {
        let mut rng = rand::rngs::OsRng;
        (0..COUNT)
            .map(|_| {
                let chars: String = (0..GROUP * 2)
                    .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                    .collect();
                let code = format!("{}-{}", &chars[..GROUP], &chars[GROUP..]);
                let hash = self.hash(user_id, &code);
                (SecretString::from(code), hash)
            })
            .collect()
    }

    /// What a typed code is stored as: case, spaces and dashes do not
    /// matter. `None` for anything that cannot be a code.
    pub fn hash_typed(&self, user_id: &str, typed: &str) -> Option<String> {
        let compact: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_lowercase)
            .collect();
        (compact.len() == GROUP * 2 && compact.bytes().all(|b| ALPHABET.contains(&b))).then(|| {
            self.hash(
                user_id,
                &format!("{}-{}", &compact[..GROUP], &compact[GROUP..]),
            )
        })
    }

    fn hash(&self, user_id: &str, code: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key size");
        mac.update(user_id.as_bytes());
        mac.update(b":");
        mac.update(code.as_bytes());
        crate::crypto::hex(&mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn a_typed_code_matches_whatever_its_case_and_spacing_and_only_for_its_account() {
        let codes = RecoveryCodes::new(&SecretString::from("k".repeat(40)));
        let generated = codes.generate("user-1");
        assert_eq!(generated.len(), COUNT);
        let (code, hash) = &generated[0];
        let typed = code.expose_secret().to_uppercase().replace('-', " ");
        assert_eq!(codes.hash_typed("user-1", &typed).as_ref(), Some(hash));
        assert_ne!(
            codes.hash_typed("user-2", code.expose_secret()).as_ref(),
            Some(hash)
        );
        assert_eq!(codes.hash_typed("user-1", "123456"), None);
    }
}
