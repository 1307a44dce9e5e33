use super::{
    AuthError,
    admission::{Admission, Admitted, FirstFactor},
    mailed_tokens::MailedSecrets,
    password_hasher::{PasswordHasher, Verification},
};
use crate::{
    config::{AccountSettings, LockoutSettings, PasswordPolicy},
    db::refresh_tokens,
    db::{
        Db,
        audit::{self, event},
        users::{self, InsertUserError, NewUser, UserRecord},
    },
    domain::{Email, NewPassword, PersonName},
    mail::{Outbox, templates},
    rate_limit::ClientLimiter,
};
use app::{
    clock::Clock,
    error::{AppError, FieldError},
    guards::RecentSignIn,
    model::{SignInOutcome, UserView},
    ports::{
        AccountSecurity, ClientMeta, CodeSignIn, CurrentUser, EmailProofInput, EmailVerification,
        IdentityProof, Login, LoginInput, Logout, PasswordReset, Register, RegisterInput,
    },
    vocabulary::AuditAction,
};
use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

#[derive(Clone)]
pub struct AuthService {
    pub(super) db: Db,
    pub(super) hasher: PasswordHasher,
    pub(super) policy: PasswordPolicy,
    pub(super) lockout: LockoutSettings,
    pub(super) accounts: AccountSettings,
    pub(super) mail: MailContext,
    /// Code requests per client address.
    pub(super) code_requests: std::sync::Arc<ClientLimiter>,
    pub(super) admission: Admission,
    pub(super) clock: Clock,
}

/// What the use cases that send mail need.
#[derive(Clone)]
pub struct MailContext {
    pub outbox: Outbox,
    pub codes: MailedSecrets,
    /// Links in messages start here, whatever `Host` a request named.
    pub public_url: url::Url,
}

