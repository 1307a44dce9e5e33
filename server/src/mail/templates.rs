//! The messages Portcullis sends: each with a text and an HTML part, the
//! product name, the purpose, the expiry, and what to do if it wasn't you.
//! Links are built from the configured public URL, never from a request.

use super::Mail;
use html_escape::encode_double_quoted_attribute;
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
            name = encode_double_quoted_attribute(v.first_name),
            link = encode_double_quoted_attribute(&link),
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

pub struct PasswordReset<'a> {
    pub public_url: &'a Url,
    pub recipient: &'a str,
    pub first_name: &'a str,
    pub token: &'a str,
    pub valid_minutes: u64,
}

pub fn password_reset(r: &PasswordReset<'_>) -> Mail {
    let link = link(r.public_url, "/reset-password", &[("token", r.token)]);
    let subject = format!("{PRODUCT}: reset your password");
    let text = format!(
        "Hello {name},\n\n\
         Someone asked to reset the password of your {PRODUCT} account. To choose a \
         new password, open this link:\n\n{link}\n\n\
         The link works once and expires in {minutes} minutes.\n\n\
         If this wasn't you, ignore this message: your password stays as it is.\n",
        name = r.first_name,
        minutes = r.valid_minutes,
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>Someone asked to reset the password of your {PRODUCT} account.</p>\
             <p><a href=\"{link}\">Choose a new password</a></p>\
             <p>The link works once and expires in {minutes} minutes.</p>\
             <p style=\"color:#64748b\">If this wasn't you, ignore this message: your password \
             stays as it is.</p>",
            name = encode_double_quoted_attribute(r.first_name),
            link = encode_double_quoted_attribute(&link),
            minutes = r.valid_minutes,
        ),
    );
    Mail {
        recipient: r.recipient.to_string(),
        subject,
        text,
        html,
        purpose: "reset_password",
    }
}

pub fn password_changed(public_url: &Url, recipient: &str, first_name: &str) -> Mail {
    let link = link(public_url, "/forgot-password", &[]);
    let subject = format!("{PRODUCT}: your password was changed");
    let text = format!(
        "Hello {first_name},\n\n\
         The password of your {PRODUCT} account was just changed, and every device \
         was signed out.\n\n\
         If this was you, there is nothing to do. If this wasn't you, reset your \
         password now: {link}\n",
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>The password of your {PRODUCT} account was just changed, and every device \
             was signed out.</p>\
             <p>If this was you, there is nothing to do. If this wasn't you, \
             <a href=\"{link}\">reset your password now</a>.</p>",
            name = encode_double_quoted_attribute(first_name),
            link = encode_double_quoted_attribute(&link),
        ),
    );
    Mail {
        recipient: recipient.to_string(),
        subject,
        text,
        html,
        purpose: "password_changed",
    }
}

/// The first proof of an address ended what someone set up on the account
/// before it (`removed`, one line each).
pub fn address_claimed(
    public_url: &Url,
    recipient: &str,
    first_name: &str,
    removed: &[&str],
) -> Mail {
    let link = link(public_url, "/profile/security", &[]);
    let subject = format!("{PRODUCT}: we secured your account");
    let list_text: String = removed.iter().map(|line| format!("- {line}\n")).collect();
    let list_html: String = removed
        .iter()
        .map(|line| format!("<li>{}</li>", encode_double_quoted_attribute(line)))
        .collect();
    let text = format!(
        "Hello {first_name},\n\n\
         You just proved that this address is yours, for the first time. Someone \
         may have set up this account before you did, so everything set up before \
         was removed:\n\n{list_text}\n\
         Set a password of your own, if you want one: {link}\n",
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>You just proved that this address is yours, for the first time. Someone \
             may have set up this account before you did, so everything set up before \
             was removed:</p><ul>{list_html}</ul>\
             <p><a href=\"{link}\">Set a password of your own</a>, if you want one.</p>",
            name = encode_double_quoted_attribute(first_name),
            link = encode_double_quoted_attribute(&link),
        ),
    );
    Mail {
        recipient: recipient.to_string(),
        subject,
        text,
        html,
        purpose: "address_claimed",
    }
}

