//! The messages Portcullis sends: each with a text and an HTML part, the
//! product name, the purpose, the expiry, and what to do if it wasn't you,
//! in the recipient's language (the server catalogue, `mail-*` keys).
//! Links are built from the configured public URL, never from a request.

use super::Mail;
use crate::storage::users::UserRecord;
use app::i18n::FluentValue;
use app::i18n::Language;
use html_escape::{encode_double_quoted_attribute, encode_text};
use url::Url;

const PRODUCT: &str = "Portcullis";

/// What every message shares: where its links point, and the language of
/// accounts that never chose one.
#[derive(Clone, Debug)]
pub struct Letterhead {
    pub public_url: Url,
    pub default_language: Language,
}

impl Letterhead {
    /// The account's owner, at its address, in its language.
    pub fn to<'a>(&self, user: &'a UserRecord) -> Recipient<'a> {
        Recipient {
            address: &user.email,
            first_name: &user.first_name,
            language: user.language().unwrap_or(self.default_language),
        }
    }
}

/// Who a message goes to.
#[derive(Clone, Copy, Debug)]
pub struct Recipient<'a> {
    pub address: &'a str,
    pub first_name: &'a str,
    pub language: Language,
}

impl<'a> Recipient<'a> {
    /// The same person at another of their addresses.
    pub fn at(self, address: &'a str) -> Self {
        Self { address, ..self }
    }
}

