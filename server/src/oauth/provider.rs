//! An OpenID provider found through its discovery document: its endpoints
//! and keys are fetched once and cached; the keys are fetched again when a
//! token names an unknown `kid` (at most every 10 seconds).

use super::OAuthError;
use crate::config::GoogleSettings;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use serde::Deserialize;
use std::{
    sync::Mutex,
    time::{Duration, Instant},
};
use tokio::sync::RwLock;

const KEY_REFRESH_GAP: Duration = Duration::from_secs(10);

#[derive(Clone, Debug, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
}

/// Who the provider says signed in.
#[derive(Clone, Debug)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
}

#[derive(Deserialize)]
struct IdClaims {
    sub: String,
    nonce: Option<String>,
    email: Option<String>,
    #[serde(default, deserialize_with = "flexible_bool")]
    email_verified: bool,
    given_name: Option<String>,
    family_name: Option<String>,
    name: Option<String>,
}

/// Providers send `email_verified` as a boolean or as `"true"`.
fn flexible_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(matches!(value, serde_json::Value::Bool(true)) || value == "true")
}

pub struct OidcProvider {
    pub settings: GoogleSettings,
    http: reqwest::Client,
    metadata: RwLock<Option<Metadata>>,
    keys: RwLock<Option<JwkSet>>,
    last_key_fetch: Mutex<Option<Instant>>,
}

impl OidcProvider {
    pub fn new(settings: GoogleSettings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            settings,
            http,
            metadata: RwLock::new(None),
            keys: RwLock::new(None),
            last_key_fetch: Mutex::new(None),
        })
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub async fn metadata(&self) -> Result<Metadata, OAuthError> {
        if let Some(metadata) = self.metadata.read().await.clone() {
            return Ok(metadata);
        }
        let metadata: Metadata = self
            .http
            .get(self.settings.discovery_url.clone())
            .send()
            .await
            .and_then(|response| response.error_for_status())
            .map_err(|error| OAuthError::Provider(format!("discovery failed: {error}")))?
            .json()
            .await
            .map_err(|error| OAuthError::Provider(format!("discovery is not valid: {error}")))?;
        *self.metadata.write().await = Some(metadata.clone());
        Ok(metadata)
    }

    async fn key(&self, kid: &str) -> Result<DecodingKey, OAuthError> {
        let find = |keys: &Option<JwkSet>| {
            keys.as_ref()
                .and_then(|keys| keys.find(kid))
                .and_then(|jwk| DecodingKey::from_jwk(jwk).ok())
        };
        if let Some(key) = find(&*self.keys.read().await) {
            return Ok(key);
        }
        let may_fetch = {
            let mut last = self
                .last_key_fetch
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            let allowed = last.is_none_or(|at| at.elapsed() >= KEY_REFRESH_GAP);
            if allowed {
                *last = Some(Instant::now());
            }
            allowed
        };
        if may_fetch {
            let metadata = self.metadata().await?;
            let keys: JwkSet = self
                .http
                .get(&metadata.jwks_uri)
                .send()
                .await
                .and_then(|response| response.error_for_status())
                .map_err(|error| OAuthError::Provider(format!("cannot fetch the keys: {error}")))?
                .json()
                .await
                .map_err(|error| {
                    OAuthError::Provider(format!("the keys are not valid: {error}"))
                })?;
            *self.keys.write().await = Some(keys);
        }
        find(&*self.keys.read().await).ok_or(OAuthError::InvalidIdToken)
    }

    /// Checks the ID token's signature (the provider's keys only), `iss`,
    /// `aud`, `exp`, and the `nonce` when one was sent.
    pub async fn verify_id_token(
        &self,
        token: &str,
        expected_nonce: Option<&str>,
        audiences: &[String],
    ) -> Result<Identity, OAuthError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| OAuthError::InvalidIdToken)?;
        let allowed = [Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA];
        if !allowed.contains(&header.alg) || header.jwk.is_some() || header.jku.is_some() {
            return Err(OAuthError::InvalidIdToken);
        }
        let kid = header.kid.ok_or(OAuthError::InvalidIdToken)?;
        let key = self.key(&kid).await?;
        let metadata = self.metadata().await?;
        let mut validation = Validation::new(header.alg);
        validation.leeway = 30;
        validation.set_audience(audiences);
        // Google writes its issuer with and without the scheme.
        let bare_issuer = metadata.issuer.trim_start_matches("https://").to_string();
        validation.set_issuer(&[metadata.issuer.as_str(), bare_issuer.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims = jsonwebtoken::decode::<IdClaims>(token, &key, &validation)
            .map_err(|_| OAuthError::InvalidIdToken)?
            .claims;
        if let Some(expected) = expected_nonce
            && claims.nonce.as_deref() != Some(expected)
        {
            return Err(OAuthError::InvalidIdToken);
        }
        let (given_name, family_name) = match (claims.given_name, claims.family_name, claims.name) {
            (None, None, Some(name)) => {
                let mut parts = name.splitn(2, ' ');
                (
                    parts.next().map(str::to_string),
                    parts.next().map(str::to_string),
                )
            }
            (given, family, _) => (given, family),
        };
        Ok(Identity {
            issuer: metadata.issuer,
            subject: claims.sub,
            email: claims.email.map(|email| email.trim().to_lowercase()),
            email_verified: claims.email_verified,
            given_name,
            family_name,
        })
    }
}
