//! Words for what the user sees: devices from user agents, audit actions.

use app::{
    error::{say, say_with},
    vocabulary::{AuditAction, SignInMethod},
};

/// "Chrome on Linux", "Firefox on Windows 10", "okhttp", or "Unknown device".
pub fn device(user_agent: Option<&str>) -> String {
    let Some(user_agent) = user_agent.map(str::trim).filter(|ua| !ua.is_empty()) else {
        return say("device-unknown");
    };
    let parsed = woothee::parser::Parser::new().parse(user_agent);
    let known = |value: &str| !value.is_empty() && value != woothee::woothee::VALUE_UNKNOWN;
    match parsed {
        Some(result) if known(result.name) && known(result.os) => {
            let browser = result.name.trim_start_matches("Headless");
            say_with(
                "device-browser-on-system",
                [("browser", browser.into()), ("system", result.os.into())],
            )
        }
        Some(result) if known(result.name) => result.name.to_string(),
        // An API client names itself first: "okhttp/4.12", "curl/8.5".
        _ => user_agent
            .split(['/', ' '])
            .next()
            .filter(|product| !product.is_empty())
            .map(|product| product.chars().take(40).collect())
            .unwrap_or_else(|| say("device-unknown")),
    }
}

/// What an audit event means to the user it is about.
pub fn event(action: &str, reason: Option<&str>, success: bool) -> String {
    let text = match (AuditAction::parse(action), reason, success) {
        (Some(AuditAction::Login), Some(reason), true) => match SignInMethod::parse(reason) {
            Some(SignInMethod::Password) => "event-signed-in-with-a-password",
            Some(SignInMethod::EmailCode) => "event-signed-in-with-an-email-code",
            Some(SignInMethod::Passkey) => "event-signed-in-with-a-passkey",
            Some(method) if method.is_google() => "event-signed-in-with-google",
            _ => "event-signed-in",
        },
        (Some(AuditAction::Login), Some("locked"), false) => {
            "event-sign-in-refused-too-many-failed-attempts"
        }
        (Some(AuditAction::Login), Some("disabled"), false) => {
            "event-sign-in-refused-the-account-is-deactivated"
        }
        (Some(AuditAction::Login), Some("pending_deletion"), false) => {
            "event-sign-in-to-the-deleted-account"
        }
        (Some(AuditAction::Login), Some(_), false) => "event-failed-sign-in",
        (Some(AuditAction::Login), _, _) => "event-signed-in",
        (Some(AuditAction::Lockout), _, _) => "event-sign-in-locked-after-too-many-failed",
        (Some(AuditAction::Logout), _, _) => "event-signed-out",
        (Some(AuditAction::LogoutAll), _, _) => "event-signed-out-everywhere",
        (Some(AuditAction::LogoutOthers), _, _) => "event-signed-out-of-every-other-device",
        (Some(AuditAction::SessionRevoked), _, _) => "event-signed-a-device-out",
        (Some(AuditAction::Signup), _, true) => "event-created-the-account",
        (Some(AuditAction::TokenRefresh), _, _) => "event-app-session-renewed",
        (Some(AuditAction::TokenReuse), _, _) => "event-an-apps-old-token-was-used-again",
        (Some(AuditAction::ProfileUpdated), _, _) => "event-changed-name",
        (Some(AuditAction::PasswordChange), _, true) => "event-changed-password",
        (Some(AuditAction::PasswordChange), _, false) => "event-failed-to-change-password",
        (Some(AuditAction::PasswordSet), _, true) => "event-set-a-password",
        (Some(AuditAction::PasswordResetRequest), _, _) => "event-asked-for-a-password-reset",
        (Some(AuditAction::PasswordReset), _, true) => "event-reset-password",
        (Some(AuditAction::EmailVerification), _, true) => "event-verified-email-address",
        (Some(AuditAction::EmailVerification), _, false) => "event-failed-to-verify-email-address",
        (Some(AuditAction::EmailVerificationResend), _, _) => {
            "event-asked-for-a-new-verification-email"
        }
        (Some(AuditAction::EmailChangeRequest), _, true) => "event-asked-to-change-email-address",
        (Some(AuditAction::EmailChangeRequest), _, false) => {
            "event-failed-to-start-an-email-change"
        }
        (Some(AuditAction::EmailChange), _, true) => "event-changed-email-address",
        (Some(AuditAction::EmailChange), _, false) => "event-failed-to-confirm-an-email-change",
        (Some(AuditAction::CodeRequest), _, _) => "event-asked-for-a-sign-in-code",
        (Some(AuditAction::ConfirmationCodeRequest), _, _) => "event-asked-for-a-confirmation-code",
        (Some(AuditAction::Reauthentication), Some("passkey"), true) => {
            "event-confirmed-identity-with-a-passkey"
        }
        (Some(AuditAction::Reauthentication), _, true) => "event-confirmed-identity",
        (Some(AuditAction::Reauthentication), _, false) => "event-failed-to-confirm-identity",
        (Some(AuditAction::GoogleLink), _, true) => "event-connected-google",
        (Some(AuditAction::GoogleUnlink), _, true) => "event-disconnected-google",
        (Some(AuditAction::GoogleSignIn), _, false) => "event-google-sign-in-refused",
        (Some(AuditAction::AccountDeletion), _, true) => "event-deleted-the-account",
        (Some(AuditAction::AccountDeletion), _, false) => "event-failed-to-delete-the-account",
        (Some(AuditAction::AccountRestored), _, _) => "event-restored-the-account",
        (Some(AuditAction::DataExport), _, _) => "event-downloaded-a-copy-of-the-data",
        (Some(AuditAction::FirstFactor), _, _) => "event-signed-in-the-second-step-was-asked",
        (Some(AuditAction::SecondStep), Some("app"), true) => {
            "event-finished-signing-in-with-the-authenticator-app"
        }
        (Some(AuditAction::SecondStep), Some("email_code"), true) => {
            "event-finished-signing-in-with-an-emailed-code"
        }
        (Some(AuditAction::SecondStep), Some("recovery_code"), true) => {
            "event-finished-signing-in-with-a-recovery-code"
        }
        (Some(AuditAction::SecondStep), Some("passkey"), true) => {
            "event-finished-signing-in-with-a-passkey"
        }
        (Some(AuditAction::SecondStep), _, false) => "event-wrong-code-at-the-second-step-of",
        (Some(AuditAction::PasskeySignIn), Some("locked"), false) => {
            "event-passkey-sign-in-refused-too-many-failed"
        }
        (Some(AuditAction::PasskeySignIn), _, false) => "event-a-passkey-did-not-verify",
        (Some(AuditAction::PasskeyAdded), _, _) => "event-added-a-passkey",
        (Some(AuditAction::PasskeyRenamed), _, _) => "event-renamed-a-passkey",
        (Some(AuditAction::PasskeyRemoved), _, _) => "event-removed-a-passkey",
        (Some(AuditAction::AdminRemovePasskey), _, _) => "event-an-admin-removed-a-passkey",
        (Some(AuditAction::SecondStepCodeRequest), _, _) => "event-asked-for-a-second-step-code",
        (Some(AuditAction::SecondFactorAdded), Some("app"), _) => {
            "event-set-up-an-authenticator-app"
        }
        (Some(AuditAction::SecondFactorAdded), _, _) => "event-turned-on-emailed-second-step-codes",
        (Some(AuditAction::SecondFactorRemoved), Some("app"), _) => {
            "event-removed-the-authenticator-app"
        }
        (Some(AuditAction::SecondFactorRemoved), _, _) => {
            "event-turned-off-emailed-second-step-codes"
        }
        (Some(AuditAction::RecoveryCodesRegenerated), _, _) => "event-made-new-recovery-codes",
        (Some(AuditAction::RecoveryCodeUsed), _, _) => "event-used-a-recovery-code",
        (Some(AuditAction::TrustedBrowserAdded), _, _) => "event-trusted-a-browser-for-30-days",
        (Some(AuditAction::TrustedBrowserRevoked), _, _) => "event-stopped-trusting-a-browser",
        (Some(AuditAction::AdminResetSecondFactor), _, _) => {
            "event-an-admin-turned-off-two-step-sign"
        }
        (Some(AuditAction::MailQueued) | Some(AuditAction::MailSent), _, _) => "event-email-sent",
        (Some(AuditAction::MailRetry) | Some(AuditAction::MailFailed), _, _) => {
            "event-email-delivery-failed"
        }
        (_, _, true) => return action.replace('_', " "),
        (_, _, false) => {
            return say_with(
                "event-failed",
                [("action", action.replace('_', " ").into())],
            );
        }
    };
    say(text)
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
