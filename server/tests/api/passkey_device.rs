//! A software authenticator behind a WebAuthn client (1Password's
//! passkey-rs): it makes real attestations and assertions, keeps
//! discoverable credentials, and signs as the browser would for the origin
//! it is told it is on.

use passkey_authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey_client::{Client, DefaultClientData};
use passkey_crypto::rust_crypto::RustCryptoBackend;
use passkey_types::{
    Passkey,
    ctap2::{Aaguid, Ctap2Error},
};
use serde_json::Value;
use url::Url;

/// 1Password's AAGUID: the server names the authenticator by it.
pub const ONE_PASSWORD: [u8; 16] = [
    0xba, 0xda, 0x55, 0x66, 0xa7, 0xaa, 0x40, 0x1f, 0xbd, 0x96, 0x45, 0x61, 0x9a, 0x55, 0x12, 0x0d,
];

/// The person at the device: present, and verified (a fingerprint, a PIN)
/// whenever asked.
struct Person;

#[async_trait::async_trait]
impl UserValidationMethod for Person {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence,
            verification,
        })
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(true)
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }
}

/// The device's one passkey: the library's single-credential store, which
/// (unlike its map) finds a discoverable credential without being told
/// its id, as a sign-in that names no account needs.
type Keychain = Option<Passkey>;

pub struct Device {
    client: Client<Keychain, Person, RustCryptoBackend, public_suffix::PublicSuffixList, ()>,
}

impl Device {
    /// A device whose passkeys keep a signature counter (a security key's
    /// way), so a copy of it is caught.
    pub fn new() -> Self {
        Self::with(None)
    }

    fn with(store: Keychain) -> Self {
        let mut authenticator =
            Authenticator::new(Aaguid::from(ONE_PASSWORD), store, Person, RustCryptoBackend);
        authenticator.set_make_credentials_with_signature_counter(true);
        Self {
            client: Client::new(authenticator).allows_insecure_localhost(true),
        }
    }

    /// Another device holding the same keys, counters and all: what a
    /// cloned authenticator is.
    pub fn clone_keys(&self) -> Self {
        Self::with(self.client.authenticator().store().clone())
    }

    /// `navigator.credentials.create(options)` on a page of `origin`: the
    /// credential's WebAuthn JSON.
    pub async fn create(&mut self, origin: &str, options: &Value) -> Value {
        let origin = Url::parse(origin).unwrap();
        let request = serde_json::from_value(options.clone()).expect("creation options");
        let credential = self
            .client
            .register(&origin, request, DefaultClientData)
            .await
            .expect("the device makes a passkey");
        as_webauthn_json(serde_json::to_value(credential).unwrap())
    }

    /// `navigator.credentials.get(options)` on a page of `origin`.
    pub async fn get(&mut self, origin: &str, options: &Value) -> Value {
        self.try_get(origin, options)
            .await
            .expect("the device signs in")
    }

    pub async fn try_get(&mut self, origin: &str, options: &Value) -> Option<Value> {
        let origin = Url::parse(origin).unwrap();
        // A browser reads an empty `allowCredentials` as "any discoverable
        // passkey of this site"; the library wants it left out for that.
        let mut options = options.clone();
        if options["publicKey"]["allowCredentials"]
            .as_array()
            .is_some_and(Vec::is_empty)
        {
            options["publicKey"]
                .as_object_mut()
                .unwrap()
                .remove("allowCredentials");
        }
        let request = serde_json::from_value(options).expect("request options");
        let credential = self
            .client
            .authenticate(&origin, request, DefaultClientData)
            .await
            .map_err(|error| eprintln!("the device refused: {error:?}"))
            .ok()?;
        Some(as_webauthn_json(serde_json::to_value(credential).unwrap()))
    }
}

/// The credential as a browser's `toJSON()` gives it: the library writes
/// binary fields as arrays of numbers, WebAuthn JSON as base64url.
fn as_webauthn_json(value: Value) -> Value {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    match value {
        Value::Array(items)
            if !items.is_empty()
                && items
                    .iter()
                    .all(|item| item.as_u64().is_some_and(|n| n < 256)) =>
        {
            let bytes: Vec<u8> = items
                .iter()
                .map(|item| item.as_u64().unwrap() as u8)
                .collect();
            Value::String(URL_SAFE_NO_PAD.encode(bytes))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(as_webauthn_json).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| (key, as_webauthn_json(value)))
                .collect(),
        ),
        other => other,
    }
}