/// A way into the account was added or removed (`change`: "Google was
/// connected to", "Google was disconnected from").
pub fn sign_in_method_changed(
    public_url: &Url,
    recipient: &str,
    first_name: &str,
    change: &str,
) -> Mail {
    let link = link(public_url, "/forgot-password", &[]);
    let subject = format!("{PRODUCT}: a sign-in method changed");
    let text = format!(
        "Hello {first_name},\n\n\
         {change} your {PRODUCT} account.\n\n\
         If this was you, there is nothing to do. If this wasn't you, reset your \
         password now: {link}\n",
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>{change} your {PRODUCT} account.</p>\
             <p>If this was you, there is nothing to do. If this wasn't you, \
             <a href=\"{link}\">reset your password now</a>.</p>",
            name = encode_double_quoted_attribute(first_name),
            change = encode_double_quoted_attribute(change),
            link = encode_double_quoted_attribute(&link),
        ),
    );
    Mail {
        recipient: recipient.to_string(),
        subject,
        text,
        html,
        purpose: "sign_in_method_changed",
    }
}

pub struct SignInCode<'a> {
    pub recipient: &'a str,
    pub first_name: &'a str,
    pub code: &'a str,
    pub valid_minutes: u64,
}

pub fn sign_in_code(c: &SignInCode<'_>) -> Mail {
    // Not in the subject: previews on a locked screen would show it.
    let subject = format!("{PRODUCT}: your sign-in code");
    let text = format!(
        "Hello {name},\n\n\
         Your {PRODUCT} sign-in code: {code}\n\n\
         It works once and expires in {minutes} minutes.\n\n\
         If this wasn't you, ignore this message: nobody can sign in without the code.\n",
        name = c.first_name,
        code = c.code,
        minutes = c.valid_minutes,
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>Your code to sign in to {PRODUCT}:</p>\
             <p><strong style=\"font-size:20px;letter-spacing:4px\">{code}</strong></p>\
             <p>It works once and expires in {minutes} minutes.</p>\
             <p style=\"color:#64748b\">If this wasn't you, ignore this message: nobody can sign \
             in without the code.</p>",
            name = encode_double_quoted_attribute(c.first_name),
            code = c.code,
            minutes = c.valid_minutes,
        ),
    );
    Mail {
        recipient: c.recipient.to_string(),
        subject,
        text,
        html,
        purpose: "otp_login",
    }
}

/// A code that confirms something other than a sign-in.
pub struct ActionCode<'a> {
    pub recipient: &'a str,
    pub first_name: &'a str,
    pub code: &'a str,
    pub valid_minutes: u64,
    /// What the code confirms, completing "Your code to …".
    pub action: &'a str,
    pub purpose: &'static str,
}

pub fn action_code(c: &ActionCode<'_>) -> Mail {
    let subject = format!("{PRODUCT}: your confirmation code");
    let text = format!(
        "Hello {name},\n\n\
         Use this code to {action}.\n\n\
         Your code: {code}\n\n\
         It works once and expires in {minutes} minutes.\n\n\
         If this wasn't you, ignore this message and consider changing your password.\n",
        name = c.first_name,
        action = c.action,
        code = c.code,
        minutes = c.valid_minutes,
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>Use this code to {action}:</p>\
             <p><strong style=\"font-size:20px;letter-spacing:4px\">{code}</strong></p>\
             <p>It works once and expires in {minutes} minutes.</p>\
             <p style=\"color:#64748b\">If this wasn't you, ignore this message and consider \
             changing your password.</p>",
            name = encode_double_quoted_attribute(c.first_name),
            action = encode_double_quoted_attribute(c.action),
            code = c.code,
            minutes = c.valid_minutes,
        ),
    );
    Mail {
        recipient: c.recipient.to_string(),
        subject,
        text,
        html,
        purpose: c.purpose,
    }
}

