//! `/api/auth/passkeys*`, `/api/auth/passkey/*` and `/api/auth/mfa/passkey/*`:
//! passkeys for native clients. Each ceremony is two calls: `begin` answers
//! the options for the platform's WebAuthn call (the JSON form of
//! `PublicKeyCredentialCreationOptions` or `…RequestOptions`, under
//! `publicKey`) and a `ceremonyToken`; `finish` takes the token and the
//! credential the platform made, as its WebAuthn JSON.

use super::{
    ApiError, ApiJson, Envelope,
    auth::{Empty, SignInAnswer, answer, api_error},
    bearer::Bearer,
    docs::ErrorBody,
};
use crate::startup::AppState;
use app::{guards::RecentSignIn, model::PasskeyView, ports::ClientMeta};
use axum::{
    Extension,
    extract::{Path, State},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CeremonyData {
    /// Hand to the platform's WebAuthn call (`{ publicKey: … }`).
    #[schema(value_type = Object)]
    options: serde_json::Value,
    /// Send it back to `finish`; single use, for 5 minutes.
    ceremony_token: String,
}

#[derive(Serialize, ToSchema)]
pub struct OptionsData {
    /// Hand to the platform's WebAuthn call (`{ publicKey: … }`).
    #[schema(value_type = Object)]
    options: serde_json::Value,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinishRegistrationRequest {
    ceremony_token: String,
    /// Shown in the list; the authenticator's make when left out.
    #[schema(example = "Work laptop", max_length = 64)]
    name: Option<String>,
    /// The `PublicKeyCredential` the platform made, as WebAuthn JSON
    /// (`id`, `rawId`, `type`, `response.attestationObject`,
    /// `response.clientDataJSON`).
    #[schema(value_type = Object)]
    credential: serde_json::Value,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinishSignInRequest {
    ceremony_token: String,
    /// The assertion, as WebAuthn JSON (`response.authenticatorData`,
    /// `clientDataJSON`, `signature`, `userHandle`).
    #[schema(value_type = Object)]
    credential: serde_json::Value,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MfaPasskeyBeginRequest {
    mfa_token: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MfaPasskeyFinishRequest {
    mfa_token: String,
    #[schema(value_type = Object)]
    credential: serde_json::Value,
}

#[derive(Deserialize, ToSchema)]
pub struct RenamePasskeyRequest {
    #[schema(example = "Work laptop", min_length = 1, max_length = 64)]
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct PasskeysData {
    passkeys: Vec<PasskeyView>,
}

#[derive(Serialize, ToSchema)]
pub struct PasskeyData {
    passkey: PasskeyView,
}

fn options(json: &str) -> Result<serde_json::Value, ApiError> {
    serde_json::from_str(json).map_err(|_| ApiError(app::error::AppError::internal()))
}

/// Recent enough for adding or removing a way into the account: the API
/// sign-in behind the token was made with credentials within the window.
fn recent(state: &AppState, caller: &crate::tokens::Caller) -> Result<RecentSignIn, ApiError> {
    RecentSignIn::check(
        &caller.user_id,
        caller.signed_in_at,
        state.services.clock.now(),
        state.services.recent_authentication_seconds,
    )
    .map_err(api_error)
}

/// The caller's passkeys.
#[utoipa::path(get, path = "/api/auth/passkeys", tag = "passkeys",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Oldest first", body = super::docs::Success<PasskeysData>),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Bearer(caller): Bearer,
) -> Result<Envelope<PasskeysData>, ApiError> {
    let passkeys = state
        .services
        .passkeys
        .passkeys(&caller.user_id)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-your-passkeys", PasskeysData { passkeys }))
}

/// Begin registering a passkey for the caller. The sign-in behind the
/// token must be recent (403 `REAUTHENTICATION_REQUIRED` otherwise: sign in
/// again).
#[utoipa::path(post, path = "/api/auth/passkeys/register/begin", tag = "passkeys",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Options for the platform", body = super::docs::Success<CeremonyData>),
        (status = 400, description = "`VALIDATION_ERROR`: too many passkeys; `BAD_REQUEST`: passkeys are off (PUBLIC_URL is not a domain)", body = ErrorBody),
        (status = 403, description = "`REAUTHENTICATION_REQUIRED`: the sign-in behind the token is too old", body = ErrorBody),
    ))]
pub async fn register_begin(
    State(state): State<AppState>,
    Bearer(caller): Bearer,
) -> Result<Envelope<CeremonyData>, ApiError> {
    let recent = recent(&state, &caller)?;
    let ceremony = state
        .services
        .passkeys
        .begin_registration(&recent)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok(
        "api-passkey-registration-begun",
        CeremonyData {
            options: options(&ceremony.options)?,
            ceremony_token: ceremony.token,
        },
    ))
}

/// Finish registering a passkey: audited, and mailed to the account.
#[utoipa::path(post, path = "/api/auth/passkeys/register/finish", tag = "passkeys",
    security(("bearer" = [])),
    request_body = FinishRegistrationRequest,
    responses(
        (status = 200, description = "Registered", body = super::docs::Success<PasskeyData>),
        (status = 400, description = "`VALIDATION_ERROR` (`name`, `credential`, `passkey`); or malformed JSON", body = ErrorBody),
        (status = 401, description = "`MISSING_TOKEN`, `INVALID_TOKEN` or `TOKEN_EXPIRED`; `INVALID_CREDENTIALS`: the credential did not verify (wrong origin or RP id, no user verification); `SIGN_IN_EXPIRED`: the ceremony is unknown, used or older than 5 minutes", body = ErrorBody),
        (status = 403, description = "`REAUTHENTICATION_REQUIRED`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn register_finish(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    ApiJson(request): ApiJson<FinishRegistrationRequest>,
) -> Result<Envelope<PasskeyData>, ApiError> {
    let recent = recent(&state, &caller)?;
    let passkey = state
        .services
        .passkeys
        .finish_registration(
            &recent,
            &request.ceremony_token,
            request.name.as_deref().unwrap_or_default(),
            &request.credential.to_string(),
            &client,
        )
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-passkey-added", PasskeyData { passkey }))
}

/// Rename one of the caller's passkeys.
#[utoipa::path(patch, path = "/api/auth/passkeys/{id}", tag = "passkeys",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The passkey's id")),
    request_body = RenamePasskeyRequest,
    responses(
        (status = 200, description = "Renamed", body = super::docs::Success<Empty>),
        (status = 400, description = "`VALIDATION_ERROR` (`name`); or malformed JSON", body = ErrorBody),
        (status = 404, description = "The caller has no such passkey", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn rename(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<RenamePasskeyRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .services
        .passkeys
        .rename(&caller.user_id, &id, &request.name, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-passkey-renamed", Empty {}))
}

/// Remove one of the caller's passkeys (a recent sign-in is needed):
/// audited, and mailed to the account.
#[utoipa::path(delete, path = "/api/auth/passkeys/{id}", tag = "passkeys",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The passkey's id")),
    responses(
        (status = 200, description = "Removed", body = super::docs::Success<Empty>),
        (status = 403, description = "`REAUTHENTICATION_REQUIRED`", body = ErrorBody),
        (status = 404, description = "The caller has no such passkey", body = ErrorBody),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    Path(id): Path<String>,
) -> Result<Envelope<Empty>, ApiError> {
    let recent = recent(&state, &caller)?;
    state
        .services
        .passkeys
        .remove(&recent, &id, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-passkey-removed", Empty {}))
}

/// Begin a sign-in with a passkey: no account is named, the person picks
/// one of their passkeys for this site.
#[utoipa::path(post, path = "/api/auth/passkey/begin", tag = "passkeys",
    responses(
        (status = 200, description = "Options for the platform", body = super::docs::Success<CeremonyData>),
        (status = 400, description = "`BAD_REQUEST`: passkeys are off (PUBLIC_URL is not a domain)", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` with `Retry-After`", body = ErrorBody),
    ))]
pub async fn sign_in_begin(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
) -> Result<Envelope<CeremonyData>, ApiError> {
    let ceremony = state
        .services
        .passkeys
        .begin_sign_in(&client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok(
        "api-passkey-sign-in-begun",
        CeremonyData {
            options: options(&ceremony.options)?,
            ceremony_token: ceremony.token,
        },
    ))
}

/// Finish a sign-in with a passkey: a token pair whose access token's
/// `amr` is `hwk user mfa` (the authenticator verified the person).
#[utoipa::path(post, path = "/api/auth/passkey/finish", tag = "passkeys",
    request_body = FinishSignInRequest,
    responses(
        (status = 200, description = "Signed in", body = super::docs::Success<super::auth::TokenData>),
        (status = 400, description = "`VALIDATION_ERROR` (`credential`); or malformed JSON", body = ErrorBody),
        (status = 401, description = "`INVALID_CREDENTIALS`: unknown or removed passkey, or an assertion that did not verify (wrong origin or RP id, replayed, counter gone back); `SIGN_IN_EXPIRED`: the ceremony is unknown, used or older than 5 minutes", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED` or `ACCOUNT_PENDING_DELETION`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 423, description = "`ACCOUNT_LOCKED`", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn sign_in_finish(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<FinishSignInRequest>,
) -> Result<SignInAnswer, ApiError> {
    let outcome = state
        .services
        .passkeys
        .finish_sign_in(
            &request.ceremony_token,
            &request.credential.to_string(),
            &client,
        )
        .await
        .map_err(api_error)?;
    answer(&state, outcome, "api-signed-in", &client).await
}

/// The options for a sign-in's second step with one of the account's
/// passkeys (`passkey` among the `methods` of `MFA_REQUIRED`).
#[utoipa::path(post, path = "/api/auth/mfa/passkey/begin", tag = "passkeys",
    request_body = MfaPasskeyBeginRequest,
    responses(
        (status = 200, description = "Options for the platform", body = super::docs::Success<OptionsData>),
        (status = 400, description = "The account has no passkey; or malformed JSON", body = ErrorBody),
        (status = 401, description = "`SIGN_IN_EXPIRED`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn mfa_begin(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<MfaPasskeyBeginRequest>,
) -> Result<Envelope<OptionsData>, ApiError> {
    let json = state
        .services
        .passkeys
        .begin_second_step(&request.mfa_token, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok(
        "api-passkey-confirmation-begun",
        OptionsData {
            options: options(&json)?,
        },
    ))
}

/// Finish a sign-in's second step with a passkey; the access token's
/// `amr` adds `hwk` and `mfa` to the first factor's.
#[utoipa::path(post, path = "/api/auth/mfa/passkey/finish", tag = "passkeys",
    request_body = MfaPasskeyFinishRequest,
    responses(
        (status = 200, description = "Signed in", body = super::docs::Success<super::auth::TokenData>),
        (status = 400, description = "`VALIDATION_ERROR` (`credential`); or malformed JSON", body = ErrorBody),
        (status = 401, description = "`INVALID_CREDENTIALS`: the assertion did not verify; `SIGN_IN_EXPIRED`: the `mfaToken` or its passkey request is over", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED` or `ACCOUNT_PENDING_DELETION`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 423, description = "`ACCOUNT_LOCKED`", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn mfa_finish(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<MfaPasskeyFinishRequest>,
) -> Result<SignInAnswer, ApiError> {
    let outcome = state
        .services
        .passkeys
        .finish_second_step(&request.mfa_token, &request.credential.to_string(), &client)
        .await
        .map_err(api_error)?;
    answer(&state, outcome, "api-signed-in", &client).await
}
