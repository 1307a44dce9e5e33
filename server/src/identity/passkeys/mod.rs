//! Passkeys (WebAuthn): registering them on the profile, signing in with
//! one instead of a password, and using one as a sign-in's second step.
//!
//! The relying party is `PUBLIC_URL`: its host is the RP id and its origin
//! the only origin accepted, so an assertion made for another site (or
//! relayed through one) is refused. Every ceremony is kept in the database
//! (several instances share it) under the SHA-256 of a random id the
//! browser's session or the API client holds, for five minutes, and is
//! used up by the first request that finishes it. User verification is
//! required, as webauthn-rs does for passkeys: a passkey alone signs in, so
//! it must prove both the key and the person (`amr` `hwk user mfa`).

use app::error::{say, say_with};
mod authenticators;

use super::{
    AuthError, ChangeNotice,
    admission::{Admission, Admitted, FirstFactor, PassedStep},
    limits::CredentialLimit,
    lockout::{Attempt, Lockout},
    mailed_tokens::MailedTokens,
    rfc3339,
    second_factor::open_challenge,
};
use crate::{
    crypto,
    mail::templates::{Letterhead, Phrase},
    storage::{
        Db, audit,
        passkey_ceremonies::{self, NewCeremony},
        passkeys::{self, NewPasskey, PasskeyRecord},
        users::{self, UserRecord},
    },
};
use anyhow::Context;
use app::{
    clock::Clock,
    error::AppError,
    guards::RecentSignIn,
    model::{PasskeyCeremony, PasskeyView, SignInOutcome},
    ports::{self, ClientMeta},
    vocabulary::{AuditAction, SignInMethod, UserId},
};
use async_trait::async_trait;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sqlx::{Any, Transaction};
use std::sync::Arc;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyAuthentication, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Url, Uuid,
    Webauthn, WebauthnBuilder,
};
use webauthn_rs_proto::ResidentKeyRequirement;

/// A ceremony is finished within five minutes or not at all.
pub const CEREMONY_SECONDS: i64 = 5 * 60;
/// Enough for every device a person owns, and a bound on the list.
const MAX_PASSKEYS: i64 = 20;
const MAX_NAME_CHARS: usize = 64;

/// The relying party, when `PUBLIC_URL` can be one: browsers allow
/// WebAuthn only on a domain name (an IP address cannot be an RP id).
pub fn relying_party(public_url: &Url, name: &str) -> Option<Webauthn> {
    let rp_id = public_url.domain()?;
    WebauthnBuilder::new(rp_id, public_url)
        .ok()?
        .rp_name(name)
        .timeout(std::time::Duration::from_secs(CEREMONY_SECONDS as u64))
        .build()
        .ok()
}

#[derive(Clone)]
pub struct PasskeyService {
    db: Db,
    /// `None` when `PUBLIC_URL` is not on a domain name.
    webauthn: Option<Arc<Webauthn>>,
    admission: Admission,
    lockout: Lockout,
    limit: CredentialLimit,
    /// Passkey sign-ins begun per client: the sign-in page begins one on
    /// every visit (for autofill), so these are not taken from `limit`,
    /// which counts answers checked.
    ceremony_limit: CredentialLimit,
    mailed: MailedTokens,
    clock: Clock,
}

/// What `PasskeyService` is built from.
pub struct PasskeyParts {
    pub db: Db,
    pub webauthn: Option<Webauthn>,
    pub admission: Admission,
    pub lockout: Lockout,
    pub limit: CredentialLimit,
    pub ceremony_limit: CredentialLimit,
    pub mailed: MailedTokens,
    pub clock: Clock,
}

/// Why a ceremony's response was refused. Only the client's own mistakes
/// are told apart; what the library found wrong is logged, not shown.
fn refused_response(error: impl std::fmt::Display) -> AuthError {
    tracing::info!(%error, "a passkey response was refused");
    AuthError::PasskeyRefused
}

