//! Words for what the user sees: devices from user agents, audit actions.

use app::vocabulary::{AuditAction, SignInMethod};

/// "Chrome on Linux", "Firefox on Windows 10", "okhttp", or "Unknown device".
pub fn device(user_agent: Option<&str>) -> String {
    let Some(user_agent) = user_agent.map(str::trim).filter(|ua| !ua.is_empty()) else {
        return "Unknown device".into();
    };
    let parsed = woothee::parser::Parser::new().parse(user_agent);
    let known = |value: &str| !value.is_empty() && value != woothee::woothee::VALUE_UNKNOWN;
    match parsed {
        Some(result) if known(result.name) && known(result.os) => {
            let browser = result.name.trim_start_matches("Headless");
            format!("{browser} on {}", result.os)
        }
        Some(result) if known(result.name) => result.name.to_string(),
        // An API client names itself first: "okhttp/4.12", "curl/8.5".
        _ => user_agent
            .split(['/', ' '])
            .next()
            .filter(|product| !product.is_empty())
            .map(|product| product.chars().take(40).collect())
            .unwrap_or_else(|| "Unknown device".into()),
    }
}

/// What an audit event means to the user it is about.
pub fn event(action: &str, reason: Option<&str>, success: bool) -> String {
    let text = match (AuditAction::parse(action), reason, success) {
        (Some(AuditAction::Login), Some(reason), true) => match SignInMethod::parse(reason) {
            Some(SignInMethod::Password) => "Signed in with a password",
            Some(SignInMethod::EmailCode) => "Signed in with an email code",
            Some(SignInMethod::Passkey) => "Signed in with a passkey",
            Some(method) if method.is_google() => "Signed in with Google",
            _ => "Signed in",
        },
        (Some(AuditAction::Login), Some("locked"), false) => {
            "Sign-in refused: too many failed attempts"
        }
        (Some(AuditAction::Login), Some("disabled"), false) => {
            "Sign-in refused: the account is deactivated"
        }
        (Some(AuditAction::Login), Some("pending_deletion"), false) => {
            "Sign-in to the deleted account"
        }
        (Some(AuditAction::Login), Some(_), false) => "Failed sign-in",
        (Some(AuditAction::Login), _, _) => "Signed in",
        (Some(AuditAction::Lockout), _, _) => "Sign-in locked after too many failed attempts",
        (Some(AuditAction::Logout), _, _) => "Signed out",
        (Some(AuditAction::LogoutAll), _, _) => "Signed out everywhere",
        (Some(AuditAction::LogoutOthers), _, _) => "Signed out of every other device",
        (Some(AuditAction::SessionRevoked), _, _) => "Signed a device out",
        (Some(AuditAction::Signup), _, true) => "Created the account",
        (Some(AuditAction::TokenRefresh), _, _) => "App session renewed",
        (Some(AuditAction::TokenReuse), _, _) => {
            "An app's old token was used again: that sign-in was ended"
        }
        (Some(AuditAction::ProfileUpdated), _, _) => "Changed name",
        (Some(AuditAction::PasswordChange), _, true) => "Changed password",
        (Some(AuditAction::PasswordChange), _, false) => "Failed to change password",
        (Some(AuditAction::PasswordSet), _, true) => "Set a password",
        (Some(AuditAction::PasswordResetRequest), _, _) => "Asked for a password reset",
        (Some(AuditAction::PasswordReset), _, true) => "Reset password",
        (Some(AuditAction::EmailVerification), _, true) => "Verified email address",
        (Some(AuditAction::EmailVerification), _, false) => "Failed to verify email address",
        (Some(AuditAction::EmailVerificationResend), _, _) => "Asked for a new verification email",
        (Some(AuditAction::EmailChangeRequest), _, true) => "Asked to change email address",
        (Some(AuditAction::EmailChangeRequest), _, false) => "Failed to start an email change",
        (Some(AuditAction::EmailChange), _, true) => "Changed email address",
        (Some(AuditAction::EmailChange), _, false) => "Failed to confirm an email change",
        (Some(AuditAction::CodeRequest), _, _) => "Asked for a sign-in code",
        (Some(AuditAction::ConfirmationCodeRequest), _, _) => "Asked for a confirmation code",
        (Some(AuditAction::Reauthentication), Some("passkey"), true) => {
            "Confirmed identity with a passkey"
        }
        (Some(AuditAction::Reauthentication), _, true) => "Confirmed identity",
        (Some(AuditAction::Reauthentication), _, false) => "Failed to confirm identity",
        (Some(AuditAction::GoogleLink), _, true) => "Connected Google",
        (Some(AuditAction::GoogleUnlink), _, true) => "Disconnected Google",
        (Some(AuditAction::GoogleSignIn), _, false) => "Google sign-in refused",
        (Some(AuditAction::AccountDeletion), _, true) => "Deleted the account",
        (Some(AuditAction::AccountDeletion), _, false) => "Failed to delete the account",
        (Some(AuditAction::AccountRestored), _, _) => "Restored the account",
        (Some(AuditAction::DataExport), _, _) => "Downloaded a copy of the data",
        (Some(AuditAction::FirstFactor), _, _) => "Signed in: the second step was asked for",
        (Some(AuditAction::SecondStep), Some("app"), true) => {
            "Finished signing in with the authenticator app"
        }
        (Some(AuditAction::SecondStep), Some("email_code"), true) => {
            "Finished signing in with an emailed code"
        }
        (Some(AuditAction::SecondStep), Some("recovery_code"), true) => {
            "Finished signing in with a recovery code"
        }
        (Some(AuditAction::SecondStep), Some("passkey"), true) => {
            "Finished signing in with a passkey"
        }
        (Some(AuditAction::SecondStep), _, false) => "Wrong code at the second step of a sign-in",
        (Some(AuditAction::PasskeySignIn), Some("locked"), false) => {
            "Passkey sign-in refused: too many failed attempts"
        }
        (Some(AuditAction::PasskeySignIn), _, false) => "A passkey did not verify",
        (Some(AuditAction::PasskeyAdded), _, _) => "Added a passkey",
        (Some(AuditAction::PasskeyRenamed), _, _) => "Renamed a passkey",
        (Some(AuditAction::PasskeyRemoved), _, _) => "Removed a passkey",
        (Some(AuditAction::AdminRemovePasskey), _, _) => "An admin removed a passkey",
        (Some(AuditAction::SecondStepCodeRequest), _, _) => "Asked for a second-step code",
        (Some(AuditAction::SecondFactorAdded), Some("app"), _) => "Set up an authenticator app",
        (Some(AuditAction::SecondFactorAdded), _, _) => "Turned on emailed second-step codes",
        (Some(AuditAction::SecondFactorRemoved), Some("app"), _) => "Removed the authenticator app",
        (Some(AuditAction::SecondFactorRemoved), _, _) => "Turned off emailed second-step codes",
        (Some(AuditAction::RecoveryCodesRegenerated), _, _) => "Made new recovery codes",
        (Some(AuditAction::RecoveryCodeUsed), _, _) => "Used a recovery code",
        (Some(AuditAction::TrustedBrowserAdded), _, _) => "Trusted a browser for 30 days",
        (Some(AuditAction::TrustedBrowserRevoked), _, _) => "Stopped trusting a browser",
        (Some(AuditAction::AdminResetSecondFactor), _, _) => "An admin turned off two-step sign-in",
        (Some(AuditAction::MailQueued) | Some(AuditAction::MailSent), _, _) => "Email sent",
        (Some(AuditAction::MailRetry) | Some(AuditAction::MailFailed), _, _) => {
            "Email delivery failed"
        }
        (_, _, true) => return action.replace('_', " "),
        (_, _, false) => return format!("{} (failed)", action.replace('_', " ")),
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_are_named_with_their_system() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                      Chrome/126.0.0.0 Safari/537.36";
        assert_eq!(device(Some(chrome)), "Chrome on Linux");
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 \
                       Firefox/128.0";
        assert!(device(Some(firefox)).starts_with("Firefox on Windows"));
    }

    #[test]
    fn api_clients_and_missing_agents_are_named_plainly() {
        assert_eq!(device(Some("okhttp/4.12.0")), "okhttp");
        assert_eq!(device(None), "Unknown device");
        assert_eq!(device(Some("  ")), "Unknown device");
    }
}
