//! Server functions of two-step sign-in: the second step of a sign-in, and
//! the profile's "Two-step sign-in" settings (changes need a recent sign-in).

use crate::{
    error::AppError,
    model::{AppEnrolment, SecondStepView, TrustedBrowserView, TwoStepView},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    guards::SecondFactorPolicy,
    ports::SecondFactorProof,
    session::{AuthSession, client_meta, services, set_trusted_browser_cookie},
    vocabulary::SecondFactorKind,
};

/// What the waiting sign-in accepts, or `SIGN_IN_EXPIRED`.
#[server(prefix = "/rpc", endpoint = "auth/second-step")]
pub async fn second_step_status() -> Result<SecondStepView, AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let (challenge, _) = session
        .second_step()
        .await?
        .ok_or_else(AppError::sign_in_expired)?;
    services.second_step.pending(&challenge).await
}

#[server(prefix = "/rpc", endpoint = "auth/second-step/email-code")]
pub async fn send_second_step_code() -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let (challenge, _) = session
        .second_step()
        .await?
        .ok_or_else(AppError::sign_in_expired)?;
    services
        .second_step
        .send_email_code(&challenge, &client_meta())
        .await?;
    leptos_axum::redirect("/login/second-step?sent=1");
    Ok(())
}

/// Finishes the sign-in with a code (app or mailed) or a recovery code;
/// `trust` remembers this browser for 30 days.
#[server(prefix = "/rpc", endpoint = "auth/second-step/verify")]
pub async fn finish_second_step(
    code: Option<String>,
    recovery_code: Option<String>,
    trust: Option<String>,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    let services = services()?;
    let client = client_meta();
    let session = AuthSession::from_request().await?;
    let (challenge, next) = session
        .second_step()
        .await?
        .ok_or_else(AppError::sign_in_expired)?;
    let by_recovery_code = recovery_code
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty());
    let proof = match (code.filter(|c| !c.trim().is_empty()), recovery_code) {
        (Some(code), _) => SecondFactorProof::Code(code),
        (None, Some(code)) if by_recovery_code => SecondFactorProof::RecoveryCode(code),
        _ => {
            let field = if by_recovery_code {
                "recovery_code"
            } else {
                "code"
            };
            return Err(AppError::validation(vec![FieldError::new(
                field,
                crate::error::say("problem-code-missing"),
            )]));
        }
    };
    let outcome = services
        .second_step
        .verify(&challenge, proof, &client)
        .await
        .map_err(|mut error| {
            if by_recovery_code {
                for detail in &mut error.details {
                    detail.field = "recovery_code".into();
                }
            }
            error
        })?;
    let signed_in = finish_passed_step(outcome, &client, &next, trust.is_some()).await?;
    if let (Some(user_id), true) = (signed_in, by_recovery_code) {
        let overview = services.two_step.overview(&user_id).await?;
        if overview.few_recovery_codes_left() {
            let left = overview.recovery_codes_left;
            leptos_axum::redirect(&format!("/profile/two-step?codes_left={left}"));
        }
    }
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "account/two-step")]
pub async fn two_step_overview() -> Result<TwoStepView, AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let user_id = session.require_user_id().await?;
    let mut view = services.two_step.overview(&user_id).await?;
    let user = services.current_user.current_user(&user_id).await?;
    view.required = user
        .is_some_and(|user| SecondFactorPolicy::asks(services.mfa_required_for_admins, user.role));
    Ok(view)
}

/// The app being set up (needs a recent sign-in).
#[server(prefix = "/rpc", endpoint = "account/two-step/app")]
pub async fn start_app_enrolment() -> Result<AppEnrolment, AppError> {
    let services = services()?;
    let recent = AuthSession::from_request()
        .await?
        .require_recent(&services)
        .await?;
    services.two_step.start_app(&recent).await
}

#[server(prefix = "/rpc", endpoint = "account/two-step/app/confirm")]
pub async fn confirm_app(code: String) -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let recent = session.require_recent(&services).await?;
    let codes = services
        .two_step
        .confirm_app(&recent, &code, &client_meta())
        .await?;
    show_codes_or(&session, codes, "/profile/two-step?added=app").await
}