impl PasskeyService {
    pub fn new(parts: PasskeyParts) -> Self {
        Self {
            db: parts.db,
            webauthn: parts.webauthn.map(Arc::new),
            admission: parts.admission,
            lockout: parts.lockout,
            limit: parts.limit,
            ceremony_limit: parts.ceremony_limit,
            mailed: parts.mailed,
            clock: parts.clock,
        }
    }

    fn webauthn(&self) -> Result<&Webauthn, AuthError> {
        self.webauthn
            .as_deref()
            .ok_or(AuthError::PasskeysUnavailable)
    }

    /// Keeps `state` for the ceremony `purpose` for five minutes: under a
    /// new random id (answered), or under a second step's challenge.
    async fn open_ceremony(
        &self,
        purpose: &'static str,
        user_id: Option<&str>,
        state: &impl serde::Serialize,
        second_step_of: Option<&str>,
    ) -> Result<String, AuthError> {
        let now = self.clock.now();
        let token = crypto::random_token(32);
        let id_hash = match second_step_of {
            Some(challenge) => second_step_key(challenge),
            None => crypto::sha256_hex(&token),
        };
        let state =
            serde_json::to_string(state).context("a ceremony state that won't serialise")?;
        passkey_ceremonies::insert(
            self.db.writer(),
            &NewCeremony {
                id_hash: &id_hash,
                purpose,
                user_id,
                state: &state,
                now,
                expires_at: now + CEREMONY_SECONDS,
            },
        )
        .await?;
        Ok(token)
    }

    /// Ends the ceremony stored under `id_hash` and gives its state back,
    /// once, while it is open.
    async fn take_ceremony<T: serde::de::DeserializeOwned>(
        &self,
        id_hash: &str,
        purpose: &'static str,
        user_id: Option<&str>,
    ) -> Result<T, AuthError> {
        let state = passkey_ceremonies::take(
            self.db.writer(),
            id_hash,
            purpose,
            user_id,
            self.clock.now(),
        )
        .await?
        .ok_or(AuthError::PasskeyCeremonyOver)?;
        Ok(serde_json::from_str(&state).context("a ceremony state that won't read back")?)
    }

