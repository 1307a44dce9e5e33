//! Server functions of the profile pages: the signed-in user's own account.
//! Sensitive actions (password, email, deletion) also need a recent sign-in
//! or confirmation (`require_recent`).

use crate::{
    error::AppError,
    model::{ActivityView, DeviceView},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    guards::SensitiveCaller,
    navigation::safe_next,
    ports::{IdentityProof, ThisDevice},
    session::{AuthSession, client_meta, services},
};

/// Whether a sensitive action may go ahead without confirming identity first.
#[server(prefix = "/rpc", endpoint = "account/recently-authenticated")]
pub async fn recently_authenticated() -> Result<bool, AppError> {
    let services = services()?;
    match AuthSession::from_request()
        .await?
        .require_recent(&services)
        .await
    {
        Ok(_) => Ok(true),
        Err(error) if error.code == crate::error::ErrorCode::ReauthenticationRequired => Ok(false),
        Err(error) => Err(error),
    }
}

#[server(prefix = "/rpc", endpoint = "account/update-names")]
pub async fn update_names(first_name: String, last_name: String) -> Result<(), AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    let kept = [
        ("first_name", first_name.clone()),
        ("last_name", last_name.clone()),
    ];
    services
        .account_overview
        .update_profile(
            &user_id,
            crate::ports::ProfileChange {
                first_name: Some(&first_name),
                last_name: Some(&last_name),
                language: None,
            },
            &client_meta(),
        )
        .await
        .map_err(|error| error.with_values(kept.iter().map(|(f, v)| (*f, v.as_str()))))?;
    leptos_axum::redirect("/profile?saved=1");
    Ok(())
}

/// Mails the signed-in user a code that confirms it's them.
#[server(prefix = "/rpc", endpoint = "account/send-confirmation-code")]
pub async fn send_confirmation_code() -> Result<(), AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services
        .reauthentication
        .send_confirmation_code(&user_id, &client_meta())
        .await
}

/// Confirms identity with the password or a mailed code, then goes on to `next`.
#[server(prefix = "/rpc", endpoint = "account/reauthenticate")]
pub async fn reauthenticate(
    password: Option<String>,
    code: Option<String>,
    second_factor: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let user_id = session.require_user_id().await?;
    services
        .reauthentication
        .reauthenticate(
            &user_id,
            IdentityProof {
                password,
                code,
                second_factor,
            },
            &client_meta(),
        )
        .await?;
    session.mark_authenticated().await?;
    leptos_axum::redirect(&safe_next(next.as_deref().or(Some("/profile/security"))));
    Ok(())
}

/// Every other device is signed out; this browser stays signed in (under a
/// new session id).
#[server(prefix = "/rpc", endpoint = "account/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let caller = SensitiveCaller::from(session.require_recent(&services).await?);
    let client = client_meta();
    services
        .password_change
        .change_password(&caller, &current_password, &new_password, &client)
        .await?;
    stay_signed_in_after_new_password(&session, caller.user_id(), &client).await
}

/// A new password ended every session, this one included: this browser
/// starts a fresh one, as the person who just proved who they are.
#[cfg(feature = "ssr")]
async fn stay_signed_in_after_new_password(
    session: &AuthSession,
    user_id: &crate::vocabulary::UserId,
    client: &crate::ports::ClientMeta,
) -> Result<(), AppError> {
    // The same account: it keeps its language.
    let language = session.language().await?;
    session.sign_in(user_id, language, client).await?;
    leptos_axum::redirect("/profile/security?changed=password");
    Ok(())
}

/// A first password for an account without one, with a mailed code.
#[server(prefix = "/rpc", endpoint = "account/set-password")]
pub async fn set_password(code: String, new_password: String) -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let recent = session.require_recent(&services).await?;
    let client = client_meta();
    services
        .password_change
        .set_password(&recent, &code, &new_password, &client)
        .await?;
    stay_signed_in_after_new_password(&session, recent.user_id(), &client).await
}

