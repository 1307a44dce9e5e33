//! `/api/auth/*`: thin handlers over the same use cases as the pages.

use super::{ApiError, ApiJson, Envelope, bearer::Bearer, docs::ErrorBody};
use crate::{
    oauth::OAuthError,
    startup::AppState,
    tokens::{TokenError, TokenPair},
};
use app::error::say;
use app::{
    error::{AppError, FieldError},
    guards::SensitiveCaller,
    i18n::Language,
    model::{DeviceView, SecondStepChallenge, SignInOutcome, UserView},
    ports::{
        ClientMeta, EmailProofInput, LoginInput, ProfileChange, RegisterInput, SecondFactorProof,
        ThisDevice,
    },
    vocabulary::{Amr, Role, SecondStepMethod, SignInMethod, UserId},
};
use axum::{
    Extension, Json,
    extract::{Path, State},
    http::StatusCode,
    response::IntoResponse,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Fields such as `role`, `id` or `emailVerified` are not part of the request
/// and are ignored if sent.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisterRequest {
    #[schema(example = "ada@example.com", format = "email", max_length = 254)]
    email: String,
    /// As the server is configured: by default 8 to 128 characters
    /// (`PASSWORD_MIN_LENGTH`, `PASSWORD_MAX_LENGTH`), hard to guess (zxcvbn
    /// score 3 or more), with upper- and lower-case letters, a digit and a
    /// symbol (`PASSWORD_REQUIRE_CHARACTER_CLASSES`). Each broken rule is
    /// named in `details`.
    #[schema(example = "Tangerine-Orbit-42!", min_length = 8, max_length = 128)]
    password: String,
    #[schema(example = "Ada", min_length = 1, max_length = 100)]
    first_name: String,
    #[schema(example = "Lovelace", min_length = 1, max_length = 100)]
    last_name: String,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "ada@example.com", format = "email", max_length = 254)]
    email: String,
    #[schema(min_length = 1)]
    password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh.
    refresh_token: String,
}

