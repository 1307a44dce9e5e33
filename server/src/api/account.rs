//! `/api/auth/*` routes for the caller's own account: email change, data
//! export and deletion.

use super::{
    ApiError, ApiJson, Envelope,
    auth::{Empty, api_error},
    bearer::Bearer,
    docs::ErrorBody,
};
use crate::{account::export::ExportData, startup::AppState};
use app::{
    guards::{RecentSignIn, SensitiveCaller},
    ports::{ClientMeta, IdentityProof, ThisDevice},
};
use axum::{Extension, extract::State};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangeEmailRequest {
    /// The current password.
    password: String,
    #[schema(example = "ada@new.example", format = "email", max_length = 254)]
    new_email: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ConfirmEmailChangeRequest {
    /// The code mailed to the new address.
    #[schema(example = "042137")]
    code: String,
}

#[derive(Deserialize, ToSchema)]
pub struct DeleteMeRequest {
    /// The current password.
    password: String,
}

/// Start moving the account to another address: a code is mailed there; the
/// change applies only once it is confirmed.
#[utoipa::path(post, path = "/api/auth/change-email", tag = "auth",
    security(("bearer" = [])),
    request_body = ChangeEmailRequest,
    responses(
        (status = 200, description = "A code was mailed to the new address", body = super::docs::Success<Empty>),
        (status = 400, description = "`VALIDATION_ERROR`: wrong password, invalid or unchanged address; or malformed JSON", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 409, description = "`EMAIL_TAKEN`: another account has the address", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 423, description = "`ACCOUNT_LOCKED`: too many wrong passwords", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn change_email(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    ApiJson(request): ApiJson<ChangeEmailRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    let proof = IdentityProof {
        password: Some(request.password),
        code: None,
        second_factor: None,
    };
    let caller = SensitiveCaller::TokenHolder {
        user_id: caller.user_id,
    };
    state
        .services
        .email_change
        .start_email_change(&caller, proof, &request.new_email, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-email-change-code-sent", Empty {}))
}

/// Complete an email change with the code mailed to the new address; the old
/// address is told.
#[utoipa::path(post, path = "/api/auth/confirm-email-change", tag = "auth",
    security(("bearer" = [])),
    request_body = ConfirmEmailChangeRequest,
    responses(
        (status = 200, description = "The address is changed (and verified); every other sign-in ended, and links and codes mailed to the old address no longer work", body = super::docs::Success<Empty>),
        (status = 400, description = "`INVALID_CODE`, or malformed JSON", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 409, description = "`EMAIL_TAKEN`: another account took the address meanwhile", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn confirm_email_change(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    ApiJson(request): ApiJson<ConfirmEmailChangeRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .services
        .email_change
        .confirm_email_change(
            &caller.user_id,
            request.code.trim(),
            ThisDevice::Family(&caller.family_id),
            &client,
        )
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-email-address-changed", Empty {}))
}

/// A copy of the caller's data. Needs a recent sign-in: a token pair from a
/// login at most `RECENT_AUTHENTICATION_MINUTES` old (refreshing does not
/// count); otherwise `REAUTHENTICATION_REQUIRED`.
#[utoipa::path(get, path = "/api/auth/export", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The data", body = super::docs::Success<ExportData>),
        (status = 403, description = "`ACCOUNT_DISABLED`, or `REAUTHENTICATION_REQUIRED`: sign in again first", body = ErrorBody),
    ))]
pub async fn export(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
) -> Result<Envelope<ExportData>, ApiError> {
    let recent = RecentSignIn::check(
        &caller.user_id,
        caller.signed_in_at,
        state.clock.now(),
        state.services.recent_authentication_seconds,
    )
    .map_err(ApiError)?;
    let data = state
        .account
        .export(&recent, &client)
        .await
        .map_err(|error| api_error(error.into()))?;
    Ok(Envelope::ok("api-your-data", data))
}

/// Delete the caller's account: deactivated at once, every sign-in ended, a
/// notice mailed, personal data erased after the grace period
/// (`ACCOUNT_DELETION_GRACE_DAYS`); signing in on the website before then
/// offers to restore it.
#[utoipa::path(delete, path = "/api/auth/me", tag = "auth",
    security(("bearer" = [])),
    request_body = DeleteMeRequest,
    responses(
        (status = 200, description = "Deleted", body = super::docs::Success<Empty>),
        (status = 400, description = "`VALIDATION_ERROR`: wrong password; or malformed JSON", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 423, description = "`ACCOUNT_LOCKED`: too many wrong passwords", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` with `Retry-After`", body = ErrorBody),
    ))]
pub async fn delete_me(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    ApiJson(request): ApiJson<DeleteMeRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    let proof = IdentityProof {
        password: Some(request.password),
        code: None,
        second_factor: None,
    };
    let caller = SensitiveCaller::TokenHolder {
        user_id: caller.user_id,
    };
    state
        .services
        .account_deletion
        .delete_account(&caller, proof, None, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-account-deleted", Empty {}))
}
