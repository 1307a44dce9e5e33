//! The password rules in words: the hint next to every new-password field
//! and the server's errors come from here, from the configured policy, so
//! the two always agree.

use crate::i18n::Language;
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
    /// when the rule is broken (`rule-*` in the catalogues).
    pub fn text(&self, rule: Rule, language: Language) -> String {
        let key = match rule {
            Rule::MinLength => {
                return language.t_with("rule-min-length", [("count", self.min_length.into())]);
            }
            Rule::MaxLength => {
                return language.t_with("rule-max-length", [("count", self.max_length.into())]);
            }
            Rule::Upper => "rule-upper",
            Rule::Lower => "rule-lower",
            Rule::Digit => "rule-digit",
            Rule::Symbol => "rule-symbol",
            Rule::NotCommon => "rule-not-common",
            Rule::NotPersonal => "rule-personal",
        };
        language.t(key)
    }

    /// The server's error for a password that is too easy to guess.
    pub fn guessable(language: Language) -> String {
        language.t("rule-guessable")
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
    pub fn broken(&self, password: &str, language: Language) -> Vec<String> {
        self.rules()
            .into_iter()
            .filter(|rule| self.keeps(*rule, password) == Some(false))
            .map(|rule| self.text(rule, language))
            .collect()
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
        let english = Language::En;
        assert_eq!(
            rules
                .rules()
                .into_iter()
                .map(|rule| rules.text(rule, english))
                .collect::<Vec<_>>(),
            [
                "Use at least 12 characters.",
                "Use at most 64 characters.",
                "Add an upper-case letter.",
                "Add a lower-case letter.",
                "Add a digit.",
                "Add a symbol, like ! or #.",
                "Don't use a common or easy-to-guess password.",
                "Don't use your name or email address in your password.",
            ]
        );
        assert_eq!(
            rules.broken("short1!", english),
            ["Use at least 12 characters.", "Add an upper-case letter."]
        );
        assert!(rules.broken("Tangerine-Orbit-42!", english).is_empty());
        assert_eq!(rules.keeps(Rule::NotCommon, "password"), None);
        assert!(
            PasswordRules::guessable(english)
                .starts_with(rules.text(Rule::NotCommon, english).trim_end_matches('.'))
        );
        assert_eq!(
            rules.broken("kurz", Language::De)[0],
            "Mindestens 12 Zeichen verwenden."
        );
    }
}