/// A sentence of the server catalogue, written in the recipient's language
/// when the message is made: what changed, in a notice.
#[derive(Clone, Debug)]
pub struct Phrase {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// A value in a phrase. Kept apart from `FluentValue`, which is not `Sync`,
/// so a phrase can be held across an `await` in a service.
#[derive(Clone, Debug)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

macro_rules! number_arg {
    ($($type:ty),*) => {$(
        impl From<$type> for Arg {
            fn from(number: $type) -> Self {
                Self::Number(number as f64)
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize);

impl Phrase {
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    fn in_language(&self, language: Language) -> String {
        language.t_with(
            self.key,
            self.args.iter().map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => FluentValue::from(text.as_str()),
                    Arg::Number(number) => FluentValue::from(*number),
                };
                (*name, value)
            }),
        )
    }
}

/// A message being written: paragraphs in both parts at once, so the text
/// and the HTML always say the same.
struct Letter {
    language: Language,
    subject: String,
    text: Vec<String>,
    html: Vec<String>,
}

impl Letter {
    fn new(to: &Recipient<'_>, subject: &str) -> Self {
        let language = to.language;
        let subject = format!("{PRODUCT}: {}", language.t(subject));
        let mut letter = Self {
            language,
            subject,
            text: Vec::new(),
            html: Vec::new(),
        };
        letter.say(&Phrase::new("mail-hello").with("name", to.first_name.to_string()));
        letter
    }

    fn say(&mut self, phrase: &Phrase) -> &mut Self {
        let sentence = phrase.in_language(self.language);
        self.html.push(format!("<p>{}</p>", encode_text(&sentence)));
        self.text.push(sentence);
        self
    }

    fn line(&mut self, key: &'static str) -> &mut Self {
        self.say(&Phrase::new(key))
    }

    /// A link: the address itself in the text, a named link in the HTML.
    fn link(&mut self, label: &'static str, url: &str) -> &mut Self {
        self.html.push(format!(
            "<p><a href=\"{}\">{}</a></p>",
            encode_double_quoted_attribute(url),
            encode_text(&self.language.t(label)),
        ));
        self.text.push(url.to_string());
        self
    }

    /// A code to type, large in the HTML.
    fn code(&mut self, code: &str) -> &mut Self {
        let label = self.language.t("mail-your-code");
        self.html.push(format!(
            "<p>{}: <strong style=\"font-size:20px;letter-spacing:4px\">{}</strong></p>",
            encode_text(&label),
            encode_text(code)
        ));
        self.text.push(format!("{label}: {code}"));
        self
    }

    fn list(&mut self, items: &[Phrase]) -> &mut Self {
        let items: Vec<String> = items
            .iter()
            .map(|item| item.in_language(self.language))
            .collect();
        self.html.push(format!(
            "<ul>{}</ul>",
            items
                .iter()
                .map(|item| format!("<li>{}</li>", encode_text(item)))
                .collect::<String>()
        ));
        self.text.push(
            items
                .iter()
                .map(|item| format!("- {item}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        self
    }

    /// The closing advice, quieter in the HTML.
    fn aside(&mut self, key: &'static str) -> &mut Self {
        let sentence = self.language.t(key);
        self.html.push(format!(
            "<p style=\"color:#64748b\">{}</p>",
            encode_text(&sentence)
        ));
        self.text.push(sentence);
        self
    }

    fn finish(&self, to: &Recipient<'_>, purpose: &'static str) -> Mail {
        let html = format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
             </head><body style=\"font-family:sans-serif;line-height:1.5;color:#0f172a\">\
             <h1 style=\"font-size:18px\">{PRODUCT}</h1>{body}</body></html>",
            lang = self.language.code(),
            title = encode_text(&self.subject),
            body = self.html.concat(),
        );
        Mail {
            recipient: to.address.to_string(),
            subject: self.subject.clone(),
            text: self.text.join("\n\n") + "\n",
            html,
            purpose,
        }
    }
}

fn link(public_url: &Url, path: &str, query: &[(&str, &str)]) -> String {
    let mut url = public_url.clone();
    url.set_path(path);
    url.set_query(None);
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    url.to_string()
}

impl Letterhead {
    fn link(&self, path: &str, query: &[(&str, &str)]) -> String {
        link(&self.public_url, path, query)
    }

    /// Confirms the address of a new account (a link, or a code to type).
    pub fn verification(&self, to: &Recipient<'_>, token: &str, code: &str, hours: u64) -> Mail {
        Letter::new(to, "mail-verify-subject")
            .line("mail-verify-intro")
            .link(
                "mail-verify-link",
                &self.link("/verify-email", &[("token", token)]),
            )
            .line("mail-verify-or-code")
            .code(code)
            .say(&Phrase::new("mail-verify-expiry").with("hours", hours))
            .aside("mail-verify-not-you")
            .finish(to, "verify_email")
    }

    pub fn password_reset(&self, to: &Recipient<'_>, token: &str, minutes: u64) -> Mail {
        Letter::new(to, "mail-reset-subject")
            .line("mail-reset-intro")
            .link(
                "mail-reset-link",
                &self.link("/reset-password", &[("token", token)]),
            )
            .say(&Phrase::new("mail-link-expiry").with("minutes", minutes))
            .aside("mail-reset-not-you")
            .finish(to, "reset_password")
    }

    pub fn password_changed(&self, to: &Recipient<'_>) -> Mail {
        Letter::new(to, "mail-password-changed-subject")
            .line("mail-password-changed")
            .line("mail-if-not-you-reset")
            .link("mail-reset-now", &self.link("/forgot-password", &[]))
            .finish(to, "password_changed")
    }

    /// The first proof of an address ended what someone set up on the
    /// account before it (`removed`, one phrase each).
    pub fn address_claimed(&self, to: &Recipient<'_>, removed: &[Phrase]) -> Mail {
        Letter::new(to, "mail-claimed-subject")
            .line("mail-claimed")
            .list(removed)
            .line("mail-claimed-set-password")
            .link("mail-claimed-link", &self.link("/profile/security", &[]))
            .finish(to, "address_claimed")
    }

    /// Google was connected or disconnected (`change`).
    pub fn sign_in_method_changed(&self, to: &Recipient<'_>, change: &Phrase) -> Mail {
        self.notice(
            to,
            change,
            ("mail-methods-subject", "mail-review-profile", "/profile"),
        )
        .finish(to, "sign_in_method_changed")
    }

    /// A second factor was added, removed or reset, recovery codes were
    /// replaced, or one was used: `change` says which.
    pub fn two_step_changed(&self, to: &Recipient<'_>, change: &Phrase) -> Mail {
        self.notice(
            to,
            change,
            (
                "mail-two-step-subject",
                "mail-review-two-step",
                "/profile/two-step",
            ),
        )
        .finish(to, "two_step_changed")
    }

    /// A passkey was added or removed.
    pub fn passkeys_changed(&self, to: &Recipient<'_>, change: &Phrase) -> Mail {
        self.notice(
            to,
            change,
            (
                "mail-passkeys-subject",
                "mail-review-passkeys",
                "/profile/passkeys",
            ),
        )
        .finish(to, "passkeys_changed")
    }

    /// A change to how the account signs in: what changed, where to review
    /// it, and what to do if it wasn't the owner.
    fn notice(
        &self,
        to: &Recipient<'_>,
        change: &Phrase,
        (subject, review, settings): (&'static str, &'static str, &str),
    ) -> Letter {
        let mut letter = Letter::new(to, subject);
        letter
            .say(change)
            .link(review, &self.link(settings, &[]))
            .line("mail-if-not-you-reset")
            .link("mail-reset-now", &self.link("/forgot-password", &[]));
        letter
    }

    /// Tells the old address that the account moved to `new_address`.
    pub fn email_changed(&self, to: &Recipient<'_>, new_address: &str) -> Mail {
        Letter::new(to, "mail-email-changed-subject")
            .say(
                &Phrase::new("mail-email-changed")
                    .with("old", to.address.to_string())
                    .with("new", new_address.to_string()),
            )
            .line("mail-email-changed-not-you")
            .link("mail-reset-now", &self.link("/forgot-password", &[]))
            .finish(to, "email_changed")
    }

    /// Confirms a deletion and says how to undo it.
    pub fn account_deleted(&self, to: &Recipient<'_>, erase_on: &str) -> Mail {
        Letter::new(to, "mail-deleted-subject")
            .say(&Phrase::new("mail-deleted").with("date", erase_on.to_string()))
            .line("mail-deleted-restore")
            .link("mail-deleted-link", &self.link("/login", &[]))
            .aside("mail-deleted-not-you")
            .finish(to, "account_deleted")
    }
}

/// A code to sign in with. Not in the subject: previews on a locked
/// screen would show it.
pub fn sign_in_code(to: &Recipient<'_>, code: &str, minutes: u64) -> Mail {
    Letter::new(to, "mail-code-subject")
        .line("mail-code-intro")
        .code(code)
        .say(&Phrase::new("mail-code-expiry").with("minutes", minutes))
        .aside("mail-code-not-you")
        .finish(to, "otp_login")
}

/// A code that confirms something other than a sign-in: `action` is the
/// sentence that says what.
pub fn action_code(
    to: &Recipient<'_>,
    (code, minutes): (&str, u64),
    action: &'static str,
    purpose: &'static str,
) -> Mail {
    Letter::new(to, "mail-action-code-subject")
        .line(action)
        .code(code)
        .say(&Phrase::new("mail-code-expiry").with("minutes", minutes))
        .aside("mail-action-code-not-you")
        .finish(to, purpose)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letterhead() -> Letterhead {
        Letterhead {
            public_url: "https://auth.example.com/".parse().unwrap(),
            default_language: Language::En,
        }
    }

    fn ada(language: Language) -> Recipient<'static> {
        Recipient {
            address: "ada@example.com",
            first_name: "<b>Ada</b>",
            language,
        }
    }

    #[test]
    fn links_use_the_public_url_and_names_are_escaped_in_html() {
        let mail = letterhead().verification(&ada(Language::En), "abc_-123", "042137", 24);
        assert!(
            mail.text
                .contains("https://auth.example.com/verify-email?token=abc_-123")
        );
        assert!(mail.text.contains("042137") && mail.html.contains("042137"));
        assert!(mail.html.contains("&lt;b&gt;Ada&lt;/b&gt;") && !mail.html.contains("<b>Ada"));
        assert!(mail.text.contains("24 hours") && mail.text.contains("If this wasn't you"));
        assert_eq!(mail.recipient, "ada@example.com");
    }

    #[test]
    fn a_message_is_written_in_the_recipient_s_language() {
        let mail = letterhead().password_reset(&ada(Language::De), "t0ken", 60);
        assert_eq!(mail.subject, "Portcullis: Passwort zurücksetzen");
        assert!(mail.text.starts_with("Hallo <b>Ada</b>,"), "{}", mail.text);
        assert!(mail.text.contains("60 Minuten"), "{}", mail.text);
        assert!(mail.html.contains("lang=\"de\""));
        let notice = letterhead().passkeys_changed(
            &ada(Language::De),
            &Phrase::new("mail-passkey-added").with("name", "Laptop".to_string()),
        );
        assert!(notice.text.contains("„Laptop“"), "{}", notice.text);
    }
}
