//! Use cases the server functions call. `app` defines them; the `server` crate
//! implements them and hands them to Leptos through context.

use crate::{
    error::AppError,
    guards::{Admin, RecentSignIn, SensitiveCaller},
    model::{
        ActivityView, AdminUserDetail, AppEnrolment, AuditPage, DashboardView, DeviceView,
        GoogleStatus, PasskeyCeremony, PasskeyView, SecondStepView, SignInOutcome,
        TrustedBrowserView, TwoStepView, UserPage, UserView,
    },
    vocabulary::{SecondFactorKind, UserId},
};
use async_trait::async_trait;
use std::sync::Arc;

/// Who is calling, as far as the transport can tell.
#[derive(Clone, Debug, Default)]
pub struct ClientMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The browser's "trust this browser" cookie, if it sent one.
    pub trusted_browser: Option<BrowserToken>,
}

/// The token of a trusted browser's cookie. Never printed.
#[derive(Clone)]
pub struct BrowserToken(pub String);

impl std::fmt::Debug for BrowserToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BrowserToken(..)")
    }
}

pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
}

/// What a user changes of their profile; `None` leaves it as it is.
#[derive(Default)]
pub struct ProfileChange<'a> {
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub language: Option<crate::i18n::Language>,
}

pub struct LoginInput {
    pub email: String,
    pub password: String,
}

#[async_trait]
pub trait Register: Send + Sync {
    async fn register(
        &self,
        input: RegisterInput,
        client: &ClientMeta,
    ) -> Result<UserView, AppError>;
}

