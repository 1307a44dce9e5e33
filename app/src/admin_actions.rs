//! What an admin can do to an account from the panel, and how the panel
//! names and asks about each: the page's buttons, its in-page dialog, the
//! confirmation page without JavaScript and the server function's check all
//! read this one list, so a new action cannot skip its confirmation.

use crate::{
    error::{AppError, FieldError},
    i18n::Language,
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
                    crate::i18n::current().t("action-unknown"),
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
    pub fn label(&self, t: Language) -> String {
        t.t(match self {
            AdminAction::Activate => "action-activate",
            AdminAction::Deactivate => "action-deactivate",
            AdminAction::Unlock => "action-unlock",
            AdminAction::RevokeSessions => "action-revoke-sessions",
            AdminAction::ResendVerification => "action-resend-verification",
            AdminAction::SendPasswordReset => "action-send-password-reset",
            AdminAction::SetRole(role) if Role::parse(role) == Some(Role::Admin) => {
                "action-make-admin"
            }
            AdminAction::SetRole(_) => "action-make-user",
            AdminAction::Delete => "action-delete",
            AdminAction::ResetSecondFactor => "action-reset-second-factor",
            AdminAction::RemovePasskey(_) => "action-remove-passkey",
        })
    }

    /// The confirmation's question, naming the account (and the passkey).
    pub fn question(&self, detail: &AdminUserDetail, t: Language) -> String {
        let name = format!("{} {}", detail.user.first_name, detail.user.last_name);
        let key = match self {
            AdminAction::Deactivate => "question-deactivate",
            AdminAction::RevokeSessions => "question-revoke-sessions",
            AdminAction::SetRole(role) if Role::parse(role) == Some(Role::Admin) => {
                "question-make-admin"
            }
            AdminAction::SetRole(_) => "question-make-user",
            AdminAction::Delete => "question-delete",
            AdminAction::ResetSecondFactor => "question-reset-second-factor",
            AdminAction::RemovePasskey(id) => {
                if let Some(key) = detail.passkeys.iter().find(|key| &key.id == id) {
                    return t.t_with(
                        "question-remove-passkey-named",
                        [("name", name.into()), ("passkey", key.name.clone().into())],
                    );
                }
                "question-remove-passkey"
            }
            _ => {
                return t.t_with(
                    "question-other",
                    [("action", self.label(t).into()), ("name", name.into())],
                );
            }
        };
        t.t_with(key, [("name", name.into())])
    }

    /// What happens, in words, under the question.
    pub fn effect(&self, t: Language) -> String {
        t.t(match self {
            AdminAction::Deactivate => "effect-deactivate",
            AdminAction::RevokeSessions => "effect-revoke-sessions",
            AdminAction::SetRole(role) if Role::parse(role) == Some(Role::Admin) => {
                "effect-make-admin"
            }
            AdminAction::SetRole(_) => "effect-make-user",
            AdminAction::Delete => "effect-delete",
            AdminAction::ResetSecondFactor => "effect-reset-second-factor",
            AdminAction::RemovePasskey(_) => "effect-remove-passkey",
            AdminAction::Activate => "effect-activate",
            AdminAction::Unlock => "effect-unlock",
            AdminAction::ResendVerification => "effect-resend-verification",
            AdminAction::SendPasswordReset => "effect-send-password-reset",
        })
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
