//! Authenticator apps (TOTP, RFC 6238): what every app supports, 6 digits
//! every 30 s with HMAC-SHA1, one step of drift either way. A secret lives
//! sealed in the database; `Authenticator` opens it only to check a code.

use crate::crypto::Sealer;
use secrecy::{ExposeSecret, SecretBox};
use totp_rs::{Algorithm, TOTP};

const DIGITS: usize = 6;
pub const STEP_SECONDS: i64 = 30;
/// 160 bits, the size RFC 4226 recommends and every app accepts.
const SECRET_BYTES: usize = 20;

/// An app's shared secret, in the clear only while it is used.
pub struct AppSecret(SecretBox<Vec<u8>>);

impl AppSecret {
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        Self(SecretBox::new(Box::new(bytes)))
    }

    /// The secret as the user types it into an app (base32, in groups of 4).
    pub fn for_typing(&self) -> String {
        let encoded = base32(self.0.expose_secret());
        encoded
            .as_bytes()
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn totp(&self, issuer: &str, account: &str) -> Option<TOTP> {
        TOTP::new(
            Algorithm::SHA1,
            DIGITS,
            1,
            STEP_SECONDS as u64,
            self.0.expose_secret().clone(),
            Some(issuer.to_string()),
            account.to_string(),
        )
        .ok()
    }

    /// The `otpauth://` URI an app scans, drawn as an SVG QR code (no
    /// script, no image request: it renders under the CSP without JS).
    pub fn qr_svg(&self, issuer: &str, account: &str) -> Option<String> {
        // totp-rs refuses a ':' in either name.
        let issuer = issuer.replace(':', " ");
        let account = account.replace(':', " ");
        let uri = self.totp(&issuer, &account)?.get_url();
        let svg = qrcode::QrCode::new(uri.as_bytes())
            .ok()?
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build();
        // Inline SVG in HTML takes no XML declaration.
        Some(match svg.split_once("?>") {
            Some((_, rest)) => rest.to_string(),
            None => svg,
        })
    }

    /// The time step `code` is right for, within one step of `now`'s.
    pub fn matching_step(&self, code: &str, now: i64) -> Option<i64> {
        if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let totp = self.totp("portcullis", "user")?;
        let current = now.div_euclid(STEP_SECONDS);
        (current - 1..=current + 1).find(|step| {
            let expected = totp.generate((step * STEP_SECONDS).max(0) as u64);
            crate::crypto::constant_time_eq(expected.as_bytes(), code.as_bytes())
        })
    }

    /// The code for the step of `at` (tests and the CLI's own check).
    pub fn code_at(&self, at: i64) -> String {
        self.totp("portcullis", "user")
            .map(|totp| totp.generate(at.max(0) as u64))
            .unwrap_or_default()
    }

    /// Sealed for the row of `user_id`, so it cannot be moved to another.
    pub fn seal(&self, sealer: &Sealer, user_id: &str) -> Option<String> {
        sealer.seal(user_id.as_bytes(), self.0.expose_secret())
    }

    pub fn open(sealer: &Sealer, user_id: &str, sealed: &str) -> Option<Self> {
        let bytes = sealer.open(user_id.as_bytes(), sealed)?;
        Some(Self(SecretBox::new(Box::new(bytes))))
    }

    /// From the base32 text a user typed into an app (tests).
    pub fn from_base32(text: &str) -> Option<Self> {
        let compact: String = text.split_whitespace().collect();
        let bytes = totp_rs::Secret::Encoded(compact.to_uppercase())
            .to_bytes()
            .ok()?;
        Some(Self(SecretBox::new(Box::new(bytes))))
    }
}

fn base32(bytes: &[u8]) -> String {
    totp_rs::Secret::Raw(bytes.to_vec())
        .to_encoded()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_right_for_its_own_step_and_one_either_side_only() {
        let secret = AppSecret::generate();
        let now = 1_800_000_000;
        let code = secret.code_at(now);
        let step = now / STEP_SECONDS;
        assert_eq!(secret.matching_step(&code, now), Some(step));
        assert_eq!(secret.matching_step(&code, now + 30), Some(step));
        assert_eq!(secret.matching_step(&code, now - 30), Some(step));
        assert_eq!(secret.matching_step(&code, now + 61), None);
        assert_eq!(secret.matching_step("12345", now), None);
        assert_eq!(secret.matching_step("abcdef", now), None);
    }

    #[test]
    fn codes_are_those_of_rfc_6238_for_its_sha1_test_secret() {
        // RFC 6238 appendix B: "12345678901234567890", 8 digits 94287082 at
        // T = 59; an app shows the last 6.
        let secret = AppSecret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(secret.code_at(59), "287082");
        assert_eq!(secret.code_at(1_111_111_109), "081804");
    }

    #[test]
    fn the_typed_secret_is_the_same_secret_and_the_qr_code_is_plain_svg() {
        let secret = AppSecret::generate();
        let typed = AppSecret::from_base32(&secret.for_typing()).unwrap();
        assert_eq!(typed.code_at(1_000), secret.code_at(1_000));
        let svg = secret.qr_svg("Portcullis", "ada@example.com").unwrap();
        assert!(
            svg.starts_with("<svg") && svg.ends_with("</svg>"),
            "{svg:.80}"
        );
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_own_account() {
        let sealer = Sealer::new(
            &secrecy::SecretString::from("a secret key long enough for tests 0123456789"),
            "test",
        );
        let secret = AppSecret::generate();
        let sealed = secret.seal(&sealer, "user-1").unwrap();
        assert!(AppSecret::open(&sealer, "user-2", &sealed).is_none());
        let opened = AppSecret::open(&sealer, "user-1", &sealed).unwrap();
        assert_eq!(opened.code_at(99), secret.code_at(99));
    }
}
