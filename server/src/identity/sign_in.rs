//! Signing in with email and password, and signing out.

use super::{
    AuthError,
    admission::{Admission, Admitted, FirstFactor},
    limits::CredentialLimit,
    lockout::Lockout,
    password_hasher::{PasswordHasher, Verification},
};
use crate::{domain::Email, storage::Db};
use app::error::say;
use app::vocabulary::UserId;
use app::{
    clock::Clock,
    error::{AppError, FieldError},
    model::SignInOutcome,
    ports::{ClientMeta, Login, LoginInput, Logout},
    vocabulary::AuditAction,
};
use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

pub struct PasswordSignIn {
    db: Db,
    hasher: PasswordHasher,
    lockout: Lockout,
    admission: Admission,
    limit: CredentialLimit,
    clock: Clock,
}

impl PasswordSignIn {
    pub fn new(
        db: Db,
        hasher: PasswordHasher,
        lockout: Lockout,
        admission: Admission,
        limit: CredentialLimit,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            hasher,
            lockout,
            admission,
            limit,
            clock,
        }
    }

    /// Unknown addresses and wrong passwords get the same answer after the
    /// same work, and lock the same way.
    async fn login(&self, input: LoginInput, client: &ClientMeta) -> Result<Admitted, AuthError> {
        self.limit.check(client).await?;
        let email = Email::parse(&input.email);
        let mut errors = Vec::new();
        if let Err(message) = &email {
            errors.push(FieldError::new("email", message.clone()));
        }
        if input.password.is_empty() {
            errors.push(FieldError::new("password", say("problem-password-missing")));
        }
        let (Ok(email), true) = (email, errors.is_empty()) else {
            return Err(AuthError::Validation(errors));
        };

        let user = crate::storage::users::find_by_email(&self.db.pool, email.as_str()).await?;
        // The attempt is taken before any hashing work: a locked address is
        // refused at once, and parallel attempts cannot overtake the count.
        let attempt = self
            .lockout
            .take_attempt(user.as_ref(), email.as_str(), AuditAction::Login, client)
            .await?;

        let password = SecretString::from(input.password);
        let stored_hash = user.as_ref().and_then(|user| user.password_hash.clone());
        let verification = self
            .hasher
            .verify(
                SecretString::from(password.expose_secret().to_string()),
                stored_hash,
            )
            .await?;
        let needs_rehash = match verification {
            Verification::Match { needs_rehash } => needs_rehash,
            Verification::Mismatch => {
                return Err(self
                    .lockout
                    .failed(
                        attempt,
                        user.as_ref(),
                        email.as_str(),
                        AuditAction::Login,
                        client,
                    )
                    .await?);
            }
        };
        let user = user.ok_or_else(|| anyhow::anyhow!("a password matched without an account"))?;
        let upgraded_hash = if needs_rehash {
            Some(self.hasher.hash(password).await?)
        } else {
            None
        };
        let proof = self.admission.begin().await?;
        let factor = FirstFactor::Password { upgraded_hash };
        let admitted = self.admission.admit(proof, &user.id, factor, client).await;
        attempt.ended_by(&admitted);
        Ok(admitted?)
    }
}

#[async_trait]
impl Login for PasswordSignIn {
    async fn login(
        &self,
        input: LoginInput,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError> {
        Ok(PasswordSignIn::login(self, input, client).await?.into())
    }
}

#[async_trait]
impl Logout for PasswordSignIn {
    async fn logout(&self, user_id: &UserId, client: &ClientMeta) -> Result<(), AppError> {
        let now = self.clock.now();
        super::audit(
            &self.db,
            Some(user_id),
            AuditAction::Logout,
            client,
            true,
            None,
            now,
        )
        .await?;
        Ok(())
    }
}
