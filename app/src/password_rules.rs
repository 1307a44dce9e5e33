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
pub const GUESSABLE: &str = "Don't use a common or easy-to-guess password. Try a longer mix of \
                             unrelated words.";
/// The checklist's words for the rule behind `GUESSABLE`.
const NOT_COMMON: &str = "Don't use a common or easy-to-guess password.";

/// One rule of the checklist next to a new-password field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    MinLength,
    MaxLength,
    Upper,
    Lower,
    Digit,
    Symbol,
    /// Checked on the server only (zxcvbn and its lists stay there).
    NotCommon,
    /// Checked on the server only: it needs the name and the address.
    NotPersonal,
}

impl PasswordRules {
    /// Every configured rule, in the order the checklist shows them.
    pub fn rules(&self) -> Vec<Rule> {
        let mut rules = vec![Rule::MinLength, Rule::MaxLength];
        if self.require_character_classes {
            rules.extend([Rule::Upper, Rule::Lower, Rule::Digit, Rule::Symbol]);
        }
        rules.extend([Rule::NotCommon, Rule::NotPersonal]);
        rules
    }

    /// The rule in words: the checklist's line, and the server's error
    /// when the rule is broken.
    pub fn text(&self, rule: Rule) -> String {
        match rule {
            Rule::MinLength => self.too_short(),
            Rule::MaxLength => self.too_long(),
            Rule::Upper => ADD_UPPER.into(),
            Rule::Lower => ADD_LOWER.into(),
            Rule::Digit => ADD_DIGIT.into(),
            Rule::Symbol => ADD_SYMBOL.into(),
            Rule::NotCommon => NOT_COMMON.into(),
            Rule::NotPersonal => PERSONAL.into(),
        }
    }

    /// Whether `password` keeps `rule`; `None` for a rule only the server
    /// can check. The server and the checklist both ask here.
    pub fn keeps(&self, rule: Rule, password: &str) -> Option<bool> {
        let any = |present: fn(char) -> bool| password.chars().any(present);
        Some(match rule {
            Rule::MinLength => password.chars().count() >= self.min_length,
            Rule::MaxLength => password.chars().count() <= self.max_length,
            Rule::Upper => any(char::is_uppercase),
            Rule::Lower => any(char::is_lowercase),
            Rule::Digit => any(|c| c.is_ascii_digit()),
            Rule::Symbol => any(|c| !c.is_alphanumeric() && !c.is_whitespace()),
            Rule::NotCommon | Rule::NotPersonal => return None,
        })
    }

    /// The rules a browser can check that `password` breaks, in words.
    pub fn broken(&self, password: &str) -> Vec<String> {
        self.rules()
            .into_iter()
            .filter(|rule| self.keeps(*rule, password) == Some(false))
            .map(|rule| self.text(rule))
            .collect()
    }
}

impl PasswordRules {
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
    fn the_checklist_names_each_configured_rule_and_what_a_password_breaks() {
        let rules = PasswordRules {
            min_length: 12,
            max_length: 64,
            require_character_classes: true,
        };
        assert_eq!(
            rules
                .rules()
                .into_iter()
                .map(|rule| rules.text(rule))
                .collect::<Vec<_>>(),
            [
                "Use at least 12 characters.",
                "Use at most 64 characters.",
                ADD_UPPER,
                ADD_LOWER,
                ADD_DIGIT,
                ADD_SYMBOL,
                NOT_COMMON,
                PERSONAL,
            ]
        );
        assert_eq!(
            rules.broken("short1!"),
            ["Use at least 12 characters.", ADD_UPPER]
        );
        assert!(rules.broken("Tangerine-Orbit-42!").is_empty());
        assert_eq!(rules.keeps(Rule::NotCommon, "password"), None);
        assert!(GUESSABLE.starts_with(NOT_COMMON.trim_end_matches('.')));
    }
}
