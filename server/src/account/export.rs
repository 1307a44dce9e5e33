//! "Download my data": the shape of the copy a user gets of everything
//! stored about them (the profile page's download and `GET /api/auth/export`
//! send the same). Nothing secret belongs here: no password hash, no session
//! id, no token or code, not even their hashes.

use app::vocabulary::Role;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportData {
    /// RFC 3339.
    pub exported_at: String,
    pub profile: ExportedProfile,
    pub connected_accounts: Vec<ExportedConnection>,
    /// Live browser sessions and app sign-ins.
    pub sessions: Vec<ExportedSession>,
    /// Passkeys as listed on the profile (their public keys are not
    /// personal data, and are left out).
    pub passkeys: Vec<app::model::PasskeyView>,
    /// Every audit event about the user, newest first.
    pub audit_events: Vec<ExportedEvent>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedProfile {
    pub id: String,
    pub email: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub has_password: bool,
    /// RFC 3339.
    pub created_at: String,
    pub last_sign_in_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedConnection {
    #[schema(example = "google")]
    pub provider: String,
    pub email: Option<String>,
    pub linked_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedSession {
    /// `browser` or `api`.
    pub kind: String,
    /// The parsed user agent, e.g. "Chrome on Linux".
    pub device: String,
    pub ip: Option<String>,
    pub created_at: String,
    pub last_used_at: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedEvent {
    #[schema(example = "login")]
    pub action: String,
    /// The action in words, e.g. "Signed in with a password".
    pub description: String,
    pub success: bool,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: String,
}
