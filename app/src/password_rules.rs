//! The password rules in words: the hint next to every new-password field
//! and the server's errors come from here, from the configured policy, so
//! the two always agree.

use serde::{Deserialize, Serialize};

/// The configured rules a person can read (`PASSWORD_MIN_LENGTH`,
/// `PASSWORD_MAX_LENGTH`, `PASSWORD_REQUIRE_CHARACTER_CLASSES`); the
/// strength score behind "not easy to guess" stays on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordRules {
    pub min_length: usize,
    pub max_length: usize,
    pub require_character_classes: bool,
}

pub const ADD_UPPER: &str = "Add an upper-case letter.";
pub const ADD_LOWER: &str = "Add a lower-case letter.";
pub const ADD_DIGIT: &str = "Add a digit.";
pub const ADD_SYMBOL: &str = "Add a symbol, like ! or #.";
pub const PERSONAL: &str = "Don't use your name or email address in your password.";
pub const GUESSABLE: &str =
    "This password is too common or easy to guess. Try a longer mix of unrelated words.";

impl PasswordRules {
    /// The hint shown with a new-password field.
    pub fn summary(&self) -> String {
        let classes = if self.require_character_classes {
            ", with an upper-case and a lower-case letter, a digit and a symbol"
        } else {
            ""
        };
        format!(
            "{} to {} characters{classes}. Not a common password, and not your name or email \
             address.",
            self.min_length, self.max_length
        )
    }

    pub fn too_short(&self) -> String {
        format!("Use at least {} characters.", self.min_length)
    }

    pub fn too_long(&self) -> String {
        format!("Use at most {} characters.", self.max_length)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_follows_the_configured_rules() {
        let mut rules = PasswordRules {
            min_length: 12,
            max_length: 64,
            require_character_classes: true,
        };
        assert_eq!(
            rules.summary(),
            "12 to 64 characters, with an upper-case and a lower-case letter, a digit and a \
             symbol. Not a common password, and not your name or email address."
        );
        rules.require_character_classes = false;
        assert!(
            rules
                .summary()
                .starts_with("12 to 64 characters. Not a common")
        );
    }
}