#[server(prefix = "/rpc", endpoint = "account/two-step/email/enable")]
pub async fn enable_email_second_factor() -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let recent = session.require_recent(&services).await?;
    let codes = services
        .two_step
        .enable_email(&recent, &client_meta())
        .await?;
    show_codes_or(&session, codes, "/profile/two-step?added=email").await
}

#[server(prefix = "/rpc", endpoint = "account/two-step/remove")]
pub async fn remove_second_factor(kind: String) -> Result<(), AppError> {
    let services = services()?;
    let recent = AuthSession::from_request()
        .await?
        .require_recent(&services)
        .await?;
    let kind = SecondFactorKind::parse(&kind).ok_or_else(|| {
        AppError::validation(vec![crate::error::FieldError::new(
            "kind",
            crate::error::say("problem-choose-app-or-email"),
        )])
    })?;
    services
        .two_step
        .remove(&recent, kind, &client_meta())
        .await?;
    leptos_axum::redirect("/profile/two-step?removed=1");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "account/two-step/recovery-codes")]
pub async fn regenerate_recovery_codes() -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let recent = session.require_recent(&services).await?;
    let codes = services
        .two_step
        .regenerate_recovery_codes(&recent, &client_meta())
        .await?;
    show_codes_or(&session, Some(codes), "/profile/two-step").await
}

/// The recovery codes just made, until the user says they are saved (or
/// ten minutes pass): the only time they are shown.
#[server(prefix = "/rpc", endpoint = "account/two-step/fresh-recovery-codes")]
pub async fn fresh_recovery_codes() -> Result<Option<Vec<String>>, AppError> {
    let session = AuthSession::from_request().await?;
    session.require_user_id().await?;
    session.fresh_recovery_codes().await
}

#[server(prefix = "/rpc", endpoint = "account/two-step/recovery-codes-saved")]
pub async fn recovery_codes_saved() -> Result<(), AppError> {
    let session = AuthSession::from_request().await?;
    session.require_user_id().await?;
    session.forget_fresh_recovery_codes().await?;
    leptos_axum::redirect("/profile/two-step");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "account/trusted-browsers")]
pub async fn trusted_browsers() -> Result<Vec<TrustedBrowserView>, AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services.two_step.trusted_browsers(&user_id).await
}

#[server(prefix = "/rpc", endpoint = "account/trusted-browsers/revoke")]
pub async fn revoke_trusted_browser(id: String) -> Result<(), AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services
        .two_step
        .revoke_trusted_browser(&user_id, &id, &client_meta())
        .await?;
    leptos_axum::redirect("/profile/devices");
    Ok(())
}

/// Signs the browser in after a passed second step (or offers the
/// restore), and trusts it for 30 days if asked: the account signed in.
#[cfg(feature = "ssr")]
pub(crate) async fn finish_passed_step(
    outcome: crate::model::SignInOutcome,
    client: &crate::ports::ClientMeta,
    next: &str,
    trust: bool,
) -> Result<Option<crate::vocabulary::UserId>, AppError> {
    use crate::model::SignInOutcome;
    let services = services()?;
    let user_id = match &outcome {
        SignInOutcome::SignedIn { user, .. } => Some(user.id.clone()),
        _ => None,
    };
    crate::api::finish_sign_in(outcome, client, Some(next)).await?;
    if let (Some(user_id), true) = (&user_id, trust) {
        let token = services.second_step.trust_browser(user_id, client).await?;
        set_trusted_browser_cookie(&token, services.secure_cookies, 30 * 86_400);
    }
    Ok(user_id)
}

/// New recovery codes go to the page that shows them once; otherwise `to`.
#[cfg(feature = "ssr")]
async fn show_codes_or(
    session: &AuthSession,
    codes: Option<Vec<String>>,
    to: &str,
) -> Result<(), AppError> {
    match codes {
        Some(codes) => {
            session.keep_fresh_recovery_codes(&codes).await?;
            leptos_axum::redirect("/profile/two-step/recovery-codes");
        }
        None => leptos_axum::redirect(to),
    }
    Ok(())
}
