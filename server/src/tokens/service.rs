use super::{TokenError, keys::ALGORITHM, keys::SigningKeys};
use crate::{
    config::Settings,
    crypto, monitoring,
    storage::{
        Db, audit,
        refresh_tokens::{self, FamilyState, NewFamily},
        users,
    },
};
use app::{
    clock::Clock,
    i18n::Language,
    model::UserView,
    ports::ClientMeta,
    vocabulary::{Amr, AuditAction, Role, UserId},
};
use jsonwebtoken::Validation;
use serde::{Deserialize, Serialize};
use std::{sync::Arc, time::Duration};

/// Refresh tokens carry 256 random bits.
const REFRESH_TOKEN_BYTES: usize = 32;

/// Clock skew allowed between instances when checking `exp` and `nbf`.
const LEEWAY_SECONDS: i64 = 5;

#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    pub role: String,
    /// The refresh family (sign-in) the token belongs to.
    pub sid: String,
    /// How the sign-in was proven (RFC 8176): `pwd`, `otp`, `fed`, `mfa`.
    #[serde(default)]
    pub amr: Vec<String>,
}

/// The checks of an access token's signature and claims, but for `exp` and
/// `nbf`, which `TokenService::verify` judges on the injected clock.
fn validation(issuer: &str, audience: &str) -> Validation {
    let mut validation = Validation::new(ALGORITHM);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
    validation
}

/// Checks one access token, signed with a key of its own, as `verify` checks
/// each: for measuring this machine's raw rate (`portcullis measure`).
pub fn raw_verifier() -> anyhow::Result<impl FnMut() -> bool + Send + 'static> {
    let (encoding, decoding) = super::keys::throwaway_key_pair();
    let now = 1_700_000_000;
    let claims = AccessClaims {
        iss: "https://portcullis.example".into(),
        aud: "portcullis".into(),
        sub: uuid::Uuid::now_v7().to_string(),
        iat: now,
        nbf: now,
        exp: now + 900,
        jti: uuid::Uuid::new_v4().to_string(),
        role: "user".into(),
        sid: uuid::Uuid::now_v7().to_string(),
        amr: vec!["pwd".into()],
    };
    let mut header = jsonwebtoken::Header::new(ALGORITHM);
    header.kid = Some("measure".into());
    let token = jsonwebtoken::encode(&header, &claims, &encoding)?;
    let validation = validation(&claims.iss, &claims.aud);
    Ok(move || jsonwebtoken::decode::<AccessClaims>(&token, &decoding, &validation).is_ok())
}

/// What a successful sign-in or refresh hands to the client. No `Debug`: it
/// holds credentials.
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

/// The verified caller of a Bearer request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: UserId,
    /// The role now, read from the account (not the token's claim), so a
    /// demotion takes effect at once.
    pub role: Role,
    pub family_id: String,
    /// When the client signed in with credentials (refreshes keep it).
    pub signed_in_at: i64,
    /// The account has a second factor now.
    pub has_second_factor: bool,
    /// The account as it is now, read with the sign-in.
    pub user: UserView,
}

pub struct TokenService {
    db: Db,
    callers: super::callers::CallerLookups,
    keys: Arc<SigningKeys>,
    issuer: String,
    audience: String,
    access_ttl: Duration,
    refresh_lifetime: Duration,
    clock: Clock,
}

impl TokenService {
    pub fn new(db: Db, keys: Arc<SigningKeys>, settings: &Settings, clock: Clock) -> Self {
        Self {
            callers: super::callers::CallerLookups::start(db.clone()),
            db,
            keys,
            issuer: settings.token_issuer(),
            audience: settings.tokens.audience.clone(),
            access_ttl: settings.tokens.access_ttl,
            refresh_lifetime: settings.tokens.refresh_lifetime,
            clock,
        }
    }

    pub fn keys(&self) -> &SigningKeys {
        &self.keys
    }

    pub fn access_ttl(&self) -> Duration {
        self.access_ttl
    }

