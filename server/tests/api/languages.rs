//! Languages on every path: an account keeps the language it signed up in
//! (or picked), its pages and mails follow it whatever the browser says, and
//! the JSON API answers in the language the client asks for.

use crate::helpers::{STRONG_PASSWORD, TestApp, client, json, spawn_app};
use reqwest::header;

const EMAIL: &str = "ada@example.com";

/// A page's HTML for `browser`, as a browser that prefers `accept` asks.
async fn page(app: &TestApp, browser: &reqwest::Client, path: &str, accept: &str) -> String {
    let response = browser
        .get(app.url(path))
        .header("accept-language", accept)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// A server-function call from `browser`, which prefers `accept`.
async fn call(
    app: &TestApp,
    browser: &reqwest::Client,
    endpoint: &str,
    accept: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    browser
        .post(app.url(&format!("/rpc/{endpoint}")))
        .header(header::ORIGIN, &app.origin)
        .header("accept-language", accept)
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn sign_up_from(app: &TestApp, browser: &reqwest::Client, accept: &str) {
    let response = call(
        app,
        browser,
        "auth/sign-up",
        accept,
        &[
            ("email", EMAIL),
            ("password", STRONG_PASSWORD),
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

async fn sign_in_from(app: &TestApp, browser: &reqwest::Client, accept: &str) {
    let form = [("email", EMAIL), ("password", STRONG_PASSWORD)];
    let response = call(app, browser, "auth/sign-in", accept, &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

/// Picks `language` on the profile (the same form as the footer's).
async fn pick_language(app: &TestApp, browser: &reqwest::Client, language: &str) {
    let form = [("language", language), ("back", "/profile")];
    let response = call(app, browser, "language", "en", &form).await;
    assert!(response.status().is_redirection() || response.status() == 200);
}

async fn ask_for_a_reset(app: &TestApp, accept: &str) {
    let response = client()
        .post(app.url("/api/auth/forgot-password"))
        .header("accept-language", accept)
        .json(&serde_json::json!({ "email": EMAIL }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_account_made_in_german_gets_its_mails_in_german_whoever_asks_for_them() {
    let app = spawn_app().await;
    sign_up_from(&app, &client(), "de-DE,de;q=0.9,en;q=0.5").await;

    let verification = app.mail.last_to(EMAIL, 1).await;
    assert!(
        verification.raw.contains("Hallo Ada,"),
        "{}",
        verification.raw
    );
    assert!(
        verification
            .raw
            .contains("Bestätigen Sie die E-Mail-Adresse")
    );
    assert!(
        verification
            .raw
            .contains("Link und Code laufen in 24 Stunden ab.")
    );
    assert!(verification.raw.contains(r#"<html lang="de">"#));
    assert_eq!(verification.code().len(), 6);

    // Asked for from an English browser: still the recipient's language.
    ask_for_a_reset(&app, "en-GB,en").await;
    let reset = app.mail.last_to(EMAIL, 2).await;
    assert!(
        reset.raw.contains("Jemand möchte das Passwort"),
        "{}",
        reset.raw
    );
    assert!(reset.raw.contains("läuft in 60 Minuten ab"));
    assert!(!reset.raw.contains("Someone asked"));
}

#[tokio::test]
async fn the_language_picked_while_signed_in_is_the_account_s_on_every_browser_and_in_its_mails() {
    let app = spawn_app().await;
    let laptop = client();
    sign_up_from(&app, &laptop, "en").await;
    let html = page(&app, &laptop, "/profile", "en").await;
    assert!(html.contains(r#"data-testid="profile-language""#), "{html}");

    pick_language(&app, &laptop, "de").await;
    let html = page(&app, &laptop, "/profile", "en").await;
    assert!(html.contains(r#"<html lang="de""#), "{html}");
    assert!(html.contains("Ihr Profil"));

    // Another browser that prefers English, without the cookie: German once
    // the account signs in, and the mails are German too.
    let phone = client();
    sign_in_from(&app, &phone, "en").await;
    let html = page(&app, &phone, "/profile/security", "en").await;
    assert!(html.contains(r#"<html lang="de""#), "{html}");
    assert!(html.contains("Passwort &amp; E-Mail") || html.contains("Passwort & E-Mail"));
    ask_for_a_reset(&app, "en").await;
    let reset = app.mail.last_to(EMAIL, 2).await;
    assert!(reset.raw.contains("Hallo Ada,"), "{}", reset.raw);

    // Signed out, the browser keeps the language it was shown.
    call(&app, &phone, "auth/sign-out", "en", &[]).await;
    let html = page(&app, &phone, "/login", "en").await;
    assert!(
        html.contains(r#"<html lang="en""#),
        "the phone never picked a language"
    );
}

#[tokio::test]
async fn the_json_api_answers_in_the_client_s_language_and_keeps_the_account_s() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;

    // Errors and answers in the language the client asks for.
    let response = client()
        .post(app.url("/api/auth/login"))
        .header("accept-language", "de")
        .json(&serde_json::json!({ "email": EMAIL, "password": "Wrong-Password-1!" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.headers()[header::CONTENT_LANGUAGE],
        "de",
        "the answer names its language"
    );
    let body = json(response).await;
    assert_eq!(body["message"], "E-Mail-Adresse oder Passwort ist falsch.");
    let response = client()
        .post(app.url("/api/auth/register"))
        .header("accept-language", "de")
        .json(
            &serde_json::json!({ "email": "nope", "password": STRONG_PASSWORD,
            "firstName": "", "lastName": "Lovelace" }),
        )
        .send()
        .await
        .unwrap();
    let body = json(response).await;
    let messages = body["details"].to_string();
    assert!(
        messages.contains("Geben Sie eine gültige E-Mail-Adresse ein"),
        "{messages}"
    );
    assert!(
        messages.contains("Geben Sie Ihren Vornamen ein."),
        "{messages}"
    );

    // The account's language through the API: changed, read back, and
    // followed by the mails.
    let tokens = app.api_tokens(EMAIL).await;
    let response = app
        .bearer(reqwest::Method::PATCH, "/api/auth/me", &tokens.access)
        .header("accept-language", "de")
        .json(&serde_json::json!({ "language": "de" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["message"], "Profil gespeichert.");
    assert_eq!(body["data"]["user"]["language"], "de");
    assert_eq!(
        json(app.me(&tokens.access).await).await["data"]["user"]["language"],
        "de"
    );
    ask_for_a_reset(&app, "en").await;
    let reset = app.mail.last_to(EMAIL, 2).await;
    assert!(
        reset.raw.contains("Jemand möchte das Passwort"),
        "{}",
        reset.raw
    );

    // A language Portcullis does not speak changes nothing.
    let response = app
        .bearer(reqwest::Method::PATCH, "/api/auth/me", &tokens.access)
        .json(&serde_json::json!({ "language": "xx" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        json(app.me(&tokens.access).await).await["data"]["user"]["language"],
        "de"
    );
}

#[tokio::test]
async fn a_browser_already_signed_in_follows_the_language_the_account_picks_elsewhere() {
    let app = spawn_app().await;
    let laptop = client();
    sign_up_from(&app, &laptop, "en").await;
    let phone = client();
    sign_in_from(&app, &phone, "en").await;
    let html = page(&app, &phone, "/profile", "en").await;
    assert!(html.contains(r#"<html lang="en""#), "{html}");

    // Picked on the laptop: the phone, signed in before, follows at once.
    pick_language(&app, &laptop, "de").await;
    let html = page(&app, &phone, "/profile", "en").await;
    assert!(html.contains(r#"<html lang="de""#), "{html}");
    assert!(html.contains("Ihr Profil"));

    // Changed through the JSON API: both browsers follow.
    let tokens = app.api_tokens(EMAIL).await;
    let response = app
        .bearer(reqwest::Method::PATCH, "/api/auth/me", &tokens.access)
        .json(&serde_json::json!({ "language": "en" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    for browser in [&phone, &laptop] {
        let html = page(&app, browser, "/profile", "de").await;
        assert!(html.contains(r#"<html lang="en""#), "{html}");
    }
}
