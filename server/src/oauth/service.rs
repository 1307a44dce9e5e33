use super::{Identity, OAuthError, OidcProvider};
use crate::crypto::Sealer;
use crate::identity::{
    AuthError,
    admission::{Admission, Admitted, FirstFactor, GoogleRoute},
    first_proof::Proof,
    limits::CredentialLimit,
    mailed_tokens::MailedTokens,
};
use crate::mail::templates::Phrase;
use crate::storage::{
    Db,
    audit::{self, event},
    oauth::{self, NewConnection},
};
use app::{clock::Clock, ports::ClientMeta, vocabulary::AuditAction};
use secrecy::SecretString;

const PROVIDER: &str = "google";

/// The linking rules. Identities are keyed by (issuer, subject), never by
/// email; an email match alone never signs anyone into an existing account
/// whose address is verified.
pub struct GoogleService {
    db: Db,
    provider: OidcProvider,
    admission: Admission,
    limit: CredentialLimit,
    mailed: MailedTokens,
    /// Seals the browser flow's pending state into its cookie.
    flow_sealer: Sealer,
    clock: Clock,
}

impl GoogleService {
    pub fn new(
        db: Db,
        provider: OidcProvider,
        admission: Admission,
        limit: CredentialLimit,
        mailed: MailedTokens,
        secret_key: &SecretString,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            provider,
            admission,
            limit,
            mailed,
            flow_sealer: Sealer::new(secret_key, "google-flow-state"),
            clock,
        }
    }

    pub fn flow_sealer(&self) -> &Sealer {
        &self.flow_sealer
    }

    /// Takes one request from the client's credential budget, which Google
    /// sign-ins share with passwords, codes and links (checked before the
    /// provider is asked anything).
    pub async fn check_budget(&self, client: &ClientMeta) -> Result<(), OAuthError> {
        match self.limit.check(client).await {
            Ok(()) => Ok(()),
            Err(AuthError::RateLimited {
                retry_after_seconds,
            }) => Err(OAuthError::RateLimited {
                retry_after_seconds,
            }),
            Err(error) => Err(OAuthError::Internal(error.into())),
        }
    }

    pub fn provider(&self) -> &OidcProvider {
        &self.provider
    }

    /// `POST /api/auth/google`: an ID token a mobile app got from Google.
    pub async fn sign_in_with_id_token(
        &self,
        id_token: &str,
        client: &ClientMeta,
    ) -> Result<Admitted, OAuthError> {
        self.check_budget(client).await?;
        let mut audiences = vec![self.provider.settings.client_id.clone()];
        audiences.extend(self.provider.settings.extra_audiences.iter().cloned());
        let identity = match self
            .provider
            .verify_id_token(id_token, None, &audiences)
            .await
        {
            Ok(identity) => identity,
            Err(error) => {
                self.audit(
                    None,
                    AuditAction::GoogleSignIn,
                    client,
                    false,
                    Some("invalid_id_token"),
                )
                .await?;
                return Err(error);
            }
        };
        self.sign_in(&identity, client).await
    }

    /// Signs in the account linked to `identity`, creating or taking one over
    /// where the rules allow.
    pub async fn sign_in(
        &self,
        identity: &Identity,
        client: &ClientMeta,
    ) -> Result<Admitted, OAuthError> {
        let now = self.clock.now();
        if let Some(connection) = crate::storage::oauth::connection_by_subject(
            &self.db.pool,
            &identity.issuer,
            &identity.subject,
        )
        .await?
        {
            let proof = self.admission.begin().await?;
            return self
                .finish(
                    proof,
                    &connection.user_id,
                    identity,
                    GoogleRoute::Linked,
                    client,
                )
                .await;
        }
        let email = identity.email.clone().ok_or(OAuthError::NoEmail)?;
        if !identity.email_verified {
            // An address Google has not verified proves nothing: it never
            // creates an account or reaches one.
            self.audit(
                None,
                AuditAction::GoogleSignIn,
                client,
                false,
                Some("unverified_email"),
            )
            .await?;
            return Err(OAuthError::UnverifiedEmail);
        }
        let existing = crate::storage::users::find_by_email(&self.db.pool, &email).await?;
        match existing {
            Some(user) if user.email_verified => {
                self.audit(
                    Some(&user.id),
                    AuditAction::GoogleSignIn,
                    client,
                    false,
                    Some("link_required"),
                )
                .await?;
                Err(OAuthError::LinkRequired)
            }
            Some(user) => {
                // Whoever registered this address never proved they own it;
                // Google says this person does: the first proof wins.
                let mut tx = self.admission.begin().await?;
                let first_proof = self.admission.first_proof();
                first_proof
                    .claim(&mut tx, &user, Proof::SignIn, now)
                    .await
                    .map_err(|error| OAuthError::Internal(error.into()))?;
                self.link_in(&mut tx, &user.id, identity, now).await?;
                audit::record(
                    &mut *tx,
                    &event(
                        Some(&user.id),
                        AuditAction::GoogleLink,
                        client,
                        true,
                        Some("took_over_unverified_account"),
                        now,
                    ),
                )
                .await?;
                self.finish(tx, &user.id, identity, GoogleRoute::TookOver, client)
                    .await
            }
            None => {
                let id = uuid::Uuid::now_v7().to_string();
                let first = name_or(&identity.given_name, "Google");
                let last = name_or(&identity.family_name, "User");
                let mut tx = self.admission.begin().await?;
                oauth::create_user(
                    &mut tx,
                    &id,
                    &email,
                    &first,
                    &last,
                    identity.email_verified,
                    now,
                )
                .await?;
                // The language the first sign-in was made in, so mails speak it.
                crate::storage::users::set_language(&mut *tx, &id, app::i18n::current(), now)
                    .await?;
                self.link_in(&mut tx, &id, identity, now).await?;
                audit::record(
                    &mut *tx,
                    &event(
                        Some(&id),
                        AuditAction::Signup,
                        client,
                        true,
                        Some("google"),
                        now,
                    ),
                )
                .await?;
                self.finish(tx, &id, identity, GoogleRoute::SignedUp, client)
                    .await
            }
        }
    }

    /// Links `identity` to a signed-in account (from the profile).
    pub async fn link(
        &self,
        user_id: &str,
        identity: &Identity,
        client: &ClientMeta,
    ) -> Result<(), OAuthError> {
        let now = self.clock.now();
        if !identity.email_verified {
            self.audit(
                Some(user_id),
                AuditAction::GoogleLink,
                client,
                false,
                Some("unverified_email"),
            )
            .await?;
            return Err(OAuthError::UnverifiedEmail);
        }
        if let Some(existing) = crate::storage::oauth::connection_by_subject(
            &self.db.pool,
            &identity.issuer,
            &identity.subject,
        )
        .await?
        {
            if existing.user_id == user_id {
                return Ok(());
            }
            self.audit(
                Some(user_id),
                AuditAction::GoogleLink,
                client,
                false,
                Some("linked_elsewhere"),
            )
            .await?;
            return Err(OAuthError::LinkedElsewhere);
        }
        let mut tx = self.db.begin().await?;
        if let Err(error) = self.link_in(&mut tx, user_id, identity, now).await {
            tx.rollback().await?;
            self.audit(
                Some(user_id),
                AuditAction::GoogleLink,
                client,
                false,
                Some("already_linked"),
            )
            .await?;
            return Err(match error {
                OAuthError::Internal(_) => OAuthError::AlreadyLinked,
                other => other,
            });
        }
        let notice = match crate::storage::users::find_by_id(&mut *tx, user_id).await? {
            Some(user) => {
                let letterhead = self.mailed.letterhead();
                letterhead.sign_in_method_changed(
                    &letterhead.to(&user),
                    &Phrase::new("mail-google-connected"),
                )
            }
            None => return Err(OAuthError::Disabled),
        };
        self.mailed
            .commit_with_mail(tx, &notice, user_id, AuditAction::GoogleLink, client, now)
            .await
            .map_err(|error| OAuthError::Internal(error.into()))
    }

    pub async fn audit_refusal(&self, client: &ClientMeta, reason: &str) -> Result<(), OAuthError> {
        self.audit(None, AuditAction::GoogleSignIn, client, false, Some(reason))
            .await
    }

    async fn link_in(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        user_id: &str,
        identity: &Identity,
        now: i64,
    ) -> Result<(), OAuthError> {
        oauth::link(
            tx,
            &NewConnection {
                user_id,
                provider: PROVIDER,
                issuer: &identity.issuer,
                subject: &identity.subject,
                email: identity.email.as_deref(),
                now,
            },
        )
        .await?;
        Ok(())
    }

    /// Hands the proven identity, with what proving it changed in `proof`,
    /// to the admission step.
    async fn finish(
        &self,
        mut proof: sqlx::Transaction<'static, sqlx::Any>,
        user_id: &str,
        identity: &Identity,
        route: GoogleRoute,
        client: &ClientMeta,
    ) -> Result<Admitted, OAuthError> {
        oauth::touch_connection(
            &mut proof,
            &identity.issuer,
            &identity.subject,
            self.clock.now(),
        )
        .await?;
        Ok(self
            .admission
            .admit(proof, user_id, FirstFactor::Google(route), client)
            .await?)
    }

    async fn audit(
        &self,
        user_id: Option<&str>,
        action: AuditAction,
        client: &ClientMeta,
        success: bool,
        reason: Option<&str>,
    ) -> Result<(), OAuthError> {
        audit::record(
            self.db.writer(),
            &event(user_id, action, client, success, reason, self.clock.now()),
        )
        .await?;
        Ok(())
    }
}

/// The provider's name, held to our name rules (cleaned, not refused).
fn name_or(name: &Option<String>, fallback: &str) -> String {
    name.as_deref()
        .and_then(crate::domain::PersonName::clean)
        .map(|name| name.as_str().to_string())
        .unwrap_or_else(|| fallback.to_string())
}
