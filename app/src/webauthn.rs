//! The browser's WebAuthn API, for the passkey pages. The server's options
//! arrive as JSON and the credential goes back as JSON, through the
//! browser's own converters (`PublicKeyCredential.parse…FromJSON`,
//! `toJSON`), so no binary juggling happens here. Without JavaScript none
//! of this runs, and the pages say so.

/// Why a passkey request did not give a credential, in words for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure(pub String);

#[cfg(feature = "hydrate")]
mod browser {
    use super::Failure;
    use js_sys::{Function, JSON, Object, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    fn get(target: &JsValue, name: &str) -> Option<JsValue> {
        Reflect::get(target, &JsValue::from_str(name))
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    }

    fn public_key_credential() -> Option<JsValue> {
        get(&js_sys::global(), "PublicKeyCredential")
    }

    /// Whether this browser can make and use passkeys the way the pages do.
    pub fn supported() -> bool {
        public_key_credential()
            .and_then(|pkc| get(&pkc, "parseRequestOptionsFromJSON"))
            .is_some_and(|parse| parse.is_function())
    }

    /// Whether the browser offers passkeys in the username field's autofill.
    pub async fn autofill_available() -> bool {
        let Some(pkc) = public_key_credential() else {
            return false;
        };
        let Some(check) = get(&pkc, "isConditionalMediationAvailable")
            .and_then(|f| f.dyn_into::<Function>().ok())
        else {
            return false;
        };
        let Ok(promise) = check.call0(&pkc).and_then(|p| p.dyn_into::<Promise>()) else {
            return false;
        };
        JsFuture::from(promise)
            .await
            .is_ok_and(|available| available.as_bool() == Some(true))
    }

    fn unsupported() -> Failure {
        Failure(crate::i18n::current().t("webauthn-unsupported"))
    }

    fn failure(error: JsValue) -> Failure {
        let name = get(&error, "name").and_then(|name| name.as_string());
        let key = match name.as_deref() {
            Some("NotAllowedError") | Some("AbortError") => "webauthn-cancelled",
            Some("InvalidStateError") => "webauthn-already-registered",
            Some("SecurityError") => "webauthn-insecure-site",
            Some("NotSupportedError") => "webauthn-not-supported",
            _ => "webauthn-failed",
        };
        Failure(crate::i18n::current().t(key))
    }

    /// `options` (`{ publicKey: … }` as JSON) through `parser`, then
    /// `navigator.credentials[method]`; the credential as JSON.
    async fn ceremony(
        options: &str,
        parser: &str,
        method: &str,
        mediation: Option<&str>,
    ) -> Result<String, Failure> {
        let pkc = public_key_credential().ok_or_else(unsupported)?;
        let parse = get(&pkc, parser)
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(unsupported)?;
        let options = JSON::parse(options).map_err(|_| unsupported())?;
        let public_key = get(&options, "publicKey").ok_or_else(unsupported)?;
        let public_key = parse.call1(&pkc, &public_key).map_err(failure)?;
        let request = Object::new();
        Reflect::set(&request, &"publicKey".into(), &public_key).map_err(failure)?;
        if let Some(mediation) = mediation {
            Reflect::set(&request, &"mediation".into(), &mediation.into()).map_err(failure)?;
        }
        let credentials = get(&js_sys::global(), "navigator")
            .and_then(|navigator| get(&navigator, "credentials"))
            .ok_or_else(unsupported)?;
        let call = get(&credentials, method)
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(unsupported)?;
        let promise = call
            .call1(&credentials, &request)
            .and_then(|p| p.dyn_into::<Promise>())
            .map_err(failure)?;
        let credential = JsFuture::from(promise).await.map_err(failure)?;
        let to_json = get(&credential, "toJSON")
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(unsupported)?;
        let json = to_json.call0(&credential).map_err(failure)?;
        JSON::stringify(&json)
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(unsupported)
    }

    pub async fn create(options: &str) -> Result<String, Failure> {
        ceremony(options, "parseCreationOptionsFromJSON", "create", None).await
    }

    pub async fn get_credential(options: &str, autofill: bool) -> Result<String, Failure> {
        let mediation = autofill.then_some("conditional");
        ceremony(options, "parseRequestOptionsFromJSON", "get", mediation).await
    }
}

#[cfg(feature = "hydrate")]
pub use browser::{autofill_available, create, get_credential, supported};

// On the server the pages render without a browser: nothing is supported,
// and nothing is ever called.
#[cfg(not(feature = "hydrate"))]
pub fn supported() -> bool {
    false
}

#[cfg(not(feature = "hydrate"))]
pub async fn autofill_available() -> bool {
    false
}

#[cfg(not(feature = "hydrate"))]
pub async fn create(_options: &str) -> Result<String, Failure> {
    Err(Failure("Passkeys need JavaScript.".into()))
}

#[cfg(not(feature = "hydrate"))]
pub async fn get_credential(_options: &str, _autofill: bool) -> Result<String, Failure> {
    Err(Failure("Passkeys need JavaScript.".into()))
}
