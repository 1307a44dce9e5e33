//! Data shared by the pages and the server.

use serde::{Deserialize, Serialize};

/// What the pages may know about a signed-in user. Nothing secret belongs here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub email_verified: bool,
    pub role: String,
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
pub struct DeviceView {
    /// Public id, for revoking; never the session cookie or a token.
    pub id: String,
    /// "browser" or "api".
    pub kind: String,
    /// The parsed user agent, e.g. "Chrome on Linux".
    pub device: String,
    pub ip: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_used_at: String,
    pub current: bool,
}

/// One of the user's own audit events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
        user_id: String,
    },
}
