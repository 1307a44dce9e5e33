//! The names Portcullis speaks in: user ids, roles, sign-in methods and audit actions. Both crates use
//! these types; the database and the JSON API store and send their stable
//! names (`as_str`), which never change once released.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An account's id (a UUID, stored as text). A use case that acts on an
/// account takes one of these, so an email or another id cannot be passed
/// by mistake; it reads as a `&str` where storage binds it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(String);

impl UserId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for UserId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&str> for UserId {
    fn from(id: &str) -> Self {
        Self(id.to_string())
    }
}

impl std::ops::Deref for UserId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an account may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    User,
    Admin,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::User, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Admin => "admin",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == name)
    }
}

/// A stored role's name; a name no release wrote is an error, never a
/// silent default.
impl TryFrom<String> for Role {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Role::parse(&name).ok_or_else(|| format!("unknown role `{name}`"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a first factor was proven: the `reason` of a successful `login`
/// audit event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignInMethod {
    Password,
    /// A code mailed to the address.
    EmailCode,
    /// A Google identity already linked to the account.
    Google,
    /// A Google identity that created the account.
    GoogleSignUp,
    /// A verified Google identity that took over an account whose address
    /// was never verified.
    GoogleTakeover,
    /// A passkey, with user verification: two factors in one.
    Passkey,
}

impl SignInMethod {
    pub const ALL: [SignInMethod; 6] = [
        SignInMethod::Password,
        SignInMethod::EmailCode,
        SignInMethod::Google,
        SignInMethod::GoogleSignUp,
        SignInMethod::GoogleTakeover,
        SignInMethod::Passkey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SignInMethod::Password => "password",
            SignInMethod::EmailCode => "code",
            SignInMethod::Google => "google",
            SignInMethod::GoogleSignUp => "google_signup",
            SignInMethod::GoogleTakeover => "google_takeover",
            SignInMethod::Passkey => "passkey",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.as_str() == name)
    }

    pub fn is_google(self) -> bool {
        matches!(
            self,
            SignInMethod::Google | SignInMethod::GoogleSignUp | SignInMethod::GoogleTakeover
        )
    }
}

impl SignInMethod {
    /// Its RFC 8176 authentication method reference.
    pub fn amr(self) -> &'static str {
        match self {
            SignInMethod::Password => "pwd",
            SignInMethod::EmailCode => "otp",
            SignInMethod::Passkey => "hwk",
            _ => "fed",
        }
    }
}

/// A second factor an account can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondFactorKind {
    /// An authenticator app (TOTP).
    App,
    /// A code mailed after the first factor.
    Email,
}

impl SecondFactorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SecondFactorKind::App => "app",
            SecondFactorKind::Email => "email",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [SecondFactorKind::App, SecondFactorKind::Email]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// How a second step can be passed, as the API lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondStepMethod {
    App,
    /// A code mailed on request (`POST /api/auth/mfa/email-code`), or at
    /// once when it is the account's only second factor.
    Email,
    RecoveryCode,
    /// One of the account's passkeys (`POST /api/auth/mfa/passkey/begin`).
    Passkey,
}

/// What proved a sign-in (RFC 8176 `amr`): `pwd`, `otp`, `fed`, and `mfa`
/// when two factors did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Amr(Vec<String>);

impl Amr {
    pub fn single(first: SignInMethod) -> Self {
        Self(vec![first.amr().to_string()])
    }

    /// A passkey with user verification: the key (`hwk`), the person
    /// verified by the authenticator (`user`), two factors (`mfa`).
    pub fn passkey() -> Self {
        Self(vec!["hwk".into(), "user".into(), "mfa".into()])
    }

    /// Both factors: the first's, `second` (an RFC 8176 value), and `mfa`.
    pub fn with_second(first: SignInMethod, second: &str) -> Self {
        let mut values = vec![first.amr().to_string()];
        for value in [second, "mfa"] {
            if !values.iter().any(|v| v == value) {
                values.push(value.to_string());
            }
        }
        Self(values)
    }

    /// From its stored, space-separated form.
    pub fn parse(stored: &str) -> Self {
        Self(stored.split_whitespace().map(str::to_string).collect())
    }

