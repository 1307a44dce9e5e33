//! Server functions: thin adapters between the pages and the use cases.
//! Each one has a stable endpoint under `/rpc`, apart from the JSON API.

use crate::{
    error::AppError,
    model::{GoogleStatus, UserView},
    password_rules::PasswordRules,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    guards::SecondFactorPolicy,
    model::SignInOutcome,
    navigation::{query_string, safe_next},
    ports::{LoginInput, RegisterInput},
    session::{AuthSession, client_meta, services},
};

#[server(prefix = "/rpc", endpoint = "auth/sign-up")]
pub async fn sign_up(
    email: String,
    password: String,
    first_name: String,
    last_name: String,
) -> Result<(), AppError> {
    let services = services()?;
    let client = client_meta();
    let kept = [
        ("email", email.clone()),
        ("first_name", first_name.clone()),
        ("last_name", last_name.clone()),
    ];
    let input = RegisterInput {
        email,
        password,
        first_name,
        last_name,
    };
    let user = services
        .register
        .register(input, &client)
        .await
        .map_err(|error| error.with_values(kept.iter().map(|(f, v)| (*f, v.as_str()))))?;
    AuthSession::from_request()
        .await?
        .sign_in(&user.id, user.language, &client)
        .await?;
    leptos_axum::redirect("/profile");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "auth/sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let client = client_meta();
    let typed_email = email.clone();
    let outcome = services
        .login
        .login(LoginInput { email, password }, &client)
        .await
        .map_err(|error| error.with_values([("email", typed_email.as_str())]))?;
    finish_sign_in(outcome, &client, next.as_deref()).await
}

/// Signs the browser in, asks for the second step, or offers to restore a
/// deleted account.
#[cfg(feature = "ssr")]
pub(crate) async fn finish_sign_in(
    outcome: SignInOutcome,
    client: &crate::ports::ClientMeta,
    next: Option<&str>,
) -> Result<(), AppError> {
    let session = AuthSession::from_request().await?;
    match outcome {
        SignInOutcome::SignedIn { user, .. } => {
            session.sign_in(&user.id, user.language, client).await?;
            leptos_axum::redirect(&safe_next(next));
        }
        SignInOutcome::SecondStep(challenge) => {
            session
                .await_second_step(&challenge.token, &safe_next(next))
                .await?;
            leptos_axum::redirect("/login/second-step");
        }
        SignInOutcome::PendingDeletion { user_id } => {
            session.offer_restore(&user_id).await?;
            leptos_axum::redirect("/restore-account");
        }
    }
    Ok(())
}

/// The configured password rules, for the hint next to new-password fields.
#[server(prefix = "/rpc", endpoint = "auth/password-rules")]
pub async fn configured_password_rules() -> Result<PasswordRules, AppError> {
    Ok(services()?.password_rules)
}

#[server(prefix = "/rpc", endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    if let Some(user_id) = session.user_id().await? {
        services.logout.logout(&user_id, &client_meta()).await?;
    }
    session.sign_out().await?;
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "auth/current-user")]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let Some(user_id) = session.user_id().await? else {
        return Ok(None);
    };
    let mut user = services.current_user.current_user(&user_id).await?;
    match &mut user {
        Some(user) => {
            user.must_set_up_second_factor =
                SecondFactorPolicy::asks(services.mfa_required_for_admins, user.role)
                    && !user.has_second_factor;
        }
        // The account was disabled or deleted since this session began.
        None => session.sign_out().await?,
    }
    Ok(user)
}

/// Confirms the address with the link's token, or with the address and code.
#[server(prefix = "/rpc", endpoint = "auth/verify-email")]
pub async fn verify_email(
    token: Option<String>,
    email: Option<String>,
    code: Option<String>,
) -> Result<(), AppError> {
    use crate::{error::FieldError, ports::EmailProofInput};
    let services = services()?;
    let proof = match (token.filter(|t| !t.is_empty()), email, code) {
        (Some(token), _, _) => EmailProofInput::Token(token),
        (None, Some(email), Some(code)) => EmailProofInput::Code { email, code },
        _ => {
            return Err(AppError::validation(vec![FieldError::new(
                "code",
                crate::error::say("problem-code-from-message"),
            )]));
        }
    };
    services
        .email_verification
        .verify_email(proof, &client_meta())
        .await?;
    leptos_axum::redirect("/verify-email?verified=1");
    Ok(())
}

