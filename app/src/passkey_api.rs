//! Server functions of passkeys: the profile's list (adding one needs a
//! recent sign-in), signing in with one, confirming it's you, and one as a
//! sign-in's second step. Each ceremony's id stays with this browser (in
//! its session, or for a sign-in an httpOnly cookie); the page only sees
//! the options for `navigator.credentials` and sends back the credential's
//! JSON.

use crate::{error::AppError, model::PasskeyView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::session::{
    AuthSession, PasskeyCeremonyKind, client_meta, passkey_sign_in_cookie, services,
    set_passkey_sign_in_cookie,
};

#[server(prefix = "/rpc", endpoint = "account/passkeys")]
pub async fn passkeys() -> Result<Vec<PasskeyView>, AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services.passkeys.passkeys(&user_id).await
}

/// The options for `navigator.credentials.create()`.
#[server(prefix = "/rpc", endpoint = "account/passkeys/begin")]
pub async fn begin_passkey_registration() -> Result<String, AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let recent = session.require_recent(&services).await?;
    let ceremony = services.passkeys.begin_registration(&recent).await?;
    session
        .keep_passkey_ceremony(PasskeyCeremonyKind::Registration, &ceremony.token)
        .await?;
    Ok(ceremony.options)
}

#[server(prefix = "/rpc", endpoint = "account/passkeys/finish")]
pub async fn finish_passkey_registration(name: String, credential: String) -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let recent = session.require_recent(&services).await?;
    let ceremony = session
        .take_passkey_ceremony(PasskeyCeremonyKind::Registration)
        .await?;
    services
        .passkeys
        .finish_registration(&recent, &ceremony, &name, &credential, &client_meta())
        .await
        .map_err(|error| error.with_values([("name", name.as_str())]))?;
    leptos_axum::redirect("/profile/passkeys?added=1");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "account/passkeys/rename")]
pub async fn rename_passkey(id: String, name: String) -> Result<(), AppError> {
    let services = services()?;
    let user_id = AuthSession::from_request().await?.require_user_id().await?;
    services
        .passkeys
        .rename(&user_id, &id, &name, &client_meta())
        .await?;
    leptos_axum::redirect("/profile/passkeys?renamed=1");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "account/passkeys/remove")]
pub async fn remove_passkey(id: String) -> Result<(), AppError> {
    let services = services()?;
    let recent = AuthSession::from_request()
        .await?
        .require_recent(&services)
        .await?;
    services
        .passkeys
        .remove(&recent, &id, &client_meta())
        .await?;
    leptos_axum::redirect("/profile/passkeys?removed=1");
    Ok(())
}

/// The options for confirming it's you with one of your passkeys, before a
/// sensitive change.
#[server(prefix = "/rpc", endpoint = "account/passkeys/confirm/begin")]
pub async fn begin_passkey_confirmation() -> Result<String, AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let user_id = session.require_user_id().await?;
    let ceremony = services.passkeys.begin_confirmation(&user_id).await?;
    session
        .keep_passkey_ceremony(PasskeyCeremonyKind::Confirmation, &ceremony.token)
        .await?;
    Ok(ceremony.options)
}

/// Counts as a fresh sign-in for the sensitive changes of the next minutes.
#[server(prefix = "/rpc", endpoint = "account/passkeys/confirm/finish")]
pub async fn finish_passkey_confirmation(
    credential: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let user_id = session.require_user_id().await?;
    let ceremony = session
        .take_passkey_ceremony(PasskeyCeremonyKind::Confirmation)
        .await?;
    services
        .passkeys
        .confirm(&user_id, &ceremony, &credential, &client_meta())
        .await?;
    session.mark_authenticated().await?;
    let next = next.as_deref().or(Some("/profile/security"));
    leptos_axum::redirect(&crate::navigation::safe_next(next));
    Ok(())
}

/// The options for `navigator.credentials.get()`: any passkey of this site.
/// The ceremony is bound to this browser by a cookie of its own.
#[server(prefix = "/rpc", endpoint = "auth/passkey/begin")]
pub async fn begin_passkey_sign_in() -> Result<String, AppError> {
    let services = services()?;
    let ceremony = services.passkeys.begin_sign_in(&client_meta()).await?;
    set_passkey_sign_in_cookie(Some(&ceremony.token), services.secure_cookies);
    Ok(ceremony.options)
}

#[server(prefix = "/rpc", endpoint = "auth/passkey/finish")]
pub async fn finish_passkey_sign_in(
    credential: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let client = client_meta();
    let ceremony = passkey_sign_in_cookie(services.secure_cookies).unwrap_or_default();
    set_passkey_sign_in_cookie(None, services.secure_cookies);
    let outcome = services
        .passkeys
        .finish_sign_in(&ceremony, &credential, &client)
        .await?;
    crate::api::finish_sign_in(outcome, &client, next.as_deref()).await
}

/// The options for the waiting sign-in's second step: the account's passkeys.
#[server(prefix = "/rpc", endpoint = "auth/second-step/passkey/begin")]
pub async fn begin_second_step_passkey() -> Result<String, AppError> {
    let services = services()?;
    let (challenge, _) = AuthSession::from_request()
        .await?
        .second_step()
        .await?
        .ok_or_else(AppError::sign_in_expired)?;
    services
        .passkeys
        .begin_second_step(&challenge, &client_meta())
        .await
}

#[server(prefix = "/rpc", endpoint = "auth/second-step/passkey/finish")]
pub async fn finish_second_step_passkey(
    credential: String,
    trust: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let client = client_meta();
    let (challenge, next) = AuthSession::from_request()
        .await?
        .second_step()
        .await?
        .ok_or_else(AppError::sign_in_expired)?;
    let outcome = services
        .passkeys
        .finish_second_step(&challenge, &credential, &client)
        .await?;
    crate::two_step_api::finish_passed_step(outcome, &client, &next, trust.is_some()).await?;
    Ok(())
}