    pub fn stored(&self) -> String {
        self.0.join(" ")
    }

    pub fn values(&self) -> &[String] {
        &self.0
    }
}

macro_rules! audit_actions {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// What an audit event records. `as_str` is the name stored in
        /// `audit_log.action`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $($(#[$doc])* $variant,)*
        }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $name,)*
                }
            }

            /// The action in words, for people reading the log: the
            /// catalogue's `audit-<name>`.
            pub fn label(self, t: crate::i18n::Language) -> String {
                t.t(&format!("audit-{}", self.as_str()))
            }

            /// The action a stored name stands for (`None` for a name no
            /// release ever wrote).
            pub fn parse(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(AuditAction::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

audit_actions! {
    /// A sign-in attempt, whatever the factor (`reason` says which, or why not).
    Login => "login",
    /// The failure that locked an address.
    Lockout => "lockout",
    Logout => "logout",
    LogoutAll => "logout_all",
    LogoutOthers => "logout_others",
    SessionRevoked => "session_revoked",
    Signup => "signup",
    TokenRefresh => "token_refresh",
    TokenReuse => "token_reuse",
    ProfileUpdated => "profile_updated",
    PasswordChange => "password_change",
    PasswordSet => "password_set",
    PasswordResetRequest => "password_reset_request",
    PasswordReset => "password_reset",
    EmailVerification => "email_verification",
    EmailVerificationResend => "email_verification_resend",
    EmailChangeRequest => "email_change_request",
    EmailChange => "email_change",
    CodeRequest => "code_request",
    ConfirmationCodeRequest => "confirmation_code_request",
    Reauthentication => "reauthentication",
    GoogleLink => "google_link",
    GoogleUnlink => "google_unlink",
    GoogleSignIn => "google_sign_in",
    AccountDeletion => "account_deletion",
    AccountRestored => "account_restored",
    /// An account's personal data was erased (the event names no one).
    AccountErased => "account_erased",
    DataExport => "data_export",
    MailQueued => "mail_queued",
    MailSent => "mail_sent",
    MailRetry => "mail_retry",
    MailFailed => "mail_failed",
    AdminCreated => "admin_created",
    AdminPromoted => "admin_promoted",
    AdminActivate => "admin_activate",
    AdminDeactivate => "admin_deactivate",
    AdminUnlock => "admin_unlock",
    AdminRevokeSessions => "admin_revoke_sessions",
    AdminResendVerification => "admin_resend_verification",
    AdminPasswordReset => "admin_password_reset",
    AdminSetRole => "admin_set_role",
    AdminDelete => "admin_delete",
    /// The first factor was right and the second step was asked for
    /// (`reason`: the first factor's method).
    FirstFactor => "first_factor",
    /// A try at the second step (`reason`: the factor used, or why not).
    SecondStep => "second_step",
    SecondStepCodeRequest => "second_step_code_request",
    SecondFactorAdded => "second_factor_added",
    SecondFactorRemoved => "second_factor_removed",
    RecoveryCodesRegenerated => "recovery_codes_regenerated",
    RecoveryCodeUsed => "recovery_code_used",
    TrustedBrowserAdded => "trusted_browser_added",
    TrustedBrowserRevoked => "trusted_browser_revoked",
    AdminResetSecondFactor => "admin_reset_second_factor",
    /// A passkey that did not verify (`reason`), at sign-in or when
    /// confirming it's you, or a passkey sign-in refused before it was
    /// checked (a locked account).
    PasskeySignIn => "passkey_sign_in",
    PasskeyAdded => "passkey_added",
    PasskeyRenamed => "passkey_renamed",
    PasskeyRemoved => "passkey_removed",
    /// An admin removed one of a user's passkeys.
    AdminRemovePasskey => "admin_remove_passkey",
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_name_reads_back_as_its_own_value_and_names_are_unique() {
        let mut names = std::collections::HashSet::new();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(*action));
            assert!(names.insert(action.as_str()), "{action} twice");
        }
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for method in SignInMethod::ALL {
            assert_eq!(SignInMethod::parse(method.as_str()), Some(method));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