/// Either the token from the link, or the address and the code.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerifyEmailRequest {
    token: Option<String>,
    #[schema(format = "email")]
    email: Option<String>,
    #[schema(example = "042137")]
    code: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct EmailRequest {
    #[schema(example = "ada@example.com", format = "email")]
    email: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResetPasswordRequest {
    /// The `token` parameter of the link in the reset message.
    token: String,
    #[schema(min_length = 8, max_length = 128)]
    new_password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct VerifyOtpRequest {
    #[schema(example = "ada@example.com", format = "email")]
    email: String,
    #[schema(example = "042137")]
    otp: String,
}

/// Only the names and the language can be changed here; other fields are
/// ignored.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateMeRequest {
    #[schema(min_length = 1, max_length = 100)]
    first_name: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    last_name: Option<String>,
    /// The language of the account's pages, mails and API messages.
    language: Option<Language>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiUser {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    email_verified: bool,
    role: Role,
    /// RFC 3339.
    created_at: String,
    /// The language the account chose; none before it chose one.
    language: Option<Language>,
}

impl From<UserView> for ApiUser {
    fn from(user: UserView) -> Self {
        Self {
            id: user.id.to_string(),
            email: user.email,
            first_name: user.first_name,
            last_name: user.last_name,
            email_verified: user.email_verified,
            role: user.role,
            created_at: user.created_at,
            language: user.language,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserData {
    user: ApiUser,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenData {
    user: ApiUser,
    /// A JWT (EdDSA); verify it with `/.well-known/jwks.json`.
    access_token: String,
    /// Opaque; single use: each refresh returns a new one.
    refresh_token: String,
    #[schema(example = "Bearer")]
    token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    expires_in: u64,
}

impl TokenData {
    fn new(user: UserView, pair: TokenPair) -> Self {
        Self {
            user: user.into(),
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: "Bearer",
            expires_in: pair.expires_in,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Empty {}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiSignIn {
    id: String,
    /// `browser` (a cookie session) or `api` (a refresh-token family).
    #[schema(example = "api")]
    kind: String,
    created_at: String,
    last_used_at: String,
    ip: Option<String>,
    user_agent: Option<String>,
    /// The sign-in this request was made with.
    current: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SessionsData {
    sessions: Vec<ApiSignIn>,
}

/// Create an account.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = super::docs::Success<UserData>),
        (status = 400, description = "Validation error or malformed JSON", body = ErrorBody),
        (status = 409, description = "`EMAIL_TAKEN`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<RegisterRequest>,
) -> Result<Envelope<UserData>, ApiError> {
    let input = RegisterInput {
        email: request.email,
        password: request.password,
        first_name: request.first_name,
        last_name: request.last_name,
    };
    let user = state
        .services
        .register
        .register(input, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope {
        status: StatusCode::CREATED,
        message: "api-account-created",
        data: UserData { user: user.into() },
    })
}

/// Sign in with email and password; returns a token pair.
///
/// Same lockout and answers as the sign-in page, sharing its counters.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = super::docs::Success<TokenData>),
        (status = 400, description = "Validation error or malformed JSON", body = ErrorBody),
        (status = 401, description = "`INVALID_CREDENTIALS`; or `MFA_REQUIRED` with an `mfaToken` (the password was right and the account has a second factor: finish with `POST /api/auth/mfa/verify`)", body = MfaRequiredBody),
        (status = 403, description = "`ACCOUNT_DISABLED` or `ACCOUNT_PENDING_DELETION` (a deleted account that can be restored on the website), only after the right password", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 423, description = "`ACCOUNT_LOCKED`", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<SignInAnswer, ApiError> {
    let input = LoginInput {
        email: request.email,
        password: request.password,
    };
    let outcome = state.services.login.login(input, &client).await;
    answer(
        &state,
        outcome.map_err(api_error)?,
        "api-signed-in",
        &client,
    )
    .await
}

/// Trade a refresh token for a new pair.
///
/// The presented token is used up. Presenting a used token again revokes
/// every token of that sign-in and answers `TOKEN_REUSED`.
#[utoipa::path(post, path = "/api/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = super::docs::Success<TokenData>),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`INVALID_TOKEN`, `TOKEN_EXPIRED` or `TOKEN_REUSED`", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> Result<Envelope<TokenData>, ApiError> {
    let (pair, user_id) = state
        .tokens
        .refresh(&request.refresh_token, &client)
        .await
        .map_err(token_error)?;
    let user = current_user(&state, &user_id.into()).await?;
    Ok(Envelope::ok(
        "api-tokens-refreshed",
        TokenData::new(user, pair),
    ))
}

/// End the sign-in a refresh token belongs to.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "Signed out", body = super::docs::Success<Empty>),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`INVALID_TOKEN`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn logout(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .tokens
        .logout(&request.refresh_token, &client)
        .await
        .map_err(token_error)?;
    Ok(Envelope::ok("api-signed-out", Empty {}))
}

/// Sign out everywhere: every refresh family and browser session of the user.
#[utoipa::path(post, path = "/api/auth/logout-all", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Signed out everywhere", body = super::docs::Success<Empty>),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
    ))]
pub async fn logout_all(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .tokens
        .logout_everywhere(&caller, &client)
        .await
        .map_err(token_error)?;
    Ok(Envelope::ok("api-signed-out-everywhere", Empty {}))
}

/// The caller's account.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = super::docs::Success<UserData>),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
    ))]
pub async fn me(Bearer(caller): Bearer) -> Result<Envelope<UserData>, ApiError> {
    // Read with the sign-in, in the same query.
    Ok(Envelope::ok(
        "api-your-account",
        UserData {
            user: caller.user.into(),
        },
    ))
}

/// Change the caller's names and/or language.
#[utoipa::path(patch, path = "/api/auth/me", tag = "auth",
    security(("bearer" = [])),
    request_body = UpdateMeRequest,
    responses(
        (status = 200, description = "Updated", body = super::docs::Success<UserData>),
        (status = 400, description = "Validation error or malformed JSON", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
pub async fn update_me(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    ApiJson(request): ApiJson<UpdateMeRequest>,
) -> Result<Envelope<UserData>, ApiError> {
    let user = state
        .services
        .account_overview
        .update_profile(
            &caller.user_id,
            ProfileChange {
                first_name: request.first_name.as_deref(),
                last_name: request.last_name.as_deref(),
                language: request.language,
            },
            &client,
        )
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok(
        "api-profile-updated",
        UserData { user: user.into() },
    ))
}

/// The caller's active sign-ins: browser sessions and API refresh families.
#[utoipa::path(get, path = "/api/auth/sessions", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Active sign-ins, most recently used first", body = super::docs::Success<SessionsData>),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
    ))]
pub async fn sessions(
    State(state): State<AppState>,
    Bearer(caller): Bearer,
) -> Result<Envelope<SessionsData>, ApiError> {
    let devices = state
        .services
        .account_overview
        .devices(&caller.user_id, ThisDevice::Family(&caller.family_id))
        .await
        .map_err(api_error)?;
    let sessions = devices.into_iter().map(ApiSignIn::from).collect();
    Ok(Envelope::ok(
        "api-your-active-sign-ins",
        SessionsData { sessions },
    ))
}

/// Revoke one of the caller's sign-ins. Another user's id answers 404.
#[utoipa::path(delete, path = "/api/auth/sessions/{id}", tag = "auth",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The `id` from `GET /api/auth/sessions`")),
    responses(
        (status = 200, description = "Revoked", body = super::docs::Success<Empty>),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
    ))]
