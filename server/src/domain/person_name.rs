/// A first or last name: 1–100 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str, what: &str) -> Result<Self, String> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(format!("Enter your {what}."));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(format!(
                "Your {what} can be at most {} characters.",
                Self::MAX_CHARS
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(format!(
                "Your {what} contains characters that are not allowed."
            ));
        }
        Ok(Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::PersonName;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Ada ", "first name").unwrap().as_str(),
            "Ada"
        );
        assert!(PersonName::parse("", "first name").is_err());
        assert!(PersonName::parse(&"a".repeat(101), "first name").is_err());
        assert!(PersonName::parse(&"é".repeat(100), "first name").is_ok());
        assert!(PersonName::parse("Ada\u{7}", "first name").is_err());
    }
}
