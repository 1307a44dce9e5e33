//! Words for what the user sees: devices from user agents, audit actions.

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
    let text = match (action, reason, success) {
        ("login", Some("password"), true) => "Signed in with a password",
        ("login", Some("code"), true) => "Signed in with an email code",
        ("login", Some("google" | "google_signup" | "google_takeover"), true) => {
            "Signed in with Google"
        }
        ("login", Some("locked"), false) => "Sign-in refused: too many failed attempts",
        ("login", Some("disabled"), false) => "Sign-in refused: the account is deactivated",
        ("login", Some("pending_deletion"), false) => "Sign-in to the deleted account",
        ("login", Some(_), false) => "Failed sign-in",
        ("login", _, _) => "Signed in",
        ("lockout", _, _) => "Sign-in locked after too many failed attempts",
        ("logout", _, _) => "Signed out",
        ("logout_all", _, _) => "Signed out everywhere",
        ("logout_others", _, _) => "Signed out of every other device",
        ("session_revoked", _, _) => "Signed a device out",
        ("signup", _, true) => "Created the account",
        ("token_refresh", _, _) => "App session renewed",
        ("token_reuse", _, _) => "An app's old token was used again: that sign-in was ended",
        ("profile_updated", _, _) => "Changed name",
        ("password_change", _, true) => "Changed password",
        ("password_change", _, false) => "Failed to change password",
        ("password_set", _, true) => "Set a password",
        ("password_reset_request", _, _) => "Asked for a password reset",
        ("password_reset", _, true) => "Reset password",
        ("email_verification", _, true) => "Verified email address",
        ("email_verification", _, false) => "Failed to verify email address",
        ("email_verification_resend", _, _) => "Asked for a new verification email",
        ("email_change_request", _, true) => "Asked to change email address",
        ("email_change_request", _, false) => "Failed to start an email change",
        ("email_change", _, true) => "Changed email address",
        ("email_change", _, false) => "Failed to confirm an email change",
        ("code_request", _, _) => "Asked for a sign-in code",
        ("confirmation_code_request", _, _) => "Asked for a confirmation code",
        ("reauthentication", _, true) => "Confirmed identity",
        ("reauthentication", _, false) => "Failed to confirm identity",
        ("google_link", _, true) => "Connected Google",
        ("google_unlink", _, true) => "Disconnected Google",
        ("google_sign_in", _, false) => "Google sign-in refused",
        ("account_deletion", _, true) => "Deleted the account",
        ("account_deletion", _, false) => "Failed to delete the account",
        ("account_restored", _, _) => "Restored the account",
        ("data_export", _, _) => "Downloaded a copy of the data",
        ("mail_queued" | "mail_sent", _, _) => "Email sent",
        ("mail_retry" | "mail_failed", _, _) => "Email delivery failed",
        (other, _, true) => return other.replace('_', " "),
        (other, _, false) => return format!("{} (failed)", other.replace('_', " ")),
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
