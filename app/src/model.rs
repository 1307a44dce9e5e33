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