pub async fn revoke_session(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    Path(id): Path<String>,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .services
        .account_overview
        .revoke_device(&caller.user_id, &id, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-signed-out-on-that-device", Empty {}))
}

/// Confirm an email address with the link's token, or with the address and
/// the 6-digit code from the message.
#[utoipa::path(post, path = "/api/auth/verify-email", tag = "auth",
    request_body = VerifyEmailRequest,
    responses(
        (status = 200, description = "Verified", body = super::docs::Success<Empty>),
        (status = 400, description = "`INVALID_CODE`, validation error or malformed JSON", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn verify_email(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<VerifyEmailRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    let proof = match request {
        VerifyEmailRequest {
            token: Some(token), ..
        } => EmailProofInput::Token(token),
        VerifyEmailRequest {
            email: Some(email),
            code: Some(code),
            ..
        } => EmailProofInput::Code { email, code },
        _ => {
            return Err(ApiError(AppError::validation(vec![FieldError::new(
                "token",
                say("problem-verify-input"),
            )])));
        }
    };
    state
        .services
        .email_verification
        .verify_email(proof, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-email-address-verified", Empty {}))
}

/// Send a new verification link and code (at most 3 an hour).
#[utoipa::path(post, path = "/api/auth/resend-verification", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Sent, or already verified", body = super::docs::Success<Empty>),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` with `Retry-After`", body = ErrorBody),
    ))]
pub async fn resend_verification(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
) -> Result<Envelope<Empty>, ApiError> {
    let sent = state
        .services
        .email_verification
        .resend_verification(&caller.user_id, &client)
        .await
        .map_err(api_error)?;
    let message = if sent {
        "api-verification-sent"
    } else {
        "api-already-verified"
    };
    Ok(Envelope::ok(message, Empty {}))
}

/// Ask for a password reset link. The answer is the same whether or not an
/// account has the address.
#[utoipa::path(post, path = "/api/auth/forgot-password", tag = "auth",
    request_body = EmailRequest,
    responses(
        (status = 200, description = "Always, for any well-formed address", body = super::docs::Success<Empty>),
        (status = 400, description = "Validation error or malformed JSON", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn forgot_password(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<EmailRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .services
        .password_reset
        .start_reset(&request.email, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-reset-link-sent", Empty {}))
}

/// Set a new password with the token from a reset link. Every sign-in of the
/// account ends; the client then signs in with the new password.
#[utoipa::path(post, path = "/api/auth/reset-password", tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = 200, description = "Password changed", body = super::docs::Success<Empty>),
        (status = 400, description = "`INVALID_CODE`, a weak password (`VALIDATION_ERROR`) or malformed JSON", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn reset_password(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<ResetPasswordRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .services
        .password_reset
        .reset_password(&request.token, &request.new_password, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-password-reset-done", Empty {}))
}

/// Mail a 6-digit sign-in code. The answer is the same whether or not an
/// account has the address.
#[utoipa::path(post, path = "/api/auth/send-otp", tag = "auth",
    request_body = EmailRequest,
    responses(
        (status = 200, description = "Always, for any well-formed address", body = super::docs::Success<Empty>),
        (status = 400, description = "Validation error or malformed JSON", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` with `Retry-After` (3 codes per address per 15 minutes, and a limit per client)", body = ErrorBody),
    ))]
pub async fn send_otp(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<EmailRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .services
        .code_sign_in
        .send_code(&request.email, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-sign-in-code-sent", Empty {}))
}

/// Sign in with the mailed code; returns a token pair.
#[utoipa::path(post, path = "/api/auth/verify-otp", tag = "auth",
    request_body = VerifyOtpRequest,
    responses(
        (status = 200, description = "Signed in", body = super::docs::Success<TokenData>),
        (status = 400, description = "`INVALID_CODE` or malformed JSON", body = ErrorBody),
        (status = 401, description = "`MFA_REQUIRED` with an `mfaToken`: the account has a second factor", body = MfaRequiredBody),
        (status = 403, description = "`ACCOUNT_DISABLED`, or `ACCOUNT_PENDING_DELETION` (a deleted account that can be restored on the website)", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn verify_otp(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<VerifyOtpRequest>,
) -> Result<SignInAnswer, ApiError> {
    let outcome = state
        .services
        .code_sign_in
        .sign_in_with_code(&request.email, &request.otp, &client)
        .await;
    answer(
        &state,
        outcome.map_err(api_error)?,
        "api-signed-in",
        &client,
    )
    .await
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    current_password: String,
    #[schema(min_length = 8, max_length = 128)]
    new_password: String,
}

/// Change the password. Every earlier sign-in of the user ends (browser
/// sessions, refresh tokens, access tokens); the answer is a fresh pair for
/// the caller, and a notice is mailed.
#[utoipa::path(post, path = "/api/auth/change-password", tag = "auth",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed; a new token pair", body = super::docs::Success<TokenData>),
        (status = 400, description = "`VALIDATION_ERROR`: wrong current password, weak or unchanged new one; or malformed JSON", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 423, description = "`ACCOUNT_LOCKED`: too many wrong passwords", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` with `Retry-After`", body = ErrorBody),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    Bearer(caller): Bearer,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<Envelope<TokenData>, ApiError> {
    let caller = SensitiveCaller::TokenHolder {
        user_id: caller.user_id,
    };
    state
        .services
        .password_change
        .change_password(
            &caller,
            &request.current_password,
            &request.new_password,
            &client,
        )
        .await
        .map_err(api_error)?;
    let user = current_user(&state, caller.user_id()).await?;
    let amr = Amr::single(SignInMethod::Password);
    let pair = issue(&state, &user, &amr, &client).await?;
    Ok(Envelope::ok(
        "api-password-changed",
        TokenData::new(user, pair),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GoogleRequest {
    /// An ID token the app got from Google for this service.
    id_token: String,
}

/// Sign in with an ID token a mobile app got from Google; returns a token
/// pair. The same linking rules as the browser flow apply.
#[utoipa::path(post, path = "/api/auth/google", tag = "auth",
    request_body = GoogleRequest,
    responses(
        (status = 200, description = "Signed in", body = super::docs::Success<TokenData>),
        (status = 400, description = "Malformed JSON, or no email address from Google", body = ErrorBody),
        (status = 401, description = "`INVALID_TOKEN`: the ID token did not verify; or `MFA_REQUIRED` with an `mfaToken`: the account has a second factor", body = MfaRequiredBody),
        (status = 403, description = "`ACCOUNT_DISABLED`, or `ACCOUNT_PENDING_DELETION` (a deleted account that can be restored on the website)", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`: Google sign-in is not enabled", body = ErrorBody),
        (status = 409, description = "`LINK_REQUIRED`: an account has this address; sign in to it and link Google", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "`EMAIL_NOT_VERIFIED`: Google has not verified the address, so it neither creates nor reaches an account", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
        (status = 502, description = "`PROVIDER_UNAVAILABLE`", body = ErrorBody),
    ))]
pub async fn google(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<GoogleRequest>,
) -> Result<SignInAnswer, ApiError> {
    let google = state
        .google
        .as_ref()
        .ok_or_else(|| ApiError(OAuthError::NotEnabled.into()))?;
    let admitted = google
        .sign_in_with_id_token(&request.id_token, &client)
        .await
        .map_err(|error| ApiError(error.into()))?;
    answer(
        &state,
        admitted.into(),
        "api-signed-in-with-google",
        &client,
    )
    .await
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MfaVerifyRequest {
    /// The `mfaToken` from the `MFA_REQUIRED` answer.
    mfa_token: String,
    /// Six digits from the authenticator app, or the mailed code.
    #[schema(example = "042137")]
    code: Option<String>,
    /// One of the account's recovery codes (`xxxxx-xxxxx`).
    #[schema(example = "k7dq2-m9xwp")]
    recovery_code: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MfaTokenRequest {
    mfa_token: String,
}

/// Finish a sign-in whose first factor answered `MFA_REQUIRED`; returns a
/// token pair whose access token's `amr` includes `mfa`.
///
/// Wrong codes count towards the account's lockout, like wrong passwords.
/// An app code works once. The `mfaToken` is single use and lasts 5 minutes.
#[utoipa::path(post, path = "/api/auth/mfa/verify", tag = "auth",
    request_body = MfaVerifyRequest,
    responses(
        (status = 200, description = "Signed in", body = super::docs::Success<TokenData>),
        (status = 400, description = "`INVALID_CODE`: wrong or used code; validation error or malformed JSON", body = ErrorBody),
        (status = 401, description = "`SIGN_IN_EXPIRED`: the `mfaToken` is unknown, used or older than 5 minutes", body = ErrorBody),
        (status = 403, description = "`ACCOUNT_DISABLED` or `ACCOUNT_PENDING_DELETION`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 423, description = "`ACCOUNT_LOCKED`: too many wrong codes or passwords", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`", body = ErrorBody),
    ))]
pub async fn mfa_verify(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<MfaVerifyRequest>,
) -> Result<SignInAnswer, ApiError> {
    let proof = match (request.code, request.recovery_code) {
        (Some(code), None) => SecondFactorProof::Code(code),
        (None, Some(code)) => SecondFactorProof::RecoveryCode(code),
        _ => {
            return Err(ApiError(AppError::validation(vec![FieldError::new(
                "code",
                say("problem-second-step-input"),
            )])));
        }
    };
    let outcome = state
        .services
        .second_step
        .verify(&request.mfa_token, proof, &client)
        .await
        .map_err(api_error)?;
    answer(&state, outcome, "api-signed-in", &client).await
}

/// Mail a code that finishes the sign-in, for an account that has emailed
/// second-step codes turned on (`email` among the `methods`).
#[utoipa::path(post, path = "/api/auth/mfa/email-code", tag = "auth",
    request_body = MfaTokenRequest,
    responses(
        (status = 200, description = "Sent", body = super::docs::Success<Empty>),
        (status = 400, description = "The account does not get codes by email; or malformed JSON", body = ErrorBody),
        (status = 401, description = "`SIGN_IN_EXPIRED`", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED` with `Retry-After`", body = ErrorBody),
    ))]
pub async fn mfa_email_code(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<MfaTokenRequest>,
) -> Result<Envelope<Empty>, ApiError> {
    state
        .services
        .second_step
        .send_email_code(&request.mfa_token, &client)
        .await
        .map_err(api_error)?;
    Ok(Envelope::ok("api-a-code-is-on-its-way", Empty {}))
}

/// What a sign-in answers: a token pair, or `MFA_REQUIRED` with the token
/// that finishes it.
pub enum SignInAnswer {
    Tokens(Envelope<TokenData>),
    SecondStep(SecondStepChallenge),
}

/// The `MFA_REQUIRED` answer's `data`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MfaRequiredData {
    /// Send it to `POST /api/auth/mfa/verify`; single use, for 5 minutes.
    mfa_token: String,
    /// What the account accepts: `app`, `email` (ask for a code with
    /// `POST /api/auth/mfa/email-code`), `recovery_code`.
    methods: Vec<SecondStepMethod>,
    #[schema(example = 300)]
    expires_in: i64,
}

/// A sign-in's 401: the error envelope, which for `MFA_REQUIRED` also
/// carries `data` (for `INVALID_CREDENTIALS` and the others it has none).
#[derive(Serialize, ToSchema)]
pub struct MfaRequiredBody {
    #[schema(example = false)]
    success: bool,
    message: String,
    #[schema(example = "MFA_REQUIRED")]
    error: app::error::ErrorCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<MfaRequiredData>,
}

impl IntoResponse for SignInAnswer {
    fn into_response(self) -> axum::response::Response {
        match self {
            SignInAnswer::Tokens(envelope) => envelope.into_response(),
            SignInAnswer::SecondStep(challenge) => {
                let body = MfaRequiredBody {
                    success: false,
                    message: app::i18n::current().t("api-second-step-needed"),
                    error: app::error::ErrorCode::MfaRequired,
                    data: Some(MfaRequiredData {
                        mfa_token: challenge.token,
                        methods: challenge.methods,
                        expires_in: challenge.expires_in,
                    }),
                };
                let mut response = (StatusCode::UNAUTHORIZED, Json(body)).into_response();
                let headers = response.headers_mut();
                headers.insert(
                    axum::http::header::CACHE_CONTROL,
                    axum::http::HeaderValue::from_static("no-store"),
                );
                headers.insert(
                    axum::http::header::PRAGMA,
                    axum::http::HeaderValue::from_static("no-cache"),
                );
                response
            }
        }
    }
}

/// Tokens for a finished sign-in, or the second step it needs.
pub(super) async fn answer(
    state: &AppState,
    outcome: SignInOutcome,
    message: &'static str,
    client: &ClientMeta,
) -> Result<SignInAnswer, ApiError> {
    match outcome {
        SignInOutcome::SignedIn { user, amr } => {
            let pair = issue(state, &user, &amr, client).await?;
            Ok(SignInAnswer::Tokens(Envelope::ok(
                message,
                TokenData::new(user, pair),
            )))
        }
        SignInOutcome::SecondStep(challenge) => Ok(SignInAnswer::SecondStep(challenge)),
        // API clients cannot restore a deleted account: that offer is the website's.
        SignInOutcome::PendingDeletion { .. } => {
            Err(ApiError(AppError::account_pending_deletion()))
        }
    }
}

/// The public keys that verify access tokens (RFC 7517).
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "keys",
    responses((status = 200, description = "A JWK set", body = crate::tokens::keys::Jwks)))]
pub async fn jwks(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(axum::http::header::CACHE_CONTROL, "public, max-age=300")],
        Json(state.tokens.keys().jwks()),
    )
}

async fn current_user(state: &AppState, user_id: &UserId) -> Result<UserView, ApiError> {
    state
        .services
        .current_user
        .current_user(user_id)
        .await
        .map_err(api_error)?
        .ok_or_else(|| token_error(TokenError::Invalid))
}

/// A new token pair for a user who has just proved who they are.
async fn issue(
    state: &AppState,
    user: &UserView,
    amr: &Amr,
    client: &ClientMeta,
) -> Result<TokenPair, ApiError> {
    state
        .tokens
        .issue(&user.id, amr, client)
        .await
        .map_err(token_error)
}

impl From<DeviceView> for ApiSignIn {
    fn from(device: DeviceView) -> Self {
        Self {
            id: device.id,
            kind: device.kind,
            created_at: device.created_at,
            last_used_at: device.last_used_at,
            ip: device.ip,
            user_agent: device.user_agent,
            current: device.current,
        }
    }
}

/// Field names in details follow the JSON body (`firstName`), not Rust's.
pub(super) fn api_error(mut error: AppError) -> ApiError {
    for detail in &mut error.details {
        detail.field = camel_case(&detail.field);
    }
    ApiError(error)
}

fn token_error(error: TokenError) -> ApiError {
    ApiError(error.into())
}

fn camel_case(name: &str) -> String {
    let mut parts = name.split('_');
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}