impl AuthService {
    pub fn new(
        db: Db,
        hasher: PasswordHasher,
        policy: PasswordPolicy,
        lockout: LockoutSettings,
        accounts: AccountSettings,
        mail: MailContext,
        code_requests: std::sync::Arc<ClientLimiter>,
        admission: Admission,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            hasher,
            policy,
            lockout,
            accounts,
            mail,
            code_requests,
            admission,
            clock,
        }
    }

    pub async fn register(
        &self,
        input: RegisterInput,
        client: &ClientMeta,
    ) -> Result<UserRecord, AuthError> {
        let form = self.parse_registration(&input)?;
        let now = self.clock.now();
        if self.db.email_exists(form.email.as_str()).await? {
            self.audit(
                None,
                AuditAction::Signup,
                client,
                false,
                Some("email_taken"),
                now,
            )
            .await?;
            return Err(AuthError::EmailTaken);
        }
        let password_hash = self.hasher.hash(form.password.into_secret()).await?;
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.db.begin().await?;
        let inserted = users::insert_user(
            &mut tx,
            &NewUser {
                id: &id,
                email: form.email.as_str(),
                password_hash: &password_hash,
                first_name: form.first_name.as_str(),
                last_name: form.last_name.as_str(),
                now,
            },
        )
        .await;
        match inserted {
            Ok(()) => {}
            // Someone registered the same address between the check and the insert.
            Err(InsertUserError::EmailTaken) => return Err(AuthError::EmailTaken),
            Err(InsertUserError::Database(error)) => return Err(error.into()),
        }
        audit::record(
            &mut *tx,
            &event(Some(&id), AuditAction::Signup, client, true, None, now),
        )
        .await?;
        self.queue_verification(
            &mut tx,
            &id,
            form.email.as_str(),
            form.first_name.as_str(),
            now,
        )
        .await?;
        tx.commit().await?;
        self.mail.outbox.wake();
        tracing::info!(user_id = %id, "account created");
        self.db
            .find_user_by_id(&id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the new account vanished").into())
    }

    /// Parses every field and reports every problem at once, each under its field.
    fn parse_registration(&self, input: &RegisterInput) -> Result<Registration, AuthError> {
        let email = Email::parse(&input.email).map_err(|message| vec![message.to_string()]);
        let first_name = PersonName::parse(&input.first_name, "first name").map_err(|m| vec![m]);
        let last_name = PersonName::parse(&input.last_name, "last name").map_err(|m| vec![m]);
        let local_part = email.as_ref().map(Email::local_part).unwrap_or_default();
        let personal = [
            local_part,
            input.first_name.as_str(),
            input.last_name.as_str(),
        ];
        let password = NewPassword::parse(&input.password, &self.policy, &personal);
        match (email, first_name, last_name, password) {
            (Ok(email), Ok(first_name), Ok(last_name), Ok(password)) => Ok(Registration {
                email,
                first_name,
                last_name,
                password,
            }),
            (email, first_name, last_name, password) => {
                let errors = [
                    ("email", email.err()),
                    ("first_name", first_name.err()),
                    ("last_name", last_name.err()),
                    ("password", password.err()),
                ]
                .into_iter()
                .flat_map(|(field, messages)| {
                    messages
                        .unwrap_or_default()
                        .into_iter()
                        .map(move |message| FieldError {
                            field: field.to_string(),
                            message,
                        })
                })
                .collect();
                Err(AuthError::Validation(errors))
            }
        }
    }

    /// Signs in with email and password. Unknown addresses and wrong passwords
    /// get the same answer after the same work, and lock the same way.
    pub async fn login(
        &self,
        input: LoginInput,
        client: &ClientMeta,
    ) -> Result<Admitted, AuthError> {
        let email = Email::parse(&input.email);
        let mut errors = Vec::new();
        if let Err(message) = &email {
            errors.push(FieldError::new("email", *message));
        }
        if input.password.is_empty() {
            errors.push(FieldError::new("password", "Enter your password."));
        }
        let (Ok(email), true) = (email, errors.is_empty()) else {
            return Err(AuthError::Validation(errors));
        };

        let now = self.clock.now();
        let user = self.db.find_user_by_email(email.as_str()).await?;
        let locked_until = match &user {
            Some(user) => user.locked_until,
            None => self.db.unknown_email_locked_until(email.as_str()).await?,
        };
        // A locked address is refused before any hashing work; a password that
        // turns out right still meets the lock in the admission step.
        if locked_until.is_some_and(|until| until > now) {
            let user_id = user.as_ref().map(|user| user.id.as_str());
            self.audit(
                user_id,
                AuditAction::Login,
                client,
                false,
                Some("locked"),
                now,
            )
            .await?;
            return Err(AuthError::Locked);
        }

        let password = SecretString::from(input.password);
        let stored_hash = user.as_ref().and_then(|user| user.password_hash.clone());
        let verification = self
            .hasher
            .verify(copy_secret(&password), stored_hash)
            .await?;
        let needs_rehash = match verification {
            Verification::Match { needs_rehash } => needs_rehash,
            Verification::Mismatch => {
                return Err(self
                    .record_failure(
                        user.as_ref(),
                        email.as_str(),
                        AuditAction::Login,
                        client,
                        now,
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
        Ok(self
            .admission
            .admit(proof, &user.id, factor, client)
            .await?)
    }

    /// Counts a wrong password (at sign-in, or where a signed-in user
    /// confirms an action, audited as `action`) and returns what to answer:
    /// the failure that reaches the limit already says the address is locked.
    pub(super) async fn record_failure(
        &self,
        user: Option<&UserRecord>,
        email: &str,
        action: AuditAction,
        client: &ClientMeta,
        now: i64,
    ) -> Result<AuthError, AuthError> {
        let lock_until = now + self.lockout.lock_duration.as_secs() as i64;
        let max = self.lockout.max_failed_attempts;
        let mut tx = self.db.begin().await?;
        let count = match user {
            Some(user) => {
                users::record_user_login_failure(&mut tx, &user.id, now, max, lock_until).await?
            }
            None => {
                users::record_unknown_login_failure(&mut tx, email, now, max, lock_until).await?
            }
        };
        let user_id = user.map(|user| user.id.as_str());
        let reason = if user.is_some() {
            "wrong_password"
        } else {
            "unknown_email"
        };
        audit::record(
            &mut *tx,
            &event(user_id, action, client, false, Some(reason), now),
        )
        .await?;
        let locked = count.locked_until.is_some_and(|until| until > now);
        if locked {
            audit::record(
                &mut *tx,
                &event(
                    user_id,
                    AuditAction::Lockout,
                    client,
                    true,
                    Some(reason),
                    now,
                ),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(if locked {
            AuthError::Locked
        } else {
            AuthError::InvalidCredentials
        })
    }

    /// Changes the first and/or last name of a live account.
    pub async fn update_names(
        &self,
        user_id: &str,
        first_name: Option<&str>,
        last_name: Option<&str>,
        client: &ClientMeta,
    ) -> Result<Option<UserRecord>, AuthError> {
        let parse = |field: &str, label: &str, value: Option<&str>| {
            value
                .map(|value| PersonName::parse(value, label))
                .transpose()
                .map_err(|message| FieldError::new(field, message))
        };
        let first = parse("first_name", "first name", first_name);
        let last = parse("last_name", "last name", last_name);
        let (first, last) = match (first, last) {
            (Ok(first), Ok(last)) => (first, last),
            (first, last) => {
                return Err(AuthError::Validation(
                    [first.err(), last.err()].into_iter().flatten().collect(),
                ));
            }
        };
        let now = self.clock.now();
        let changed = self
            .db
            .update_names(
                user_id,
                first.as_ref().map(PersonName::as_str),
                last.as_ref().map(PersonName::as_str),
                now,
            )
            .await?;
        if !changed {
            return Ok(None);
        }
        self.audit(
            Some(user_id),
            AuditAction::ProfileUpdated,
            client,
            true,
            Some("names"),
            now,
        )
        .await?;
        self.current_user(user_id).await
    }

    pub async fn logout(&self, user_id: &str, client: &ClientMeta) -> Result<(), AuthError> {
        self.audit(
            Some(user_id),
            AuditAction::Logout,
            client,
            true,
            None,
            self.clock.now(),
        )
        .await
    }

    pub async fn current_user(&self, user_id: &str) -> Result<Option<UserRecord>, AuthError> {
        Ok(self
            .db
            .find_user_by_id(user_id)
            .await?
            .filter(|user| user.is_active))
    }

    /// Checks a new password against the rules and the user's own details
    /// (email name, first and last name) and hashes it off the runtime.
    /// Problems are reported under `new_password`.
    pub(super) async fn hash_new_password(
        &self,
        user: &UserRecord,
        raw: &str,
    ) -> Result<String, AuthError> {
        let local_part = Email::parse(&user.email)
            .map(|email| email.local_part().to_string())
            .unwrap_or_default();
        let personal = [
            local_part.as_str(),
            user.first_name.as_str(),
            user.last_name.as_str(),
        ];
        let password = NewPassword::parse(raw, &self.policy, &personal).map_err(|messages| {
            AuthError::Validation(
                messages
                    .into_iter()
                    .map(|message| FieldError::new("new_password", message))
                    .collect(),
            )
        })?;
        Ok(self.hasher.hash(password.into_secret()).await?)
    }

    /// Stores a new password in `tx`, ends every sign-in of the user (browser
    /// sessions, refresh families, access tokens through `token_version`),
    /// mails the "password changed" notice and commits.
    pub(super) async fn commit_new_password(
        &self,
        mut tx: sqlx::Transaction<'_, sqlx::Any>,
        user: &UserRecord,
        password_hash: &str,
        action: AuditAction,
        client: &ClientMeta,
        now: i64,
    ) -> Result<(), AuthError> {
        users::replace_password(&mut tx, &user.id, password_hash, now).await?;
        refresh_tokens::revoke_all_sign_ins(&mut tx, &user.id, now, action.as_str()).await?;
        let notice =
            templates::password_changed(&self.mail.public_url, &user.email, &user.first_name);
        self.commit_with_mail(tx, &notice, &user.id, action, client, now)
            .await
    }

    /// Queues `mail` and records `action` in the transaction, commits, and
    /// wakes the mail worker.
    pub(super) async fn commit_with_mail(
        &self,
        mut tx: sqlx::Transaction<'_, sqlx::Any>,
        mail: &crate::mail::Mail,
        user_id: &str,
        action: AuditAction,
        client: &ClientMeta,
        now: i64,
    ) -> Result<(), AuthError> {
        self.mail
            .outbox
            .queue(&mut tx, mail, Some(user_id), now)
            .await?;
        audit::record(
            &mut *tx,
            &event(Some(user_id), action, client, true, None, now),
        )
        .await?;
        tx.commit().await?;
        self.mail.outbox.wake();
        Ok(())
    }

    pub(super) async fn audit(
        &self,
        user_id: Option<&str>,
        action: AuditAction,
        client: &ClientMeta,
        success: bool,
        reason: Option<&str>,
        at: i64,
    ) -> Result<(), AuthError> {
        audit::record(
            &self.db.pool,
            &event(user_id, action, client, success, reason, at),
        )
        .await?;
        Ok(())
    }
}

struct Registration {
    email: Email,
    first_name: PersonName,
    last_name: PersonName,
    password: NewPassword,
}

fn copy_secret(secret: &SecretString) -> SecretString {
    SecretString::from(secret.expose_secret().to_string())
}

pub fn user_view(user: UserRecord) -> UserView {
    UserView {
        id: user.id,
        email: user.email,
        first_name: user.first_name,
        last_name: user.last_name,
        email_verified: user.email_verified,
        role: user.role,
        created_at: rfc3339(user.created_at),
        last_login_at: user.last_login_at.map(rfc3339),
        has_password: user.password_hash.is_some(),
    }
}

/// A sign-in's result as the pages see it.
fn sign_in_outcome(result: Result<Admitted, AuthError>) -> Result<SignInOutcome, AppError> {
    match result? {
        Admitted::SignedIn(user) => Ok(SignInOutcome::SignedIn(user_view(user))),
        Admitted::Restorable { user_id } => Ok(SignInOutcome::PendingDeletion { user_id }),
    }
}

pub fn rfc3339(unix_seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[async_trait]
impl Register for AuthService {
    async fn register(
        &self,
        input: RegisterInput,
        client: &ClientMeta,
    ) -> Result<UserView, AppError> {
        Ok(user_view(AuthService::register(self, input, client).await?))
    }
}

#[async_trait]
impl Login for AuthService {
    async fn login(
        &self,
        input: LoginInput,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError> {
        sign_in_outcome(AuthService::login(self, input, client).await)
    }
}

#[async_trait]
impl Logout for AuthService {
    async fn logout(&self, user_id: &str, client: &ClientMeta) -> Result<(), AppError> {
        Ok(AuthService::logout(self, user_id, client).await?)
    }
}

#[async_trait]
impl CurrentUser for AuthService {
    async fn current_user(&self, user_id: &str) -> Result<Option<UserView>, AppError> {
        Ok(AuthService::current_user(self, user_id)
            .await?
            .map(user_view))
    }
}

#[async_trait]
impl EmailVerification for AuthService {
    async fn verify_email(
        &self,
        proof: EmailProofInput,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(AuthService::verify_email(self, proof, client).await?)
    }

    async fn resend_verification(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<bool, AppError> {
        Ok(AuthService::resend_verification(self, user_id, client).await?)
    }
}

#[async_trait]
impl PasswordReset for AuthService {
    async fn start_reset(&self, email: &str, client: &ClientMeta) -> Result<(), AppError> {
        Ok(AuthService::start_reset(self, email, client).await?)
    }

    async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(AuthService::reset_password(self, token, new_password, client).await?)
    }
}

#[async_trait]
impl CodeSignIn for AuthService {
    async fn send_code(&self, email: &str, client: &ClientMeta) -> Result<(), AppError> {
        Ok(AuthService::send_sign_in_code(self, email, client).await?)
    }

    async fn sign_in_with_code(
        &self,
        email: &str,
        code: &str,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError> {
        sign_in_outcome(AuthService::sign_in_with_code(self, email, code, client).await)
    }
}

#[async_trait]
impl AccountSecurity for AuthService {
    async fn send_confirmation_code(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(AuthService::send_confirmation_code(self, user_id, client).await?)
    }

    async fn reauthenticate(
        &self,
        user_id: &str,
        proof: IdentityProof,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(AuthService::reauthenticate(self, user_id, &proof, client).await?)
    }

    async fn change_password(
        &self,
        recent: &RecentSignIn,
        current_password: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let user_id = recent.user_id();
        AuthService::change_password(self, user_id, current_password, new_password, client).await?;
        Ok(())
    }

    async fn set_password(
        &self,
        recent: &RecentSignIn,
        code: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let user_id = recent.user_id();
        Ok(AuthService::set_password_with_code(self, user_id, code, new_password, client).await?)
    }

    async fn start_email_change(
        &self,
        recent: &RecentSignIn,
        proof: IdentityProof,
        new_email: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let user_id = recent.user_id();
        Ok(AuthService::start_email_change(self, user_id, &proof, new_email, client).await?)
    }

    async fn confirm_email_change(
        &self,
        user_id: &str,
        code: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(AuthService::confirm_email_change(self, user_id, code, client).await?)
    }

    async fn pending_email_change(&self, user_id: &str) -> Result<Option<String>, AppError> {
        Ok(AuthService::pending_email_change(self, user_id).await?)
    }

    async fn delete_account(
        &self,
        recent: &RecentSignIn,
        proof: IdentityProof,
        typed_email: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let user_id = recent.user_id();
        Ok(AuthService::delete_account(self, user_id, &proof, Some(typed_email), client).await?)
    }

    async fn erasure_date(&self, user_id: &str) -> Result<Option<String>, AppError> {
        Ok(AuthService::erasure_date(self, user_id).await?.map(rfc3339))
    }

    async fn restore_account(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<UserView, AppError> {
        Ok(user_view(
            AuthService::restore_account(self, user_id, client).await?,
        ))
    }
}
