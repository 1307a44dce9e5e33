//! Data shared by the pages and the server.

use crate::{
    i18n::Language,
    vocabulary::{Amr, Role, SecondFactorKind, SecondStepMethod, UserId},
};
use serde::{Deserialize, Serialize};

/// What the pages may know about a signed-in user. Nothing secret belongs here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub email_verified: bool,
    pub role: Role,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_login_at: Option<String>,
    /// Whether the account can sign in with a password (accounts made with
    /// Google or codes may have none).
    pub has_password: bool,
    /// Whether the account has a second factor (an app or mailed codes).
    pub has_second_factor: bool,
    /// An admin who must set up a second factor before the admin panel
    /// opens (`MFA_REQUIRED_FOR_ADMINS`).
    #[serde(default)]
    pub must_set_up_second_factor: bool,
    /// The language the account chose for its pages and mails, if any.
    #[serde(default)]
    pub language: Option<Language>,
}

impl UserView {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Sign in with Google, as the pages show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoogleStatus {
    /// Google sign-in is configured on this server.
    pub enabled: bool,
    /// The signed-in user's account is connected to Google.
    pub linked: bool,
    /// The signed-in user can sign in with a password.
    pub has_password: bool,
}

/// A browser session or an API sign-in, as the devices list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
    /// Public id, for revoking; never the session cookie or a token.
    pub id: String,
    /// "browser" or "api".
    pub kind: String,
    /// The parsed user agent, e.g. "Chrome on Linux".
    pub device: String,
    /// The user agent as the device sent it.
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_used_at: String,
    pub current: bool,
}

/// One of the user's own audit events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActivityView {
    /// What happened, in words ("Signed in with a password").
    pub description: String,
    pub success: bool,
    pub ip: Option<String>,
    pub device: String,
    /// RFC 3339, UTC.
    pub at: String,
}

/// What a sign-in with valid credentials led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInOutcome {
    SignedIn {
        user: UserView,
        amr: Amr,
    },
    /// The first factor was right; the second step comes next.
    SecondStep(SecondStepChallenge),
    /// The account was deleted and waits for erasure: it may be restored.
    PendingDeletion {
        user_id: UserId,
    },
}

/// A row of the admin users table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminUserView {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub email_verified: bool,
    pub is_active: bool,
    /// RFC 3339 while the account is locked after failed sign-ins.
    pub locked_until: Option<String>,
    /// RFC 3339 when a deleted account will be erased.
    pub erase_after: Option<String>,
    pub created_at: String,
    pub last_login_at: Option<String>,
    /// Its second factors (none: a password alone signs in).
    pub second_factors: Vec<SecondFactorKind>,
}

/// One page of the users table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserPage {
    pub users: Vec<AdminUserView>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub per_page: i64,
}

/// What the admin sees of one user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminUserDetail {
    pub user: AdminUserView,
    pub has_password: bool,
    /// Linked providers, e.g. "google (ada@gmail.com)".
    pub connections: Vec<String>,
    pub devices: Vec<DeviceView>,
    pub passkeys: Vec<PasskeyView>,
    pub events: Vec<ActivityView>,
}

/// An audit event in the admin log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntryView {
    pub id: i64,
    pub at: String,
    pub user_id: Option<String>,
    pub user_email: Option<String>,
    pub user_name: Option<String>,
    /// The admin who acted, when it was not the user.
    pub actor_email: Option<String>,
    /// The stored name (`AuditAction`), for filters and scripts.
    pub action: String,
    /// What happened, in words ("Signed in with a password").
    pub description: String,
    pub success: bool,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub per_page: i64,
}

/// One day of a chart: its date and values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    /// YYYY-MM-DD, UTC.
    pub day: String,
    pub values: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardView {
    pub users: i64,
    pub verified: i64,
    pub active_7_days: i64,
    pub locked: i64,
    pub admins: i64,
    /// 30 days, oldest first; one value: sign-ups.
    pub signups: Vec<DayCount>,
    /// 30 days, oldest first; values: succeeded, failed.
    pub sign_ins: Vec<DayCount>,
    /// Successful sign-ins over 30 days by method: password, code, Google.
    pub methods: Vec<MethodCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MethodCount {
    pub method: String,
    pub count: i64,
}

/// A sign-in waiting for its second step. No `Debug`: `token` is the key
/// to it (the session keeps it, the API hands it out as `mfaToken`).
#[derive(Clone, PartialEq, Eq)]
pub struct SecondStepChallenge {
    pub token: String,
    pub methods: Vec<SecondStepMethod>,
    pub expires_in: i64,
}

impl std::fmt::Debug for SecondStepChallenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecondStepChallenge")
            .field("methods", &self.methods)
            .finish_non_exhaustive()
    }
}

/// The second-step page: what the waiting sign-in accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondStepView {
    pub methods: Vec<SecondStepMethod>,
    /// The account's address with most of it hidden ("a•••@example.com").
    pub masked_email: String,
}

/// The "Two-step sign-in" page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepView {
    pub app: bool,
    pub email: bool,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
    /// Whether the user must set up a factor before the admin panel opens.
    pub required: bool,
}

impl TwoStepView {
    /// Signing in with the third-last recovery code (or a later one) warns.
    pub fn few_recovery_codes_left(&self) -> bool {
        self.recovery_codes_left <= 2
    }
}

/// An authenticator app being set up: the secret to scan or type.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppEnrolment {
    /// The `otpauth://` URI as an SVG QR code.
    pub qr_svg: String,
    /// The secret in base32, for typing into an app.
    pub secret: String,
}

impl std::fmt::Debug for AppEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppEnrolment(..)")
    }
}

/// A browser trusted to skip the second step, on the devices page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedBrowserView {
    pub id: String,
    pub device: String,
    pub ip: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub expires_at: String,
}

/// One of an account's passkeys, on the profile and in the admin panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasskeyView {
    pub id: String,
    pub name: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_used_at: Option<String>,
    /// The authenticator's make ("iCloud Keychain", "YubiKey 5"), when its
    /// model is one Portcullis knows.
    pub authenticator: Option<String>,
    /// Whether the passkey may be copied to the owner's other devices
    /// (a synced passkey) rather than kept on one.
    pub synced: bool,
}

/// A WebAuthn ceremony begun: the options to hand to
/// `navigator.credentials` (the JSON of `{ publicKey: … }`), and the id
/// that finishes it. No `Debug`: the id is the key to the ceremony.
#[derive(Clone, PartialEq, Eq)]
pub struct PasskeyCeremony {
    pub options: String,
    pub token: String,
}