#[server(prefix = "/rpc", endpoint = "account/start-email-change")]
pub async fn start_email_change(
    new_email: String,
    password: Option<String>,
    code: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let recent = AuthSession::from_request()
        .await?
        .require_recent(&services)
        .await?;
    let typed = new_email.clone();
    services
        .email_change
        .start_email_change(
            &SensitiveCaller::from(recent),
            IdentityProof {
                password,
                code,
                second_factor: None,
            },
            &new_email,
            &client_meta(),
        )
        .await
        .map_err(|error| error.with_values([("new_email", typed.as_str())]))?;
    leptos_axum::redirect("/profile/security?email=sent");
    Ok(())
}

/// The address an email change waits to be confirmed for.
#[server(prefix = "/rpc", endpoint = "account/pending-email-change")]
pub async fn pending_email_change() -> Result<Option<String>, AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services.email_change.pending_email_change(&user_id).await
}

#[server(prefix = "/rpc", endpoint = "account/confirm-email-change")]
pub async fn confirm_email_change(code: String) -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let user_id = session.require_user_id().await?;
    let store_id = session.store_id();
    services
        .email_change
        .confirm_email_change(
            &user_id,
            code.trim(),
            match &store_id {
                Some(id) => ThisDevice::Session(id),
                None => ThisDevice::NotListed,
            },
            &client_meta(),
        )
        .await?;
    leptos_axum::redirect("/profile/security?changed=email");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "account/devices")]
pub async fn devices() -> Result<Vec<DeviceView>, AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let user_id = session.require_user_id().await?;
    let store_id = session.store_id();
    services
        .account_overview
        .devices(
            &user_id,
            match &store_id {
                Some(id) => ThisDevice::Session(id),
                None => ThisDevice::NotListed,
            },
        )
        .await
}

#[server(prefix = "/rpc", endpoint = "account/revoke-device")]
pub async fn revoke_device(id: String) -> Result<(), AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services
        .account_overview
        .revoke_device(&user_id, &id, &client_meta())
        .await
}

#[server(prefix = "/rpc", endpoint = "account/sign-out-other-devices")]
pub async fn sign_out_other_devices() -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let user_id = session.require_user_id().await?;
    let current = session.store_id().ok_or_else(AppError::unauthorized)?;
    services
        .account_overview
        .sign_out_other_devices(&user_id, &current, &client_meta())
        .await
}

#[server(prefix = "/rpc", endpoint = "account/activity")]
pub async fn recent_activity() -> Result<Vec<ActivityView>, AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services.account_overview.recent_activity(&user_id).await
}

/// Deactivates the account at once; it is erased after the grace period.
#[server(prefix = "/rpc", endpoint = "account/delete")]
pub async fn delete_account(
    confirm_email: String,
    password: Option<String>,
    code: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let recent = session.require_recent(&services).await?;
    services
        .account_deletion
        .delete_account(
            &SensitiveCaller::from(recent),
            IdentityProof {
                password,
                code,
                second_factor: None,
            },
            Some(&confirm_email),
            &client_meta(),
        )
        .await?;
    session.sign_out().await?;
    leptos_axum::redirect("/login?deleted=1");
    Ok(())
}

/// When the deleted account this browser may restore will be erased.
#[server(prefix = "/rpc", endpoint = "account/restore-offer")]
pub async fn restore_offer() -> Result<Option<String>, AppError> {
    let services = services()?;
    let Some(user_id) = AuthSession::from_request().await?.restore_offer().await? else {
        return Ok(None);
    };
    services.account_deletion.erasure_date(&user_id).await
}

#[server(prefix = "/rpc", endpoint = "account/restore")]
pub async fn restore_account() -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let user_id = session.restore_offer().await?.ok_or_else(|| {
        AppError::new(
            crate::error::ErrorCode::Unauthorized,
            crate::error::say("problem-restore-sign-in-again"),
        )
    })?;
    let client = client_meta();
    let user = services
        .account_deletion
        .restore_account(&user_id, &client)
        .await?;
    session.sign_in(&user.id, user.language, &client).await?;
    leptos_axum::redirect("/profile?restored=1");
    Ok(())
}
