//! The second step of a sign-in: the challenge the first factor opened is
//! passed with a code from the app, a mailed code or a recovery code.
//! Every try is taken from the account's lockout before the code is
//! checked, so a stolen password does not buy unlimited guesses.

use super::{AppSecret, EMAIL_CODE_MINUTES, EMAIL_CODE_PURPOSE, TRUSTED_BROWSER_SECONDS, TwoStep};
use crate::{
    crypto,
    identity::{
        AuthError,
        admission::{Admitted, PassedStep},
        mailed_tokens::{CodeCheck, MAX_CODE_ATTEMPTS, code_limit},
    },
    mail::templates::{self, Phrase},
    storage::{
        Db, audit, email_tokens, recovery_codes, second_factors, sign_in_challenges,
        sign_in_challenges::Challenge,
        trusted_browsers::{self, NewTrustedBrowser},
        users::{self, UserRecord},
    },
};
use app::error::say;
use app::{
    error::AppError,
    model::{SecondStepView, SignInOutcome},
    ports::{ClientMeta, SecondFactorProof, SecondStep},
    vocabulary::{AuditAction, SecondStepMethod, SignInMethod, UserId},
};
use async_trait::async_trait;
use sqlx::{Any, Transaction};

/// Which factor passed a second step, as the audit log names it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Passed {
    App,
    EmailCode,
    RecoveryCode,
}

/// What a typed code may be, before it is used up.
enum Candidate {
    /// The app's code for this time step.
    AppStep(i64),
    /// The live mailed code of this id.
    MailedCode(String),
    /// A recovery code's hash.
    Recovery(String),
    Nothing,
}

impl Passed {
    fn as_str(self) -> &'static str {
        match self {
            Passed::App => "app",
            Passed::EmailCode => "email_code",
            Passed::RecoveryCode => "recovery_code",
        }
    }
}

impl TwoStep {
    async fn open_challenge(
        &self,
        token: &str,
    ) -> Result<(String, Challenge, UserRecord), AuthError> {
        open_challenge(&self.db, token, self.clock.now()).await
    }

    async fn methods(&self, user_id: &str) -> Result<Vec<SecondStepMethod>, AuthError> {
        let mut connection = self.db.pool.acquire().await?;
        Ok(crate::identity::admission::second_step_methods(&mut connection, user_id).await?)
    }

    async fn send_code(&self, token: &str, client: &ClientMeta) -> Result<(), AuthError> {
        self.limit.check(client).await?;
        let (_, _, user) = self.open_challenge(token).await?;
        if !self
            .methods(&user.id)
            .await?
            .contains(&SecondStepMethod::Email)
        {
            return Err(AuthError::invalid("method", say("problem-no-email-codes")));
        }
        self.mailed
            .limit_requests(
                &user.email,
                code_limit(EMAIL_CODE_PURPOSE),
                (Some(&user.id), AuditAction::SecondStepCodeRequest),
                client,
            )
            .await?;
        self.mailed
            .mail_code(
                &user.id,
                &user.email,
                EMAIL_CODE_PURPOSE,
                EMAIL_CODE_MINUTES,
                AuditAction::SecondStepCodeRequest,
                client,
                |code| {
                    templates::action_code(
                        &self.mailed.letterhead().to(&user),
                        (code, EMAIL_CODE_MINUTES),
                        "mail-action-second-step",
                        "second_step_code",
                    )
                },
            )
            .await
    }

