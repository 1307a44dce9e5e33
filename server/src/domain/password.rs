use crate::config::PasswordPolicy;
use app::password_rules::{PasswordRules, Rule};
use secrecy::{ExposeSecret, SecretString};

/// A new password that passed the policy. It cannot be printed or serialized.
pub struct NewPassword(SecretString);

impl NewPassword {
    /// Checks every rule and reports each one that fails, so the form can list
    /// them all at once. `personal` holds what the user told us about
    /// themselves (email name, first and last name): a password built on it is
    /// easy to guess.
    pub fn parse(
        raw: &str,
        policy: &PasswordPolicy,
        personal: &[&str],
    ) -> Result<Self, Vec<String>> {
        // Length and character classes: the same check, and the same words
        // in the request's language, as the checklist the pages show while
        // the password is typed.
        let language = app::i18n::current();
        let rules = policy.rules();
        let mut problems = rules.broken(raw, language);
        let length = raw.chars().count();
        if length <= policy.max_length && length > 0 {
            let lower = raw.to_lowercase();
            let reuses_personal = personal
                .iter()
                .map(|part| part.trim().to_lowercase())
                .any(|part| part.chars().count() >= 3 && lower.contains(&part));
            if reuses_personal {
                problems.push(rules.text(Rule::NotPersonal, language));
            } else if is_guessable(raw, personal, policy.min_strength) {
                problems.push(PasswordRules::guessable(language));
            }
        }
        if problems.is_empty() {
            Ok(Self(SecretString::from(raw.to_string())))
        } else {
            Err(problems)
        }
    }

    pub fn into_secret(self) -> SecretString {
        self.0
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// zxcvbn knows the common-password lists (30,000 entries), keyboard walks,
/// dates and l33t substitutions, and scores case-insensitively.
fn is_guessable(password: &str, personal: &[&str], min_strength: u8) -> bool {
    let score = zxcvbn::zxcvbn(password, personal).score() as u8;
    score < min_strength
}

#[cfg(test)]
mod tests {
    use super::NewPassword;
    use crate::config::PasswordPolicy;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            min_length: 8,
            max_length: 128,
            require_character_classes: true,
            min_strength: 3,
        }
    }

    #[test]
    fn a_long_mixed_password_passes() {
        assert!(
            NewPassword::parse(
                "Tangerine-Orbit-42!",
                &policy(),
                &["ada", "Ada", "Lovelace"]
            )
            .is_ok()
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in [
            "Password123!",
            "Welcome1!",
            "PASSWORD123!a",
            "Qwerty123!",
            "Iloveyou1!",
        ] {
            assert!(
                NewPassword::parse(common, &policy(), &[]).is_err(),
                "{common} was accepted"
            );
        }
    }

    #[test]
    fn a_password_containing_the_email_name_is_refused() {
        let problems = NewPassword::parse("Xk!9adalovelaceQ", &policy(), &["adalovelace"])
            .err()
            .unwrap();
        assert!(problems.iter().any(|problem| problem.contains("email")));
    }

    #[test]
    fn each_failing_rule_has_its_own_message() {
        let problems = NewPassword::parse("abc", &policy(), &[]).err().unwrap();
        assert!(problems.len() >= 4, "{problems:?}");
    }
}