    async fn begin_registration(&self, user_id: &str) -> Result<PasskeyCeremony, AuthError> {
        let webauthn = self.webauthn()?;
        let user = super::active_user(&self.db, user_id).await?;
        let existing = passkeys::of_user(&self.db.pool, user_id).await?;
        if existing.len() as i64 >= MAX_PASSKEYS {
            return Err(AuthError::invalid(
                "passkey",
                say_with(
                    "problem-too-many-passkeys",
                    [("count", MAX_PASSKEYS.into())],
                ),
            ));
        }
        // The authenticator refuses to make a second passkey for this
        // account where it already holds one.
        let exclude = existing
            .iter()
            .filter_map(|record| stored_passkey(record).ok())
            .map(|passkey| passkey.cred_id().clone())
            .collect::<Vec<_>>();
        let handle = user_handle(&user.id)?;
        let display_name = format!("{} {}", user.first_name, user.last_name);
        let (mut options, state) = webauthn
            .start_passkey_registration(handle, &user.email, display_name.trim(), Some(exclude))
            .map_err(|error| anyhow::anyhow!("could not start a registration: {error}"))?;
        // Discoverable: the passkey names its account, so signing in needs
        // no address typed first.
        if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
            selection.resident_key = Some(ResidentKeyRequirement::Required);
            selection.require_resident_key = true;
        }
        let token = self
            .open_ceremony(passkey_ceremonies::REGISTER, Some(user_id), &state, None)
            .await?;
        Ok(PasskeyCeremony {
            options: options_json(&options)?,
            token,
        })
    }

    async fn finish_registration(
        &self,
        user_id: &str,
        ceremony: &str,
        name: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<PasskeyView, AuthError> {
        let name = passkey_name(name)?;
        let response: RegisterPublicKeyCredential = parse_response(response)?;
        let state: PasskeyRegistration = self
            .take_ceremony(
                &token_key(ceremony)?,
                passkey_ceremonies::REGISTER,
                Some(user_id),
            )
            .await?;
        let user = super::active_user(&self.db, user_id).await?;
        let passkey = self
            .webauthn()?
            .finish_passkey_registration(&response, &state)
            .map_err(refused_response)?;
        let aaguid = registration_aaguid(&response);
        let now = self.clock.now();
        let id = Uuid::new_v4().to_string();
        let name = name.unwrap_or_else(|| {
            aaguid
                .as_deref()
                .and_then(authenticators::name)
                .unwrap_or("Passkey")
                .to_string()
        });
        let credential =
            serde_json::to_string(&passkey).context("a passkey that won't serialise")?;
        let mut tx = self.db.begin().await?;
        // Registrations finishing at once count one after another.
        self.db
            .take_turn(&mut tx, &format!("passkeys:{user_id}"))
            .await?;
        if passkeys::count_of_user(&mut *tx, user_id).await? >= MAX_PASSKEYS {
            return Err(AuthError::invalid(
                "passkey",
                say_with(
                    "problem-too-many-passkeys",
                    [("count", MAX_PASSKEYS.into())],
                ),
            ));
        }
        let inserted = passkeys::insert(
            &mut *tx,
            &NewPasskey {
                id: &id,
                user_id,
                credential_id: &credential_id(&passkey),
                name: &name,
                credential: &credential,
                aaguid: aaguid.as_deref(),
                now,
            },
        )
        .await?;
        if !inserted {
            return Err(AuthError::invalid(
                "passkey",
                say("problem-passkey-registered"),
            ));
        }
        self.record_and_notify(
            &mut tx,
            &user,
            (AuditAction::PasskeyAdded, Some(&name)),
            &Phrase::new("mail-passkey-added").with("name", name.clone()),
            client,
        )
        .await?;
        tx.commit().await?;
        self.mailed.wake();
        let record = passkeys::find_by_credential_id(&self.db.pool, &credential_id(&passkey))
            .await?
            .context("a passkey vanished as it was added")?;
        Ok(view(record))
    }

    async fn rename(
        &self,
        user_id: &str,
        id: &str,
        name: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let name = passkey_name(name)?
            .ok_or_else(|| AuthError::invalid("name", say("problem-name-missing")))?;
        let mut tx = self.db.begin().await?;
        if !passkeys::rename(&mut *tx, user_id, id, &name).await? {
            return Err(AuthError::NotFound);
        }
        let event = audit::event(
            Some(user_id),
            AuditAction::PasskeyRenamed,
            client,
            true,
            Some(&name),
            self.clock.now(),
        );
        audit::record(&mut *tx, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The owner removes one of their passkeys (an admin's removal is an
    /// admin action, `admin`): audited and mailed.
    async fn remove(&self, user_id: &str, id: &str, client: &ClientMeta) -> Result<(), AuthError> {
        let user = super::active_user(&self.db, user_id).await?;
        let mut tx = self.db.begin().await?;
        let Some(name) = passkeys::remove(&mut *tx, user_id, id).await? else {
            return Err(AuthError::NotFound);
        };
        self.record_and_notify(
            &mut tx,
            &user,
            (AuditAction::PasskeyRemoved, Some(&name)),
            &Phrase::new("mail-passkey-removed").with("name", name.clone()),
            client,
        )
        .await?;
        tx.commit().await?;
        self.mailed.wake();
        Ok(())
    }

    async fn record_and_notify(
        &self,
        tx: &mut Transaction<'_, Any>,
        user: &UserRecord,
        (action, reason): (AuditAction, Option<&str>),
        change: &Phrase,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let notice = (Letterhead::passkeys_changed as ChangeNotice, change);
        let now = self.clock.now();
        super::record_and_notify(
            tx,
            &self.mailed,
            user,
            (action, reason),
            notice,
            client,
            now,
        )
        .await
    }

    async fn begin_sign_in(&self, client: &ClientMeta) -> Result<PasskeyCeremony, AuthError> {
        // Each ceremony is a row: the budget keeps a flood from filling the table.
        self.ceremony_limit.check(client).await?;
        let (options, state) = self
            .webauthn()?
            .start_discoverable_authentication()
            .map_err(|error| anyhow::anyhow!("could not start a sign-in: {error}"))?;
        let token = self
            .open_ceremony(passkey_ceremonies::SIGN_IN, None, &state, None)
            .await?;
        Ok(PasskeyCeremony {
            options: options_json(&options)?,
            token,
        })
    }

    /// The passkey names its account; the account's lockout counts a bad
    /// assertion like a wrong password, and a locked account is refused
    /// before anything is checked. A good one goes to the admission step.
    async fn finish_sign_in(
        &self,
        ceremony: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<Admitted, AuthError> {
        self.limit.check(client).await?;
        let response: PublicKeyCredential = parse_response(response)?;
        let state: DiscoverableAuthentication = self
            .take_ceremony(&token_key(ceremony)?, passkey_ceremonies::SIGN_IN, None)
            .await?;
        let webauthn = self.webauthn()?;
        let (handle, raw_id) = webauthn
            .identify_discoverable_authentication(&response)
            .map_err(refused_response)?;
        let record =
            passkeys::find_by_credential_id(&self.db.pool, &URL_SAFE_NO_PAD.encode(raw_id))
                .await?
                .filter(|record| Uuid::parse_str(&record.user_id).ok() == Some(handle))
                .ok_or(AuthError::UnknownPasskey)?;
        let user = users::find_by_id(&self.db.pool, &record.user_id)
            .await?
            .ok_or(AuthError::UnknownPasskey)?;
        let attempt = self
            .lockout
            .take_attempt(Some(&user), &user.email, AuditAction::PasskeySignIn, client)
            .await?;
        let stored = stored_passkey(&record)?;
        let checked = webauthn.finish_discoverable_authentication_v2(&response, state, &stored);
        let mut tx = self.admission.begin().await?;
        let used = match checked {
            Ok(result) if result.user_verified() => {
                self.record_use(&mut tx, &record, stored, &result).await?
            }
            _ => false,
        };
        if !used {
            tx.rollback().await?;
            return Err(self
                .refused(attempt, &user, AuditAction::PasskeySignIn, client)
                .await?);
        }
        let admitted = self
            .admission
            .admit(tx, &user.id, FirstFactor::Passkey, client)
            .await;
        attempt.ended_by(&admitted);
        Ok(admitted?)
    }

    /// An assertion that did not verify counts against the account's
    /// lockout like a wrong password: what to answer.
    async fn refused(
        &self,
        attempt: Attempt,
        user: &UserRecord,
        action: AuditAction,
        client: &ClientMeta,
    ) -> Result<AuthError, AuthError> {
        let refusal = self
            .lockout
            .failed(attempt, Some(user), &user.email, action, client)
            .await?;
        Ok(match refusal {
            AuthError::InvalidCredentials => AuthError::PasskeyRefused,
            other => other,
        })
    }

    /// Stores the passkey's new counter in `tx`: `false` when another
    /// sign-in with it got there first, or the library saw a counter that
    /// went backwards (a cloned authenticator).
    async fn record_use(
        &self,
        tx: &mut Transaction<'_, Any>,
        record: &PasskeyRecord,
        mut passkey: Passkey,
        result: &webauthn_rs::prelude::AuthenticationResult,
    ) -> Result<bool, AuthError> {
        passkey.update_credential(result);
        let credential =
            serde_json::to_string(&passkey).context("a passkey that won't serialise")?;
        Ok(passkeys::record_use(
            &mut **tx,
            &record.id,
            &record.credential,
            &credential,
            self.clock.now(),
        )
        .await?)
    }

    /// Options naming the account's passkeys, for the second step of the
    /// sign-in `challenge` stands for; its ceremony is keyed by the
    /// challenge, so asking again replaces it.
    async fn begin_second_step(
        &self,
        challenge: &str,
        client: &ClientMeta,
    ) -> Result<String, AuthError> {
        self.limit.check(client).await?;
        let (_, _, user) = open_challenge(&self.db, challenge, self.clock.now()).await?;
        let user_id = user.id;
        let (options, state) = self
            .own_passkeys(&user_id, "method", "problem-no-passkey-second-step")
            .await?;
        self.open_ceremony(
            passkey_ceremonies::SECOND_STEP,
            Some(&user_id),
            &state,
            Some(challenge),
        )
        .await?;
        options_json(&options)
    }

    async fn finish_second_step(
        &self,
        challenge: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<Admitted, AuthError> {
        self.limit.check(client).await?;
        let response: PublicKeyCredential = parse_response(response)?;
        let (challenge_hash, open, user) =
            open_challenge(&self.db, challenge, self.clock.now()).await?;
        let first = SignInMethod::parse(&open.first_factor)
            .ok_or_else(|| anyhow::anyhow!("a challenge with an unknown first factor"))?;
        let state: PasskeyAuthentication = self
            .take_ceremony(
                &second_step_key(challenge),
                passkey_ceremonies::SECOND_STEP,
                Some(&user.id),
            )
            .await?;
        let attempt = self
            .lockout
            .take_attempt(Some(&user), &user.email, AuditAction::SecondStep, client)
            .await?;
        let mut tx = self.admission.begin().await?;
        if !self
            .use_own_passkey(&mut tx, &user, &state, &response)
            .await?
        {
            tx.rollback().await?;
            return Err(self
                .refused(attempt, &user, AuditAction::SecondStep, client)
                .await?);
        }
        let step = PassedStep {
            challenge_hash: &challenge_hash,
            first,
            factor: "passkey",
            amr: "hwk",
        };
        let admitted = self
            .admission
            .admit_second_step(tx, &user.id, step, client)
            .await;
        attempt.ended_by(&admitted);
        Ok(admitted?)
    }

    /// Options that ask for one of `user_id`'s own passkeys, and the state
    /// that checks the answer; a validation error on `field` (the message
    /// `no_passkey`, which says what to do instead) when the account has none.
    async fn own_passkeys(
        &self,
        user_id: &str,
        field: &str,
        no_passkey: &str,
    ) -> Result<(RequestChallengeResponse, PasskeyAuthentication), AuthError> {
        let keys = passkeys::of_user(&self.db.pool, user_id)
            .await?
            .iter()
            .filter_map(|record| stored_passkey(record).ok())
            .collect::<Vec<_>>();
        if keys.is_empty() {
            return Err(AuthError::invalid(field, say(no_passkey)));
        }
        Ok(self
            .webauthn()?
            .start_passkey_authentication(&keys)
            .map_err(|error| anyhow::anyhow!("could not ask for a passkey: {error}"))?)
    }

    /// Checks an answer to `own_passkeys`' options and stores the passkey's
    /// new counter in `tx`: `false` when it is not one of `user`'s passkeys
    /// or does not verify.
    async fn use_own_passkey(
        &self,
        tx: &mut Transaction<'_, Any>,
        user: &UserRecord,
        state: &PasskeyAuthentication,
        response: &PublicKeyCredential,
    ) -> Result<bool, AuthError> {
        let record = passkeys::find_by_credential_id(
            &self.db.pool,
            &URL_SAFE_NO_PAD.encode(response.get_credential_id()),
        )
        .await?
        .filter(|record| record.user_id == user.id);
        let Some(record) = record else {
            return Ok(false);
        };
        match self
            .webauthn()?
            .finish_passkey_authentication(response, state)
        {
            Ok(result) => {
                let stored = stored_passkey(&record)?;
                self.record_use(tx, &record, stored, &result).await
            }
            Err(error) => {
                tracing::info!(%error, "a passkey was refused");
                Ok(false)
            }
        }
    }

    async fn begin_confirmation(&self, user_id: &str) -> Result<PasskeyCeremony, AuthError> {
        super::active_user(&self.db, user_id).await?;
        let (options, state) = self
            .own_passkeys(user_id, "passkey", "problem-no-passkey-confirm")
            .await?;
        let token = self
            .open_ceremony(passkey_ceremonies::CONFIRM, Some(user_id), &state, None)
            .await?;
        Ok(PasskeyCeremony {
            options: options_json(&options)?,
            token,
        })
    }

    /// A signed-in user confirms it's them with one of their passkeys,
    /// counted by the lockout like a password.
    async fn confirm(
        &self,
        user_id: &str,
        ceremony: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        self.limit.check(client).await?;
        let response: PublicKeyCredential = parse_response(response)?;
        let state: PasskeyAuthentication = self
            .take_ceremony(
                &token_key(ceremony)?,
                passkey_ceremonies::CONFIRM,
                Some(user_id),
            )
            .await?;
        let user = super::active_user(&self.db, user_id).await?;
        let attempt = self
            .lockout
            .take_attempt(
                Some(&user),
                &user.email,
                AuditAction::Reauthentication,
                client,
            )
            .await?;
        let mut tx = self.db.begin().await?;
        if !self
            .use_own_passkey(&mut tx, &user, &state, &response)
            .await?
        {
            tx.rollback().await?;
            return Err(self
                .refused(attempt, &user, AuditAction::PasskeySignIn, client)
                .await?);
        }
        let event = audit::event(
            Some(user_id),
            AuditAction::Reauthentication,
            client,
            true,
            Some("passkey"),
            self.clock.now(),
        );
        audit::record(&mut *tx, &event).await?;
        tx.commit().await?;
        self.lockout.passed(attempt, &user).await
    }

    pub async fn list(&self, user_id: &str) -> Result<Vec<PasskeyView>, AuthError> {
        Ok(passkeys::of_user(&self.db.pool, user_id)
            .await?
            .into_iter()
            .map(view)
            .collect())
    }
}

/// A second step's ceremony is keyed by its challenge (already checked to
/// be token-shaped), apart from the challenge's own row.
fn second_step_key(challenge: &str) -> String {
    crypto::sha256_hex(&format!("{challenge}.passkey"))
}

/// The key of the ceremony a client's token stands for; anything that is
/// not one of our tokens stands for none.
fn token_key(token: &str) -> Result<String, AuthError> {
    if !crypto::is_token_shaped(token, 43) {
        return Err(AuthError::PasskeyCeremonyOver);
    }
    Ok(crypto::sha256_hex(token))
}

/// The account's WebAuthn user handle: its id, which is a UUID and says
/// nothing about the person.
fn user_handle(user_id: &str) -> Result<Uuid, AuthError> {
    Ok(Uuid::parse_str(user_id).context("an account id that is not a UUID")?)
}

fn credential_id(passkey: &Passkey) -> String {
    URL_SAFE_NO_PAD.encode(passkey.cred_id().as_slice())
}

fn stored_passkey(record: &PasskeyRecord) -> Result<Passkey, AuthError> {
    Ok(serde_json::from_str(&record.credential).context("a stored passkey that won't read")?)
}

fn options_json(options: &impl serde::Serialize) -> Result<String, AuthError> {
    Ok(serde_json::to_string(options).context("ceremony options that won't serialise")?)
}

/// The browser's `PublicKeyCredential` as JSON, or a validation error
/// naming the field: never the parser's words.
fn parse_response<T: serde::de::DeserializeOwned>(response: &str) -> Result<T, AuthError> {
    if response.len() > 64 * 1024 {
        return Err(AuthError::invalid(
            "credential",
            say("problem-passkey-answer-long"),
        ));
    }
    serde_json::from_str(response)
        .map_err(|_| AuthError::invalid("credential", say("problem-passkey-answer-invalid")))
}

/// A name as typed: trimmed, at most 64 characters, no control characters;
/// `None` when left empty.
fn passkey_name(typed: &str) -> Result<Option<String>, AuthError> {
    let name = typed.trim();
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AuthError::invalid(
            "name",
            say_with(
                "problem-passkey-name-long",
                [("count", MAX_NAME_CHARS.into())],
            ),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AuthError::invalid(
            "name",
            say("problem-passkey-name-characters"),
        ));
    }
    Ok(Some(name.to_string()))
}

/// The authenticator's model, from the registration's attestation object.
fn registration_aaguid(response: &RegisterPublicKeyCredential) -> Option<String> {
    let object: serde_cbor_2::Value =
        serde_cbor_2::from_slice(response.response.attestation_object.as_ref()).ok()?;
    let serde_cbor_2::Value::Map(entries) = object else {
        return None;
    };
    entries.iter().find_map(|(key, value)| match (key, value) {
        (serde_cbor_2::Value::Text(key), serde_cbor_2::Value::Bytes(data)) if key == "authData" => {
            authenticators::aaguid_of(data)
        }
        _ => None,
    })
}

/// A passkey as its owner (or an admin) sees it listed.
pub fn view(record: PasskeyRecord) -> PasskeyView {
    let synced = serde_json::from_str::<serde_json::Value>(&record.credential)
        .ok()
        .and_then(|credential| credential["cred"]["backup_eligible"].as_bool())
        .unwrap_or(false);
    PasskeyView {
        authenticator: record
            .aaguid
            .as_deref()
            .and_then(authenticators::name)
            .map(str::to_string),
        id: record.id,
        name: record.name,
        created_at: rfc3339(record.created_at),
        last_used_at: record.last_used_at.map(rfc3339),
        synced,
    }
}

#[async_trait]
impl ports::Passkeys for PasskeyService {
    async fn passkeys(&self, user_id: &UserId) -> Result<Vec<PasskeyView>, AppError> {
        Ok(self.list(user_id).await?)
    }

    async fn begin_registration(&self, recent: &RecentSignIn) -> Result<PasskeyCeremony, AppError> {
        Ok(PasskeyService::begin_registration(self, recent.user_id()).await?)
    }

    async fn finish_registration(
        &self,
        recent: &RecentSignIn,
        ceremony: &str,
        name: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<PasskeyView, AppError> {
        Ok(PasskeyService::finish_registration(
            self,
            recent.user_id(),
            ceremony,
            name,
            response,
            client,
        )
        .await?)
    }

    async fn rename(
        &self,
        user_id: &UserId,
        id: &str,
        name: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(PasskeyService::rename(self, user_id, id, name, client).await?)
    }

    async fn remove(
        &self,
        recent: &RecentSignIn,
        id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(PasskeyService::remove(self, recent.user_id(), id, client).await?)
    }

    async fn begin_sign_in(&self, client: &ClientMeta) -> Result<PasskeyCeremony, AppError> {
        Ok(PasskeyService::begin_sign_in(self, client).await?)
    }

    async fn finish_sign_in(
        &self,
        ceremony: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError> {
        Ok(
            PasskeyService::finish_sign_in(self, ceremony, response, client)
                .await?
                .into(),
        )
    }

    async fn begin_confirmation(&self, user_id: &UserId) -> Result<PasskeyCeremony, AppError> {
        Ok(PasskeyService::begin_confirmation(self, user_id).await?)
    }

    async fn confirm(
        &self,
        user_id: &UserId,
        ceremony: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(PasskeyService::confirm(self, user_id, ceremony, response, client).await?)
    }

    async fn begin_second_step(
        &self,
        challenge: &str,
        client: &ClientMeta,
    ) -> Result<String, AppError> {
        Ok(PasskeyService::begin_second_step(self, challenge, client).await?)
    }

    async fn finish_second_step(
        &self,
        challenge: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError> {
        Ok(
            PasskeyService::finish_second_step(self, challenge, response, client)
                .await?
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relying_party_is_the_public_urls_domain_and_an_ip_address_cannot_be_one() {
        let domain = Url::parse("https://id.example.com").unwrap();
        assert!(relying_party(&domain, "Portcullis").is_some());
        let local = Url::parse("http://localhost:3000").unwrap();
        assert!(relying_party(&local, "Portcullis").is_some());
        let ip = Url::parse("http://127.0.0.1:3000").unwrap();
        assert!(relying_party(&ip, "Portcullis").is_none());
    }

    #[test]
    fn a_name_is_trimmed_bounded_and_printable() {
        assert_eq!(
            passkey_name("  Laptop  ").unwrap().as_deref(),
            Some("Laptop")
        );
        assert_eq!(passkey_name("   ").unwrap(), None);
        assert!(passkey_name(&"x".repeat(65)).is_err());
        assert!(passkey_name("a\u{7}b").is_err());
    }
}