    async fn verify(
        &self,
        token: &str,
        proof: SecondFactorProof,
        client: &ClientMeta,
    ) -> Result<Admitted, AuthError> {
        self.limit.check(client).await?;
        let (hash, challenge, user) = self.open_challenge(token).await?;
        let first = SignInMethod::parse(&challenge.first_factor)
            .ok_or_else(|| anyhow::anyhow!("a challenge with an unknown first factor"))?;
        let attempt = self
            .lockout
            .take_attempt(Some(&user), &user.email, AuditAction::SecondStep, client)
            .await?;
        let now = self.clock.now();
        // What the proof could be is worked out before the transaction (a
        // mailed code's check counts its own tries); it is spent inside it.
        let candidate = match &proof {
            SecondFactorProof::Code(code) => self.candidate(&user, code, now).await?,
            SecondFactorProof::RecoveryCode(code) => self
                .recovery
                .hash_typed(&user.id, code)
                .map_or(Candidate::Nothing, Candidate::Recovery),
        };
        let mut tx = self.admission.begin().await?;
        let passed = self.spend(&mut tx, &user.id, candidate, now).await?;
        let Some(passed) = passed else {
            tx.rollback().await?;
            let refusal = self
                .lockout
                .failed(
                    attempt,
                    Some(&user),
                    &user.email,
                    AuditAction::SecondStep,
                    client,
                )
                .await?;
            return Err(match refusal {
                AuthError::InvalidCredentials => AuthError::WrongSecondFactor,
                other => other,
            });
        };
        if passed == Passed::RecoveryCode {
            let left = recovery_codes::unused(&mut *tx, &user.id).await?;
            let change = Phrase::new("mail-recovery-code-used").with("left", left);
            self.record_and_notify(
                &mut tx,
                &user,
                (AuditAction::RecoveryCodeUsed, Some(&format!("{left} left"))),
                &change,
                client,
            )
            .await?;
        }
        let step = PassedStep {
            challenge_hash: &hash,
            first,
            factor: passed.as_str(),
            amr: "otp",
        };
        let admitted = self
            .admission
            .admit_second_step(tx, &user.id, step, client)
            .await;
        attempt.ended_by(&admitted);
        if passed == Passed::RecoveryCode {
            self.mailed.wake();
        }
        Ok(admitted?)
    }

    /// Six digits: the app's code (for a step it matches), or else the
    /// mailed code of this account.
    async fn candidate(
        &self,
        user: &UserRecord,
        typed: &str,
        now: i64,
    ) -> Result<Candidate, AuthError> {
        let code: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let factors = second_factors::of_user(&self.db.pool, &user.id).await?;
        let confirmed = |kind: &str| factors.iter().find(|f| f.kind == kind && f.is_confirmed());
        if let Some(sealed) =
            confirmed(second_factors::APP).and_then(|f| f.sealed_secret.as_deref())
        {
            let secret = AppSecret::open(&self.sealer, &user.id, sealed)
                .ok_or_else(|| anyhow::anyhow!("an app secret that does not open"))?;
            if let Some(step) = secret.matching_step(&code, now) {
                return Ok(Candidate::AppStep(step));
            }
        }
        if confirmed(second_factors::EMAIL).is_none() {
            return Ok(Candidate::Nothing);
        }
        Ok(
            match self
                .mailed
                .check_code(EMAIL_CODE_PURPOSE, &user.email, &code, now)
                .await?
            {
                CodeCheck::Accepted { token_id, user_id } if user_id == user.id => {
                    Candidate::MailedCode(token_id)
                }
                _ => Candidate::Nothing,
            },
        )
    }

    /// Uses the proof up in `tx`: `None` when it was used already (an app
    /// code of a step no newer than the last used, a used recovery code).
    async fn spend(
        &self,
        tx: &mut Transaction<'_, Any>,
        user_id: &str,
        candidate: Candidate,
        now: i64,
    ) -> Result<Option<Passed>, AuthError> {
        Ok(match candidate {
            Candidate::AppStep(step) => second_factors::use_app_step(&mut **tx, user_id, step)
                .await?
                .then_some(Passed::App),
            Candidate::MailedCode(token_id) => {
                email_tokens::consume_code(tx, &token_id, MAX_CODE_ATTEMPTS, now)
                    .await?
                    .then_some(Passed::EmailCode)
            }
            Candidate::Recovery(hash) => recovery_codes::use_code(&mut **tx, user_id, &hash, now)
                .await?
                .then_some(Passed::RecoveryCode),
            Candidate::Nothing => None,
        })
    }

