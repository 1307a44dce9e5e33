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