    /// Starts a new family for a user who has just proved who they are.
    /// The account is read in the same transaction, so the family carries
    /// its current `token_version`: a "sign out everywhere" that landed
    /// after the proof still ends it.
    pub async fn issue(
        &self,
        user_id: &str,
        amr: &Amr,
        client: &ClientMeta,
    ) -> Result<TokenPair, TokenError> {
        let now = self.clock.now();
        let family_id = uuid::Uuid::new_v4().to_string();
        let refresh_token = crypto::random_token(REFRESH_TOKEN_BYTES);
        let mut tx = self.db.begin().await?;
        let user = users::find_by_id(&mut *tx, user_id)
            .await?
            .filter(|user| user.is_active)
            .ok_or(TokenError::Disabled)?;
        refresh_tokens::insert_family(
            &mut tx,
            &NewFamily {
                id: &family_id,
                user_id: &user.id,
                token_version: user.token_version,
                now,
                expires_at: now + self.refresh_lifetime.as_secs() as i64,
                ip: client.ip.as_deref(),
                user_agent: client.user_agent.as_deref(),
                amr: &amr.stored(),
            },
        )
        .await?;
        refresh_tokens::insert_token(
            &mut tx,
            &crypto::sha256_hex(&refresh_token),
            &family_id,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(TokenPair {
            access_token: self.access_token(&user.id, user.role, &family_id, amr, now)?,
            refresh_token,
            expires_in: self.access_ttl.as_secs(),
        })
    }

    /// Trades a refresh token for a new pair. The presented token is used up;
    /// presenting a used one revokes its whole family.
    pub async fn refresh(
        &self,
        presented: &str,
        client: &ClientMeta,
    ) -> Result<(TokenPair, String), TokenError> {
        let token_hash = refresh_token_hash(presented).ok_or(TokenError::Invalid)?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let Some(family_id) = refresh_tokens::use_token(&mut tx, &token_hash, now).await? else {
            tx.rollback().await?;
            let refusal = self.refused_refresh(&token_hash, client, now).await?;
            monitoring::token_refresh(match refusal {
                TokenError::Reused => "reused",
                _ => "invalid",
            });
            return Err(refusal);
        };
        let family = refresh_tokens::family_state(&mut *tx, &family_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("a refresh token without a family"))?;
        if !family.is_usable(now) {
            // The used mark is kept: a dead family's tokens stay dead.
            tx.commit().await?;
            self.audit(
                Some(&family.user_id),
                AuditAction::TokenRefresh,
                client,
                false,
                Some("family_ended"),
                now,
            )
            .await?;
            monitoring::token_refresh("family_ended");
            return Err(refusal(&family, now));
        }
        let refresh_token = crypto::random_token(REFRESH_TOKEN_BYTES);
        refresh_tokens::insert_token(
            &mut tx,
            &crypto::sha256_hex(&refresh_token),
            &family.family_id,
            now,
        )
        .await?;
        refresh_tokens::touch_family(
            &mut tx,
            &family.family_id,
            now,
            client.ip.as_deref(),
            client.user_agent.as_deref(),
        )
        .await?;
        tx.commit().await?;
        let pair = TokenPair {
            access_token: self.access_token(
                &family.user_id,
                family.role,
                &family.family_id,
                &Amr::parse(&family.amr),
                now,
            )?,
            refresh_token,
            expires_in: self.access_ttl.as_secs(),
        };
        monitoring::token_refresh("success");
        Ok((pair, family.user_id))
    }

    /// Why a token could not be used: unknown, or used before (then its
    /// family is revoked, since either the client or a thief holds a copy).
    async fn refused_refresh(
        &self,
        token_hash: &str,
        client: &ClientMeta,
        now: i64,
    ) -> Result<TokenError, TokenError> {
        let Some(stored) =
            crate::storage::refresh_tokens::find_refresh_token(&self.db.pool, token_hash).await?
        else {
            return Ok(TokenError::Invalid);
        };
        let family =
            crate::storage::refresh_tokens::family_state(&self.db.pool, &stored.family_id).await?;
        let user_id = family.as_ref().map(|family| family.user_id.as_str());
        if stored.used
            && crate::storage::refresh_tokens::revoke_family(
                self.db.writer(),
                &stored.family_id,
                now,
                "token_reused",
            )
            .await?
        {
            tracing::warn!(family_id = %stored.family_id, "a used refresh token came back: family revoked");
            self.audit(
                user_id,
                AuditAction::TokenReuse,
                client,
                false,
                Some("family_revoked"),
                now,
            )
            .await?;
        }
        Ok(if stored.used {
            TokenError::Reused
        } else {
            TokenError::Invalid
        })
    }

    /// Ends the sign-in a refresh token belongs to. A token of an already
    /// ended sign-in is accepted, so logging out twice is not an error.
    pub async fn logout(&self, presented: &str, client: &ClientMeta) -> Result<(), TokenError> {
        let token_hash = refresh_token_hash(presented).ok_or(TokenError::Invalid)?;
        let stored = crate::storage::refresh_tokens::find_refresh_token(&self.db.pool, &token_hash)
            .await?
            .ok_or(TokenError::Invalid)?;
        let now = self.clock.now();
        if crate::storage::refresh_tokens::revoke_family(
            self.db.writer(),
            &stored.family_id,
            now,
            AuditAction::Logout.as_str(),
        )
        .await?
        {
            let family =
                crate::storage::refresh_tokens::family_state(&self.db.pool, &stored.family_id)
                    .await?;
            let user_id = family.as_ref().map(|family| family.user_id.as_str());
            self.audit(user_id, AuditAction::Logout, client, true, Some("api"), now)
                .await?;
        }
        Ok(())
    }

    /// Verifies a Bearer token and that its sign-in and account are still good.
    pub async fn authenticate(&self, token: &str) -> Result<Caller, TokenError> {
        let claims = self.verify(token).await?;
        let state = self
            .callers
            .get(&claims.sid)
            .await?
            .filter(|state| state.family.user_id == claims.sub)
            .ok_or(TokenError::Invalid)?;
        let now = self.clock.now();
        if !state.family.is_usable(now) {
            return Err(match refusal(&state.family, now) {
                // The access token may still be within its lifetime.
                TokenError::Expired => TokenError::Invalid,
                other => other,
            });
        }
        let family = state.family;
        let user = UserView {
            id: family.user_id.clone().into(),
            email: state.email,
            first_name: state.first_name,
            last_name: state.last_name,
            email_verified: state.email_verified,
            role: family.role,
            created_at: crate::identity::rfc3339(state.user_created_at),
            last_login_at: state.last_login_at.map(crate::identity::rfc3339),
            has_password: state.has_password,
            has_second_factor: family.has_second_factor,
            must_set_up_second_factor: false,
            language: state.language.as_deref().and_then(Language::parse),
        };
        Ok(Caller {
            user_id: family.user_id.into(),
            role: family.role,
            family_id: family.family_id,
            signed_in_at: family.created_at,
            has_second_factor: family.has_second_factor,
            user,
        })
    }

    /// Checks signature, algorithm, `kid`, `exp`, `nbf`, `iss` and `aud`.
    /// Keys named inside the token (`jwk`, `jku`, `x5u`, `x5c`) are refused,
    /// never used.
    pub async fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        if token.len() > 4096 {
            return Err(TokenError::Invalid);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        let embeds_key = header.jwk.is_some()
            || header.jku.is_some()
            || header.x5u.is_some()
            || header.x5c.is_some();
        if header.alg != ALGORITHM || embeds_key {
            return Err(TokenError::Invalid);
        }
        let kid = header.kid.ok_or(TokenError::Invalid)?;
        let key = self
            .keys
            .verifying_key(&kid)
            .await
            .ok_or(TokenError::Invalid)?;
        let validation = validation(&self.issuer, &self.audience);
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|_| TokenError::Invalid)?;
        let now = self.clock.now();
        if claims.nbf > now + LEEWAY_SECONDS {
            return Err(TokenError::Invalid);
        }
        if claims.exp + LEEWAY_SECONDS < now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    /// Revokes every family and browser session of the caller.
    pub async fn logout_everywhere(
        &self,
        caller: &Caller,
        client: &ClientMeta,
    ) -> Result<(), TokenError> {
        let now = self.clock.now();
        crate::storage::refresh_tokens::end_all_sign_ins(
            &self.db,
            &caller.user_id,
            now,
            AuditAction::LogoutAll.as_str(),
        )
        .await?;
        self.audit(
            Some(&caller.user_id),
            AuditAction::LogoutAll,
            client,
            true,
            None,
            now,
        )
        .await
    }

    fn access_token(
        &self,
        user_id: &str,
        role: Role,
        family_id: &str,
        amr: &Amr,
        now: i64,
    ) -> Result<String, TokenError> {
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_string(),
            iat: now,
            nbf: now,
            exp: now + self.access_ttl.as_secs() as i64,
            jti: uuid::Uuid::new_v4().to_string(),
            role: role.as_str().to_string(),
            sid: family_id.to_string(),
            amr: amr.values().to_vec(),
        };
        Ok(self.keys.sign(&claims)?)
    }

    async fn audit(
        &self,
        user_id: Option<&str>,
        action: AuditAction,
        client: &ClientMeta,
        success: bool,
        reason: Option<&str>,
        at: i64,
    ) -> Result<(), TokenError> {
        let event = audit::event(user_id, action, client, success, reason, at);
        audit::record(self.db.writer(), &event).await?;
        Ok(())
    }
}

/// Why a family that can no longer be used is refused.
fn refusal(family: &FamilyState, now: i64) -> TokenError {
    if !family.user_active {
        TokenError::Disabled
    } else if !family.revoked && family.expires_at <= now {
        TokenError::Expired
    } else {
        TokenError::Invalid
    }
}

/// The stored form of a presented refresh token, if it is shaped like one
/// (256 bits are 43 base64url characters).
fn refresh_token_hash(token: &str) -> Option<String> {
    crypto::is_token_shaped(token, 43).then(|| crypto::sha256_hex(token))
}
