use app::error::say_with;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// A first or last name: 1–100 characters in NFC, without control, format
/// (bidirectional overrides, zero-width characters) or unassigned
/// characters, which could make a name display as something else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

/// Which name a message is about (the languages word them differently).
#[derive(Clone, Copy, Debug)]
pub enum NamePart {
    First,
    Last,
}

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str, part: NamePart) -> Result<Self, String> {
        let problem = |first: &str, last: &str| {
            let key = match part {
                NamePart::First => first,
                NamePart::Last => last,
            };
            say_with(key, [("count", Self::MAX_CHARS.into())])
        };
        let name: String = raw.trim().nfc().collect();
        if name.is_empty() {
            return Err(problem(
                "problem-first-name-missing",
                "problem-last-name-missing",
            ));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(problem("problem-first-name-long", "problem-last-name-long"));
        }
        if name.chars().any(is_hidden) {
            return Err(problem(
                "problem-first-name-hidden",
                "problem-last-name-hidden",
            ));
        }
        Ok(Self(name))
    }

    /// A name from elsewhere (an identity provider), cleaned instead of
    /// refused: the hidden characters dropped, the length cut; `None` if
    /// nothing is left.
    pub fn clean(raw: &str) -> Option<Self> {
        let name: String = raw
            .nfc()
            .filter(|c| !is_hidden(*c))
            .take(Self::MAX_CHARS)
            .collect();
        let name = name.trim();
        (!name.is_empty()).then(|| Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Control (Cc), format (Cf: bidi controls, zero-width joiners and spaces),
/// unassigned (Cn), private-use (Co) and surrogate (Cs) characters.
fn is_hidden(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Unassigned
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
    )
}

#[cfg(test)]
mod tests {
    use super::{NamePart, PersonName};

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Ada ", NamePart::First)
                .unwrap()
                .as_str(),
            "Ada"
        );
        assert!(PersonName::parse("", NamePart::First).is_err());
        assert!(PersonName::parse(&"a".repeat(101), NamePart::First).is_err());
        assert!(PersonName::parse(&"é".repeat(100), NamePart::First).is_ok());
        assert!(PersonName::parse("Ada\u{7}", NamePart::First).is_err());
    }

    #[test]
    fn names_are_nfc_and_hold_no_hidden_characters() {
        // "é" as e + combining acute becomes the one precomposed character.
        assert_eq!(
            PersonName::parse("Re\u{301}my", NamePart::First)
                .unwrap()
                .as_str(),
            "R\u{e9}my"
        );
        for hidden in [
            "\u{202e}", "\u{200b}", "\u{200d}", "\u{2066}", "\u{feff}", "\u{e000}",
        ] {
            assert!(
                PersonName::parse(&format!("Ada{hidden}gnis"), NamePart::First).is_err(),
                "{hidden:?}"
            );
        }
        assert!(PersonName::parse("Zoë Ōtsuka-李", NamePart::First).is_ok());
    }

    #[test]
    fn names_from_a_provider_are_cleaned_instead() {
        assert_eq!(
            PersonName::clean("Ada\u{202e}nimda").unwrap().as_str(),
            "Adanimda"
        );
        assert_eq!(PersonName::clean("\u{200b} "), None);
    }
}
