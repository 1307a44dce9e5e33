//! Creating an account with a password; its address is verified by mail.

use super::{
    AuthError, limits::CredentialLimit, password_hasher::PasswordHasher, user_view,
    verification::AddressVerification,
};
use crate::{
    config::PasswordPolicy,
    domain::{Email, NamePart, NewPassword, PersonName},
    mail::templates::Recipient,
    storage::{
        Db, audit,
        users::{self, InsertUserError, NewUser},
    },
};
use app::{
    clock::Clock,
    error::{AppError, FieldError},
    model::UserView,
    ports::{ClientMeta, Register, RegisterInput},
    vocabulary::AuditAction,
};
use async_trait::async_trait;

pub struct Registration {
    db: Db,
    hasher: PasswordHasher,
    policy: PasswordPolicy,
    verification: AddressVerification,
    limit: CredentialLimit,
    clock: Clock,
}

impl Registration {
    pub fn new(
        db: Db,
        hasher: PasswordHasher,
        policy: PasswordPolicy,
        verification: AddressVerification,
        limit: CredentialLimit,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            hasher,
            policy,
            verification,
            limit,
            clock,
        }
    }

    /// Parses every field and reports every problem at once, each under its field.
    fn parse(&self, input: &RegisterInput) -> Result<Form, AuthError> {
        let email = Email::parse(&input.email).map_err(|message| vec![message.to_string()]);
        let first_name = PersonName::parse(&input.first_name, NamePart::First).map_err(|m| vec![m]);
        let last_name = PersonName::parse(&input.last_name, NamePart::Last).map_err(|m| vec![m]);
        let local_part = email.as_ref().map(Email::local_part).unwrap_or_default();
        let personal = [
            local_part,
            input.first_name.as_str(),
            input.last_name.as_str(),
        ];
        let password = NewPassword::parse(&input.password, &self.policy, &personal);
        match (email, first_name, last_name, password) {
            (Ok(email), Ok(first_name), Ok(last_name), Ok(password)) => Ok(Form {
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

    async fn register(
        &self,
        input: RegisterInput,
        client: &ClientMeta,
    ) -> Result<UserView, AuthError> {
        self.limit.check(client).await?;
        let form = self.parse(&input)?;
        let now = self.clock.now();
        if crate::storage::users::email_exists(&self.db.pool, form.email.as_str()).await? {
            super::audit(
                &self.db,
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
                // The language the sign-up was made in, so mails speak it.
                language: Some(app::i18n::current()),
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
            &audit::succeeded(&id, AuditAction::Signup, client, now),
        )
        .await?;
        self.verification
            .queue(
                &mut tx,
                &id,
                Recipient {
                    address: form.email.as_str(),
                    first_name: form.first_name.as_str(),
                    language: app::i18n::current(),
                },
                now,
            )
            .await?;
        tx.commit().await?;
        self.verification.wake_mail();
        tracing::info!(user_id = %id, "account created");
        let user = crate::storage::users::find_by_id(&self.db.pool, &id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the new account vanished"))?;
        Ok(user_view(user))
    }
}

#[async_trait]
impl Register for Registration {
    async fn register(
        &self,
        input: RegisterInput,
        client: &ClientMeta,
    ) -> Result<UserView, AppError> {
        Ok(Registration::register(self, input, client).await?)
    }
}

struct Form {
    email: Email,
    first_name: PersonName,
    last_name: PersonName,
    password: NewPassword,
}