#[async_trait]
pub trait Login: Send + Sync {
    async fn login(
        &self,
        input: LoginInput,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError>;
}

#[async_trait]
pub trait Logout: Send + Sync {
    async fn logout(&self, user_id: &UserId, client: &ClientMeta) -> Result<(), AppError>;
}

#[async_trait]
pub trait CurrentUser: Send + Sync {
    /// The user behind a session, or `None` when the account can no longer be used.
    async fn current_user(&self, user_id: &UserId) -> Result<Option<UserView>, AppError>;
}

/// How a user proves they read a verification message.
pub enum EmailProofInput {
    Token(String),
    Code { email: String, code: String },
}

#[async_trait]
pub trait EmailVerification: Send + Sync {
    async fn verify_email(
        &self,
        proof: EmailProofInput,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// `false` when the address is already verified.
    async fn resend_verification(
        &self,
        user_id: &UserId,
        client: &ClientMeta,
    ) -> Result<bool, AppError>;
}

#[async_trait]
pub trait PasswordReset: Send + Sync {
    /// Answers the same whether or not an account has the address.
    async fn start_reset(&self, email: &str, client: &ClientMeta) -> Result<(), AppError>;
    async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// The address a working reset link is for (its holder reads the
    /// mailbox), so password managers know which login the new password
    /// belongs to; `None` for a wrong, used or expired link.
    async fn link_account(&self, token: &str) -> Result<Option<String>, AppError>;
}

#[async_trait]
pub trait CodeSignIn: Send + Sync {
    /// Answers the same whether or not an account has the address.
    async fn send_code(&self, email: &str, client: &ClientMeta) -> Result<(), AppError>;
    async fn sign_in_with_code(
        &self,
        email: &str,
        code: &str,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError>;
}

#[async_trait]
pub trait ConnectedAccounts: Send + Sync {
    async fn google_status(&self, user_id: Option<&UserId>) -> Result<GoogleStatus, AppError>;
    /// Refused while Google is the account's only way to sign in.
    /// Removing a way into the account needs a recent sign-in.
    async fn unlink_google(
        &self,
        caller: &RecentSignIn,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
}

/// How a signed-in user proves again that it is them: the password, or for
/// an account without one, a code mailed to its address.
#[derive(Default)]
pub struct IdentityProof {
    pub password: Option<String>,
    pub code: Option<String>,
    /// A code from the account's authenticator app, or a recovery code:
    /// an account with a second factor may confirm with it instead.
    pub second_factor: Option<String>,
}

/// Proving again that it is you, for the sensitive actions of the next minutes.
#[async_trait]
pub trait Reauthentication: Send + Sync {
    /// Mails a code that proves identity for the next sensitive action.
    async fn send_confirmation_code(
        &self,
        user_id: &UserId,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    async fn reauthenticate(
        &self,
        user_id: &UserId,
        proof: IdentityProof,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
}

#[async_trait]
pub trait PasswordChange: Send + Sync {
    /// Ends every sign-in of the user; the caller signs its own session in
    /// again (a page) or gets a new token pair (the API).
    async fn change_password(
        &self,
        caller: &SensitiveCaller,
        current_password: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// For accounts without a password, confirmed by a mailed code.
    async fn set_password(
        &self,
        recent: &RecentSignIn,
        code: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
}

#[async_trait]
pub trait EmailChange: Send + Sync {
    /// Mails a code to the new address; nothing changes until it is confirmed.
    async fn start_email_change(
        &self,
        caller: &SensitiveCaller,
        proof: IdentityProof,
        new_email: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// Applies the change: everything mailed to the old address dies and
    /// every other sign-in ends; `this_device` stays signed in.
    async fn confirm_email_change(
        &self,
        user_id: &UserId,
        code: &str,
        this_device: ThisDevice<'_>,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// The address a change waits to be confirmed for, if any.
    async fn pending_email_change(&self, user_id: &UserId) -> Result<Option<String>, AppError>;
}

#[async_trait]
pub trait AccountDeletion: Send + Sync {
    /// `typed_email`: the address typed out to confirm, where the form asks
    /// for it (the pages do; the API's confirmation is the password alone).
    async fn delete_account(
        &self,
        caller: &SensitiveCaller,
        proof: IdentityProof,
        typed_email: Option<&str>,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// When a deleted account will be erased (RFC 3339), if it is waiting.
    async fn erasure_date(&self, user_id: &UserId) -> Result<Option<String>, AppError>;
    /// Only after a sign-in answered `PendingDeletion`.
    async fn restore_account(
        &self,
        user_id: &UserId,
        client: &ClientMeta,
    ) -> Result<UserView, AppError>;
}

/// The user's own profile, devices and history.
#[async_trait]
pub trait AccountOverview: Send + Sync {
    /// Changes the names and the language given.
    async fn update_profile(
        &self,
        user_id: &UserId,
        change: ProfileChange<'_>,
        client: &ClientMeta,
    ) -> Result<UserView, AppError>;
    async fn devices(
        &self,
        user_id: &UserId,
        this_device: ThisDevice<'_>,
    ) -> Result<Vec<DeviceView>, AppError>;
    async fn revoke_device(
        &self,
        user_id: &UserId,
        device_id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    async fn sign_out_other_devices(
        &self,
        user_id: &UserId,
        current_session_id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// The newest 20 events.
    async fn recent_activity(&self, user_id: &UserId) -> Result<Vec<ActivityView>, AppError>;
}

/// What a second step is passed with.
pub enum SecondFactorProof {
    /// Six digits: from the authenticator app, or the mailed code.
    Code(String),
    RecoveryCode(String),
}

/// The second step of a sign-in whose first factor was just proven. The
/// challenge is the token the first step handed out.
#[async_trait]
pub trait SecondStep: Send + Sync {
    /// What the waiting sign-in accepts; `SIGN_IN_EXPIRED` once it is over.
    async fn pending(&self, challenge: &str) -> Result<SecondStepView, AppError>;
    /// Mails a code to the account's address, where its factors allow it.
    async fn send_email_code(&self, challenge: &str, client: &ClientMeta) -> Result<(), AppError>;
    /// Wrong codes count towards the account's lockout.
    async fn verify(
        &self,
        challenge: &str,
        proof: SecondFactorProof,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError>;
    /// Remembers this browser for the account: the token for its cookie.
    async fn trust_browser(
        &self,
        user_id: &UserId,
        client: &ClientMeta,
    ) -> Result<String, AppError>;
}

/// The "Two-step sign-in" settings. Changes need a recent sign-in (or,
/// for an account with a second factor, a recent second step).
#[async_trait]
pub trait TwoStepSettings: Send + Sync {
    async fn overview(&self, user_id: &UserId) -> Result<TwoStepView, AppError>;
    /// The secret of the app being set up: the same one for ten minutes, so
    /// a page shown again shows what was scanned.
    async fn start_app(&self, recent: &RecentSignIn) -> Result<AppEnrolment, AppError>;
    /// Turns the app on with a current code; answers the new recovery codes
    /// when the account had none.
    async fn confirm_app(
        &self,
        recent: &RecentSignIn,
        code: &str,
        client: &ClientMeta,
    ) -> Result<Option<Vec<String>>, AppError>;
    async fn enable_email(
        &self,
        recent: &RecentSignIn,
        client: &ClientMeta,
    ) -> Result<Option<Vec<String>>, AppError>;
    async fn remove(
        &self,
        recent: &RecentSignIn,
        kind: SecondFactorKind,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// Ten new codes; the old ones stop working.
    async fn regenerate_recovery_codes(
        &self,
        recent: &RecentSignIn,
        client: &ClientMeta,
    ) -> Result<Vec<String>, AppError>;
    async fn trusted_browsers(&self, user_id: &UserId)
    -> Result<Vec<TrustedBrowserView>, AppError>;
    async fn revoke_trusted_browser(
        &self,
        user_id: &UserId,
        id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
}

/// Passkeys: registering and managing them (the profile), signing in with
/// one instead of a password, and using one as a sign-in's second step.
/// A ceremony's `response` is the JSON of the browser's (or the native
/// client's) `PublicKeyCredential`.
#[async_trait]
pub trait Passkeys: Send + Sync {
    async fn passkeys(&self, user_id: &UserId) -> Result<Vec<PasskeyView>, AppError>;
    async fn begin_registration(&self, recent: &RecentSignIn) -> Result<PasskeyCeremony, AppError>;
    async fn finish_registration(
        &self,
        recent: &RecentSignIn,
        ceremony: &str,
        name: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<PasskeyView, AppError>;
    async fn rename(
        &self,
        user_id: &UserId,
        id: &str,
        name: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// Removing a way into the account needs a recent sign-in.
    async fn remove(
        &self,
        recent: &RecentSignIn,
        id: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// A sign-in with whichever passkey the person picks: no account is
    /// named, so nothing tells whether one exists.
    async fn begin_sign_in(&self, client: &ClientMeta) -> Result<PasskeyCeremony, AppError>;
    async fn finish_sign_in(
        &self,
        ceremony: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError>;
    /// Confirming it's you before a sensitive change, with one of your
    /// passkeys; a bad assertion counts towards the lockout.
    async fn begin_confirmation(&self, user_id: &UserId) -> Result<PasskeyCeremony, AppError>;
    async fn confirm(
        &self,
        user_id: &UserId,
        ceremony: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// The options for a waiting sign-in's second step (its `challenge`):
    /// the account's own passkeys.
    async fn begin_second_step(
        &self,
        challenge: &str,
        client: &ClientMeta,
    ) -> Result<String, AppError>;
    async fn finish_second_step(
        &self,
        challenge: &str,
        response: &str,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError>;
}

/// The sign-in a caller is using, to mark it as "this device" in a list.
#[derive(Clone, Copy, Debug)]
pub enum ThisDevice<'a> {
    /// A browser session, by its store id (the cookie's value).
    Session(&'a str),
    /// An API client, by its refresh family (an access token's `sid`).
    Family(&'a str),
    /// Someone else looking (an admin).
    NotListed,
}

/// The users table's query as the URL (or the API) gives it; the service
/// checks it and names the field of anything it cannot use.
#[derive(Clone, Debug, Default)]
pub struct UserQuery {
    pub query: Option<String>,
    /// `user` or `admin`.
    pub role: Option<String>,
    /// `active`, `inactive`, `locked`, `unlocked`, `verified` or `unverified`;
    /// several separated by commas.
    pub status: Option<String>,
    /// `created` (default), `last_sign_in` or `email`, with `-` in front for
    /// newest/last first (`-created` is the default).
    pub sort: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// The audit log's filters as the URL (or the API) gives them.
#[derive(Clone, Debug, Default)]
pub struct AuditQuery {
    /// A user's email or id.
    pub user: Option<String>,
    pub action: Option<String>,
    /// `true` or `false`.
    pub success: Option<String>,
    /// YYYY-MM-DD (UTC), inclusive.
    pub from: Option<String>,
    /// YYYY-MM-DD (UTC), inclusive.
    pub until: Option<String>,
    pub ip: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

pub use crate::admin_actions::AdminAction;

/// The admin panel: every use case takes the proof that its caller is an admin.
#[async_trait]
pub trait Administration: Send + Sync {
    async fn dashboard(&self, admin: &Admin) -> Result<DashboardView, AppError>;
    async fn users(&self, admin: &Admin, query: UserQuery) -> Result<UserPage, AppError>;
    async fn user(&self, admin: &Admin, user_id: &UserId) -> Result<AdminUserDetail, AppError>;
    async fn act(
        &self,
        admin: &Admin,
        user_id: &UserId,
        action: AdminAction,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// Activates or deactivates and/or changes the role at once (the API's
    /// PATCH): the whole request is checked before anything changes.
    async fn update_user(
        &self,
        admin: &Admin,
        user_id: &UserId,
        is_active: Option<bool>,
        role: Option<String>,
        client: &ClientMeta,
    ) -> Result<AdminUserDetail, AppError>;
    async fn audit(&self, admin: &Admin, query: AuditQuery) -> Result<AuditPage, AppError>;
    /// Every matching event as CSV, newest first (at most 100,000).
    async fn audit_csv(&self, admin: &Admin, query: AuditQuery) -> Result<String, AppError>;
}

/// Everything the server functions need, cheap to clone into each request's context.
#[derive(Clone)]
pub struct Services {
    pub register: Arc<dyn Register>,
    pub login: Arc<dyn Login>,
    pub logout: Arc<dyn Logout>,
    pub current_user: Arc<dyn CurrentUser>,
    pub email_verification: Arc<dyn EmailVerification>,
    pub password_reset: Arc<dyn PasswordReset>,
    pub code_sign_in: Arc<dyn CodeSignIn>,
    pub connected_accounts: Arc<dyn ConnectedAccounts>,
    pub reauthentication: Arc<dyn Reauthentication>,
    pub password_change: Arc<dyn PasswordChange>,
    pub email_change: Arc<dyn EmailChange>,
    pub account_deletion: Arc<dyn AccountDeletion>,
    pub account_overview: Arc<dyn AccountOverview>,
    pub administration: Arc<dyn Administration>,
    pub second_step: Arc<dyn SecondStep>,
    pub two_step: Arc<dyn TwoStepSettings>,
    pub passkeys: Arc<dyn Passkeys>,
    /// Admins must have a second factor before the admin panel opens.
    pub mfa_required_for_admins: bool,
    /// Cookies are `Secure` and `__Host-` (the public URL is https).
    pub secure_cookies: bool,
    /// How old a sign-in may be for a sensitive action.
    pub recent_authentication_seconds: i64,
    pub password_rules: crate::password_rules::PasswordRules,
    pub clock: crate::clock::Clock,
}
