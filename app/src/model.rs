//! Data shared by the pages and the server.

use crate::vocabulary::{Role, UserId};
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
    SignedIn(UserView),
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
    pub action: String,
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
