//! Limits on mail to one address: each client has its own small budget per
//! address and kind of message, and an address gets at most
//! `MAIL_PER_ADDRESS_PER_DAY` messages from everyone together. Refused
//! requests never count, so an attacker who knows only an address cannot
//! keep its owner from a reset or a code.

use crate::helpers::{STRONG_PASSWORD, TestApp, json, spawn_app_with};
use portcullis::http::client_address::TrustedProxies;
use serde_json::json;
use std::time::Duration;

const ADA: &str = "ada@example.com";
const ATTACKER: &str = "198.51.100.66";
const OWNER: &str = "203.0.113.10";

/// Requests a reset link for `email` as `client`, as the proxy on loopback
/// reports it; the status and the message.
async fn forgot_password(app: &TestApp, email: &str, client: &str) -> (u16, String) {
    let response = app
        .client
        .post(app.url("/api/auth/forgot-password"))
        .header("X-Forwarded-For", client)
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = json(response).await;
    (
        status,
        body["message"].as_str().unwrap_or_default().to_string(),
    )
}

async fn spawn() -> TestApp {
    spawn_app_with(|settings| {
        settings.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap();
    })
    .await
}

async fn reset_mails(app: &TestApp) -> usize {
    app.wait_for_outbox_drained().await;
    app.mail
        .received()
        .iter()
        .filter(|message| message.recipients.iter().any(|to| to == ADA))
        .filter(|message| message.subject().contains("eset"))
        .count()
}

#[tokio::test]
async fn an_attackers_requests_for_an_address_do_not_stop_its_owner_getting_a_reset_mail() {
    let app = spawn().await;
    app.create_account(ADA).await;

    let mut attacker = Vec::new();
    for _ in 0..8 {
        attacker.push(forgot_password(&app, ADA, ATTACKER).await);
    }
    let owner = forgot_password(&app, ADA, OWNER).await;

    let statuses: Vec<u16> = attacker.iter().map(|(status, _)| *status).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
    assert!(
        attacker[5]
            .1
            .starts_with("You've asked for several messages for this address. Try again in about"),
        "{}",
        attacker[5].1
    );
    assert_eq!(owner.0, 200, "{}", owner.1);
    assert_eq!(
        reset_mails(&app).await,
        6,
        "five for the attacker, one for the owner"
    );
}

#[tokio::test]
async fn an_address_without_an_account_gets_the_same_answers() {
    let app = spawn().await;
    app.create_account(ADA).await;

    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..7 {
        known.push(forgot_password(&app, ADA, ATTACKER).await);
        unknown.push(forgot_password(&app, "nobody@example.com", ATTACKER).await);
    }

    assert_eq!(known, unknown);
}

#[tokio::test]
async fn refused_requests_do_not_count_towards_the_next_window() {
    let app = spawn().await;
    app.create_account(ADA).await;
    for _ in 0..5 {
        forgot_password(&app, ADA, ATTACKER).await;
    }
    for _ in 0..20 {
        assert_eq!(forgot_password(&app, ADA, ATTACKER).await.0, 429);
    }

    app.clock.advance(Duration::from_secs(3601));

    assert_eq!(forgot_password(&app, ADA, ATTACKER).await.0, 200);
}

#[tokio::test]
async fn an_address_gets_at_most_ten_messages_a_day_from_everyone_together() {
    let app = spawn().await;
    app.create_account(ADA).await;

    let mut answers = Vec::new();
    for n in 0..12 {
        answers.push(forgot_password(&app, ADA, &format!("198.51.100.{n}")).await);
    }
    let statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    // Told when the cap lets the address have mail again: a day after the first.
    assert!(
        answers[10].1.ends_with("Try again in about 24 hours."),
        "{}",
        answers[10].1
    );
    app.clock.advance(Duration::from_secs(86_401));
    let next_day = forgot_password(&app, ADA, "198.51.100.99").await.0;

    assert_eq!(statuses[..10], [200; 10]);
    assert_eq!(statuses[10..], [429, 429]);
    assert_eq!(next_day, 200);
    assert_eq!(reset_mails(&app).await, 11);
}

#[tokio::test]
async fn wrong_passwords_never_block_the_owner_from_a_code_sign_in_which_lifts_the_lock() {
    let app = spawn().await;
    app.create_account(ADA).await;
    app.mark_verified(ADA).await;
    for _ in 0..6 {
        app.api_login(ADA, "Wrong-Password-1!").await;
    }
    assert_eq!(app.api_login(ADA, STRONG_PASSWORD).await.status(), 423);

    let sent = app
        .post_json("/api/auth/send-otp", &json!({ "email": ADA }))
        .await;
    assert_eq!(sent.status(), 200);
    app.wait_for_outbox_drained().await;
    let code = app
        .mail
        .received()
        .into_iter()
        .filter(|message| message.recipients.iter().any(|to| to == ADA))
        .rfind(|message| message.subject().contains("code"))
        .expect("a sign-in code was mailed")
        .code();
    let signed_in = app
        .post_json(
            "/api/auth/verify-otp",
            &json!({ "email": ADA, "otp": code }),
        )
        .await;

    assert_eq!(signed_in.status(), 200);
    assert_eq!(app.api_login(ADA, STRONG_PASSWORD).await.status(), 200);
}
