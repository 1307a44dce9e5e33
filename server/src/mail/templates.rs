//! The messages Portcullis sends: each with a text and an HTML part, the
//! product name, the purpose, the expiry, and what to do if it wasn't you.
//! Links are built from the configured public URL, never from a request.

use super::Mail;
use url::Url;

const PRODUCT: &str = "Portcullis";

pub struct Verification<'a> {
    pub public_url: &'a Url,
    pub recipient: &'a str,
    pub first_name: &'a str,
    pub token: &'a str,
    pub code: &'a str,
    pub valid_hours: u64,
}

pub fn verification(v: &Verification<'_>) -> Mail {
    let link = link(v.public_url, "/verify-email", &[("token", v.token)]);
    let subject = format!("{PRODUCT}: confirm your email address");
    let text = format!(
        "Hello {name},\n\n\
         Confirm the email address of your {PRODUCT} account by opening this link:\n\n\
         {link}\n\n\
         or by entering this code: {code}\n\n\
         The link and the code expire in {hours} hours.\n\n\
         If this wasn't you, ignore this message: nothing happens unless the \
         address is confirmed.\n",
        name = v.first_name,
        code = v.code,
        hours = v.valid_hours,
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>Confirm the email address of your {PRODUCT} account:</p>\
             <p><a href=\"{link}\">Confirm my email address</a></p>\
             <p>or enter this code: <strong style=\"font-size:20px;letter-spacing:4px\">{code}</strong></p>\
             <p>The link and the code expire in {hours} hours.</p>\
             <p style=\"color:#64748b\">If this wasn't you, ignore this message: nothing happens \
             unless the address is confirmed.</p>",
            name = escape(v.first_name),
            link = escape(&link),
            code = v.code,
            hours = v.valid_hours,
        ),
    );
    Mail {
        recipient: v.recipient.to_string(),
        subject,
        text,
        html,
        purpose: "verify_email",
    }
}

fn link(public_url: &Url, path: &str, query: &[(&str, &str)]) -> String {
    let mut url = public_url.clone();
    url.set_path(path);
    url.query_pairs_mut().clear().extend_pairs(query);
    url.to_string()
}

fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;line-height:1.5;color:#0f172a\">\
         <h1 style=\"font-size:18px\">{PRODUCT}</h1>{body}</body></html>",
        title = escape(title),
    )
}

fn escape(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_use_the_public_url_and_names_are_escaped_in_html() {
        let public_url: Url = "https://auth.example.com/".parse().unwrap();
        let mail = verification(&Verification {
            public_url: &public_url,
            recipient: "ada@example.com",
            first_name: "<b>Ada</b>",
            token: "abc_-123",
            code: "042137",
            valid_hours: 24,
        });
        assert!(
            mail.text
                .contains("https://auth.example.com/verify-email?token=abc_-123")
        );
        assert!(mail.text.contains("042137") && mail.html.contains("042137"));
        assert!(mail.html.contains("&lt;b&gt;Ada&lt;/b&gt;") && !mail.html.contains("<b>Ada"));
        assert!(mail.text.contains("24 hours") && mail.text.contains("If this wasn't you"));
    }
}
