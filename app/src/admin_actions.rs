//! What an admin can do to an account from the panel, and how the panel
//! names and asks about each: the page's buttons, its in-page dialog, the
//! confirmation page without JavaScript and the server function's check all
//! read this one list, so a new action cannot skip its confirmation.

use crate::{
    error::{AppError, FieldError},
    model::AdminUserDetail,
    vocabulary::Role,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdminAction {
    Activate,
    Deactivate,
    Unlock,
    RevokeSessions,
    ResendVerification,
    SendPasswordReset,
    SetRole(String),
    Delete,
    /// Removes every second factor and recovery code (the user is mailed).
    ResetSecondFactor,
    /// Removes one of the user's passkeys, by id (the user is mailed).
    RemovePasskey(String),
}

/// The value of the `confirmed` field sent by a confirmation's own form.
pub const CONFIRMED: &str = "yes";

impl AdminAction {
    /// From the panel's form fields: `action`, with `role` for `set_role`
    /// and `passkey` for `remove_passkey`.
    pub fn from_form(
        action: &str,
        role: Option<String>,
        passkey: Option<String>,
    ) -> Result<Self, AppError> {
        Ok(match action {
            "activate" => AdminAction::Activate,
            "deactivate" => AdminAction::Deactivate,
            "unlock" => AdminAction::Unlock,
            "revoke_sessions" => AdminAction::RevokeSessions,
            "resend_verification" => AdminAction::ResendVerification,
            "send_password_reset" => AdminAction::SendPasswordReset,
            "set_role" => AdminAction::SetRole(role.unwrap_or_default()),
            "delete" => AdminAction::Delete,
            "reset_second_factor" => AdminAction::ResetSecondFactor,
            "remove_passkey" => AdminAction::RemovePasskey(passkey.unwrap_or_default()),
            _ => {
                return Err(AppError::validation(vec![FieldError::new(
                    "action",
                    "Unknown action.",
                )]));
            }
        })
    }

    /// The form fields that name this action, `from_form`'s inverse.
    pub fn form_fields(&self) -> Vec<(&'static str, String)> {
        let name = match self {
            AdminAction::Activate => "activate",
            AdminAction::Deactivate => "deactivate",
            AdminAction::Unlock => "unlock",
            AdminAction::RevokeSessions => "revoke_sessions",
            AdminAction::ResendVerification => "resend_verification",
            AdminAction::SendPasswordReset => "send_password_reset",
            AdminAction::SetRole(_) => "set_role",
            AdminAction::Delete => "delete",
            AdminAction::ResetSecondFactor => "reset_second_factor",
            AdminAction::RemovePasskey(_) => "remove_passkey",
        };
        let mut fields = vec![("action", name.to_string())];
        match self {
            AdminAction::SetRole(role) => fields.push(("role", role.clone())),
            AdminAction::RemovePasskey(id) => fields.push(("passkey", id.clone())),
            _ => {}
        }
        fields
    }

    /// Whether the panel asks first: the action takes access, data or
    /// protection away, or gives admin rights. The others (activate,
    /// unlock, resend a mail) are harmless to do twice and act at once.
    pub fn needs_confirmation(&self) -> bool {
        !matches!(
            self,
            AdminAction::Activate
                | AdminAction::Unlock
                | AdminAction::ResendVerification
                | AdminAction::SendPasswordReset
        )
    }

    /// The button's words.
    pub fn label(&self) -> &'static str {
        match self {
            AdminAction::Activate => "Activate",
            AdminAction::Deactivate => "Deactivate",
            AdminAction::Unlock => "Unlock",
            AdminAction::RevokeSessions => "Sign out everywhere",
            AdminAction::ResendVerification => "Resend verification",
            AdminAction::SendPasswordReset => "Send password reset",
            AdminAction::SetRole(role) if Role::parse(role) == Some(Role::Admin) => "Make admin",
            AdminAction::SetRole(_) => "Make user",
            AdminAction::Delete => "Delete",
            AdminAction::ResetSecondFactor => "Turn off two-step sign-in",
            AdminAction::RemovePasskey(_) => "Remove",
        }
    }

    /// The confirmation's question, naming the account (and the passkey).
    pub fn question(&self, detail: &AdminUserDetail) -> String {
        let name = format!("{} {}", detail.user.first_name, detail.user.last_name);
        match self {
            AdminAction::Deactivate => format!("Deactivate {name}?"),
            AdminAction::RevokeSessions => format!("Sign {name} out everywhere?"),
            AdminAction::SetRole(role) if Role::parse(role) == Some(Role::Admin) => {
                format!("Give {name} admin rights?")
            }
            AdminAction::SetRole(_) => format!("Remove admin rights from {name}?"),
            AdminAction::Delete => format!("Delete {name}?"),
            AdminAction::ResetSecondFactor => format!("Turn off two-step sign-in for {name}?"),
            AdminAction::RemovePasskey(id) => {
                match detail.passkeys.iter().find(|key| &key.id == id) {
                    Some(key) => format!("Remove the passkey “{}” from {name}?", key.name),
                    None => format!("Remove a passkey from {name}?"),
                }
            }
            _ => format!("{} {name}?", self.label()),
        }
    }

    /// What happens, in words, under the question.
    pub fn effect(&self) -> &'static str {
        match self {
            AdminAction::Deactivate => {
                "They are signed out everywhere at once and cannot sign in until an admin \
                 activates the account again."
            }
            AdminAction::RevokeSessions => {
                "Every browser and app signed in to this account is signed out at once. They \
                 can sign in again."
            }
            AdminAction::SetRole(role) if Role::parse(role) == Some(Role::Admin) => {
                "They can then manage every account, role and session, and read the audit log."
            }
            AdminAction::SetRole(_) => "They can no longer open the admin panel.",
            AdminAction::Delete => {
                "Their account is closed and their personal data erased now. This cannot be \
                 undone."
            }
            AdminAction::ResetSecondFactor => {
                "Their authenticator app, emailed codes and recovery codes are removed, so their \
                 password alone signs them in. They are told by email."
            }
            AdminAction::RemovePasskey(_) => {
                "The passkey stops signing them in. They are told by email."
            }
            AdminAction::Activate => "They can sign in again.",
            AdminAction::Unlock => "Sign-in attempts are taken again at once.",
            AdminAction::ResendVerification => "A new verification link is mailed to them.",
            AdminAction::SendPasswordReset => "A password reset link is mailed to them.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_own_form_fields() {
        for action in [
            AdminAction::Activate,
            AdminAction::Deactivate,
            AdminAction::Unlock,
            AdminAction::RevokeSessions,
            AdminAction::ResendVerification,
            AdminAction::SendPasswordReset,
            AdminAction::SetRole("admin".into()),
            AdminAction::Delete,
            AdminAction::ResetSecondFactor,
            AdminAction::RemovePasskey("p1".into()),
        ] {
            let fields = action.form_fields();
            let field = |name: &str| {
                fields
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.clone())
            };
            let read =
                AdminAction::from_form(&field("action").unwrap(), field("role"), field("passkey"));
            assert_eq!(read.ok(), Some(action));
        }
    }

    #[test]
    fn taking_access_away_or_giving_admin_rights_asks_first() {
        assert!(AdminAction::Delete.needs_confirmation());
        assert!(AdminAction::SetRole("admin".into()).needs_confirmation());
        assert!(AdminAction::SetRole("user".into()).needs_confirmation());
        assert!(!AdminAction::Unlock.needs_confirmation());
    }
}