/// Sends a new verification message to the signed-in user.
#[server(prefix = "/rpc", endpoint = "auth/resend-verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services
        .email_verification
        .resend_verification(&user_id, &client_meta())
        .await?;
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "auth/forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let services = services()?;
    let typed = email.clone();
    services
        .password_reset
        .start_reset(&email, &client_meta())
        .await
        .map_err(|error| error.with_values([("email", typed.as_str())]))?;
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

/// Keeps the language picked (in the footer or on the profile) for this
/// browser and, when someone is signed in, for their account, then goes
/// back to `back`, the page it was picked on (a path of this site only). A
/// plain form post, so the page is rendered again in that language.
#[server(prefix = "/rpc", endpoint = "language")]
pub async fn set_language(language: String, back: Option<String>) -> Result<(), AppError> {
    let services = services()?;
    let language = crate::i18n::Language::parse(&language).ok_or_else(|| {
        AppError::validation(vec![crate::error::FieldError::new(
            "language",
            crate::i18n::current().t("error-language-unknown"),
        )])
    })?;
    let session = AuthSession::from_request().await?;
    if let Some(user_id) = session.user_id().await? {
        let change = crate::ports::ProfileChange {
            language: Some(language),
            ..Default::default()
        };
        services
            .account_overview
            .update_profile(&user_id, change, &client_meta())
            .await?;
        session.set_language(language).await?;
    }
    crate::session::set_language_cookie(language, services.secure_cookies);
    let back = back.filter(|back| !back.is_empty());
    leptos_axum::redirect(&crate::navigation::safe_next(Some(
        back.as_deref().unwrap_or("/"),
    )));
    Ok(())
}

/// The address a reset link is for, or `None` when the link no longer works.
#[server(prefix = "/rpc", endpoint = "auth/reset-password/account")]
pub async fn reset_link_account(token: String) -> Result<Option<String>, AppError> {
    services()?.password_reset.link_account(&token).await
}

/// Sets a new password; the user then signs in with it.
#[server(prefix = "/rpc", endpoint = "auth/reset-password")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    let services = services()?;
    services
        .password_reset
        .reset_password(&token, &new_password, &client_meta())
        .await?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "auth/send-code")]
pub async fn send_code(email: String, next: Option<String>) -> Result<(), AppError> {
    let services = services()?;
    let typed = email.clone();
    services
        .code_sign_in
        .send_code(&email, &client_meta())
        .await
        .map_err(|error| error.with_values([("email", typed.as_str())]))?;
    let query = query_string(&[
        ("sent", "1"),
        ("email", email.trim()),
        ("next", next.as_deref().unwrap_or_default()),
    ]);
    leptos_axum::redirect(&format!("/login/code?{query}"));
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "auth/sign-in-with-code")]
pub async fn sign_in_with_code(
    email: String,
    code: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let client = client_meta();
    let outcome = services
        .code_sign_in
        .sign_in_with_code(&email, code.trim(), &client)
        .await
        .map_err(|error| error.with_values([("email", email.as_str())]))?;
    finish_sign_in(outcome, &client, next.as_deref()).await
}

/// Whether Google sign-in is on, and for a signed-in user whether it is linked.
#[server(prefix = "/rpc", endpoint = "auth/google-status")]
pub async fn google_sign_in_status() -> Result<GoogleStatus, AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.user_id().await?;
    services
        .connected_accounts
        .google_status(user_id.as_ref())
        .await
}

#[server(prefix = "/rpc", endpoint = "auth/unlink-google")]
pub async fn unlink_google() -> Result<(), AppError> {
    let services = services()?;
    let recent = AuthSession::from_request()
        .await?
        .require_recent(&services)
        .await?;
    services
        .connected_accounts
        .unlink_google(&recent, &client_meta())
        .await
}