/// Tells the old address that the account moved to another one.
pub fn email_changed(
    public_url: &Url,
    old_address: &str,
    new_address: &str,
    first_name: &str,
) -> Mail {
    let help = link(public_url, "/forgot-password", &[]);
    let subject = format!("{PRODUCT}: your email address was changed");
    let text = format!(
        "Hello {first_name},\n\n\
         The email address of your {PRODUCT} account was changed from {old_address} to \
         {new_address}. Messages about the account now go there.\n\n\
         If this wasn't you, reset your password at {help} and contact your administrator.\n",
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>The email address of your {PRODUCT} account was changed from {old} to {new}. \
             Messages about the account now go there.</p>\
             <p>If this wasn't you, <a href=\"{help}\">reset your password</a> and contact your \
             administrator.</p>",
            name = encode_double_quoted_attribute(first_name),
            old = encode_double_quoted_attribute(old_address),
            new = encode_double_quoted_attribute(new_address),
            help = encode_double_quoted_attribute(&help),
        ),
    );
    Mail {
        recipient: old_address.to_string(),
        subject,
        text,
        html,
        purpose: "email_changed",
    }
}

/// Confirms a deletion and says how to undo it.
pub fn account_deleted(
    public_url: &Url,
    recipient: &str,
    first_name: &str,
    erase_on: &str,
) -> Mail {
    let login = link(public_url, "/login", &[]);
    let subject = format!("{PRODUCT}: your account was deleted");
    let text = format!(
        "Hello {first_name},\n\n\
         Your {PRODUCT} account was deleted and every device signed out. Its personal data \
         will be erased on {erase_on}.\n\n\
         Changed your mind? Sign in before then at {login} and restore it.\n\n\
         If this wasn't you, sign in and restore the account, then change your password.\n",
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>Your {PRODUCT} account was deleted and every device signed out. Its personal \
             data will be erased on {erase_on}.</p>\
             <p>Changed your mind? <a href=\"{login}\">Sign in</a> before then and restore it.</p>\
             <p>If this wasn't you, sign in and restore the account, then change your password.</p>",
            name = encode_double_quoted_attribute(first_name),
            erase_on = encode_double_quoted_attribute(erase_on),
            login = encode_double_quoted_attribute(&login),
        ),
    );
    Mail {
        recipient: recipient.to_string(),
        subject,
        text,
        html,
        purpose: "account_deleted",
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

fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;line-height:1.5;color:#0f172a\">\
         <h1 style=\"font-size:18px\">{PRODUCT}</h1>{body}</body></html>",
        title = encode_double_quoted_attribute(title),
    )
}

/// A second factor was added, removed or reset, recovery codes were
/// replaced, or one was used: `change` says which, in a sentence.
pub fn two_step_changed(public_url: &Url, recipient: &str, first_name: &str, change: &str) -> Mail {
    sign_in_methods_changed(
        public_url,
        (recipient, first_name),
        change,
        ("two-step sign-in", "/profile/two-step"),
        "two_step_changed",
    )
}

/// A passkey was added, renamed away or removed.
pub fn passkeys_changed(public_url: &Url, recipient: &str, first_name: &str, change: &str) -> Mail {
    sign_in_methods_changed(
        public_url,
        (recipient, first_name),
        change,
        ("passkeys", "/profile/passkeys"),
        "passkeys_changed",
    )
}

/// A change to how the account signs in: what changed, where to review it,
/// and what to do if it wasn't the owner.
fn sign_in_methods_changed(
    public_url: &Url,
    (recipient, first_name): (&str, &str),
    change: &str,
    (topic, settings_path): (&str, &str),
    purpose: &'static str,
) -> Mail {
    let settings = link(public_url, settings_path, &[]);
    let reset = link(public_url, "/forgot-password", &[]);
    let subject = format!("{PRODUCT}: {topic} changed");
    let text = format!(
        "Hello {first_name},\n\n\
         {change}\n\n\
         Review your {topic}: {settings}\n\
         If this wasn't you, reset your password now: {reset}\n",
    );
    let html = html_page(
        &subject,
        &format!(
            "<p>Hello {name},</p>\
             <p>{change}</p>\
             <p><a href=\"{settings}\">Review your {topic}</a>. If this wasn't you, \
             <a href=\"{reset}\">reset your password now</a>.</p>",
            name = encode_double_quoted_attribute(first_name),
            change = encode_double_quoted_attribute(change),
            settings = encode_double_quoted_attribute(&settings),
            reset = encode_double_quoted_attribute(&reset),
        ),
    );
    Mail {
        recipient: recipient.to_string(),
        subject,
        text,
        html,
        purpose,
    }
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