    /// A signed-in user confirms it's them with the app's code or a
    /// recovery code, instead of the password. Counted by the lockout like
    /// a password; the code is used up.
    pub async fn confirm_identity(
        &self,
        user: &UserRecord,
        typed: &str,
        action: AuditAction,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        if !user.has_second_factor {
            return Err(AuthError::invalid(
                "second_factor",
                say("problem-no-two-step"),
            ));
        }
        let attempt = self
            .lockout
            .take_attempt(Some(user), &user.email, action, client)
            .await?;
        let now = self.clock.now();
        let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let candidate = if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
            match self.candidate(user, &compact, now).await? {
                // A code mailed for a sign-in's second step is not this one.
                Candidate::MailedCode(_) => Candidate::Nothing,
                candidate => candidate,
            }
        } else {
            self.recovery
                .hash_typed(&user.id, &compact)
                .map_or(Candidate::Nothing, Candidate::Recovery)
        };
        let by_recovery_code = matches!(candidate, Candidate::Recovery(_));
        let mut tx = self.db.begin().await?;
        let passed = self
            .spend(&mut tx, &user.id, candidate, now)
            .await?
            .is_some();
        if !passed {
            tx.rollback().await?;
            let refusal = self
                .lockout
                .failed(attempt, Some(user), &user.email, action, client)
                .await?;
            return Err(match refusal {
                AuthError::InvalidCredentials => {
                    AuthError::invalid("second_factor", say("problem-code-wrong-or-used"))
                }
                other => other,
            });
        }
        if by_recovery_code {
            let left = recovery_codes::unused(&mut *tx, &user.id).await?;
            self.record_and_notify(
                &mut tx,
                user,
                (AuditAction::RecoveryCodeUsed, Some(&format!("{left} left"))),
                &Phrase::new("mail-recovery-code-confirmed").with("left", left),
                client,
            )
            .await?;
        }
        tx.commit().await?;
        self.mailed.wake();
        self.lockout.passed(attempt, user).await
    }

    async fn trust(&self, user_id: &str, client: &ClientMeta) -> Result<String, AuthError> {
        let now = self.clock.now();
        let token = crypto::random_token(32);
        let id = uuid::Uuid::new_v4().to_string();
        let mut tx = self.db.begin().await?;
        trusted_browsers::insert(
            &mut *tx,
            &NewTrustedBrowser {
                id: &id,
                user_id,
                token_hash: &crypto::sha256_hex(&token),
                now,
                expires_at: now + TRUSTED_BROWSER_SECONDS,
                ip: client.ip.as_deref(),
                user_agent: client.user_agent.as_deref(),
            },
        )
        .await?;
        audit::record(
            &mut *tx,
            &audit::succeeded(user_id, AuditAction::TrustedBrowserAdded, client, now),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }
}

/// The open sign-in challenge a token (the session's, or the API's
/// `mfaToken`) stands for: its hash, the challenge, and its account.
/// `SIGN_IN_EXPIRED` for anything else.
pub(crate) async fn open_challenge(
    db: &Db,
    token: &str,
    now: i64,
) -> Result<(String, Challenge, UserRecord), AuthError> {
    if !crypto::is_token_shaped(token, 43) {
        return Err(AuthError::SignInExpired);
    }
    let hash = crypto::sha256_hex(token);
    let challenge = sign_in_challenges::find_open(&db.pool, &hash, now)
        .await?
        .ok_or(AuthError::SignInExpired)?;
    let user = users::find_by_id(&db.pool, &challenge.user_id)
        .await?
        .ok_or(AuthError::SignInExpired)?;
    Ok((hash, challenge, user))
}

/// "a•••@example.com": enough to recognise one's own address.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_string(),
    }
}

#[async_trait]
impl SecondStep for TwoStep {
    async fn pending(&self, challenge: &str) -> Result<SecondStepView, AppError> {
        let (_, _, user) = self.open_challenge(challenge).await?;
        Ok(SecondStepView {
            methods: self.methods(&user.id).await?,
            masked_email: masked(&user.email),
        })
    }

    async fn send_email_code(&self, challenge: &str, client: &ClientMeta) -> Result<(), AppError> {
        Ok(self.send_code(challenge, client).await?)
    }

    async fn verify(
        &self,
        challenge: &str,
        proof: SecondFactorProof,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError> {
        Ok(TwoStep::verify(self, challenge, proof, client)
            .await?
            .into())
    }

    async fn trust_browser(
        &self,
        user_id: &UserId,
        client: &ClientMeta,
    ) -> Result<String, AppError> {
        Ok(self.trust(user_id, client).await?)
    }
}
