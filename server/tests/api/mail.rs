//! Mail through a real SMTP server: the outbox, its worker, and email
//! verification by link and by code.

use crate::helpers::{
    STRONG_PASSWORD, TestApp, error_code, free_port, json, smtp_on, spawn_app, spawn_app_sharing,
    spawn_app_with,
};
use crate::mail_sink::MailSink;
use reqwest::{Method, header};
use serde_json::json;
use std::time::Duration;

const EMAIL: &str = "ada@example.com";

async fn verify(app: &TestApp, body: serde_json::Value) -> reqwest::Response {
    app.post_json("/api/auth/verify-email", &body).await
}

async fn email_verified(app: &TestApp) -> bool {
    let tokens = app.api_tokens(EMAIL).await;
    json(app.me(&tokens.access).await).await["data"]["user"]["emailVerified"] == true
}

#[tokio::test]
async fn sign_up_mails_a_link_and_a_code_with_text_and_html_parts() {
    let app = spawn_app().await;

    app.api_register(EMAIL).await;

    let mail = app.mail.last_to(EMAIL, 1).await;
    assert!(mail.subject().contains("Portcullis"), "{}", mail.raw);
    assert!(mail.raw.contains("text/plain") && mail.raw.contains("text/html"));
    assert!(
        mail.raw
            .contains(&format!("{}/verify-email?token=", app.address))
    );
    assert!(mail.raw.contains("expire in 24 hours"));
    assert!(mail.raw.contains("If this wasn't you"));
    assert_eq!(mail.code().len(), 6);
    assert!(mail.code().chars().all(|c| c.is_ascii_digit()));
    // The worker records the delivery just after the sink has the message.
    let mut actions = Vec::new();
    for _ in 0..50 {
        actions = app
            .audit_log()
            .await
            .into_iter()
            .map(|row| row.action)
            .collect::<Vec<_>>();
        if actions.contains(&"mail_sent".to_string()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        actions.contains(&"mail_queued".into()) && actions.contains(&"mail_sent".into()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn the_link_token_verifies_the_address_once() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let token = app.mail.last_to(EMAIL, 1).await.token();

    let response = verify(&app, json!({"token": token})).await;

    assert_eq!(response.status(), 200);
    assert!(email_verified(&app).await);
    let again = verify(&app, json!({"token": token})).await;
    assert_eq!(error_code(again).await, (400, "INVALID_CODE".into()));
}

#[tokio::test]
async fn the_code_verifies_the_address() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let code = app.mail.last_to(EMAIL, 1).await.code();

    let response = verify(&app, json!({"email": "ADA@example.com", "code": code})).await;

    assert_eq!(response.status(), 200);
    assert!(email_verified(&app).await);
    assert!(
        app.audit_log()
            .await
            .iter()
            .any(|row| row.action == "email_verification" && row.success)
    );
}

#[tokio::test]
async fn five_wrong_codes_kill_the_code_even_for_the_right_value() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let code = app.mail.last_to(EMAIL, 1).await.code();
    let wrong = if code == "000000" { "111111" } else { "000000" };

    for _ in 0..5 {
        let response = verify(&app, json!({"email": EMAIL, "code": wrong})).await;
        assert_eq!(error_code(response).await, (400, "INVALID_CODE".into()));
    }
    let right = verify(&app, json!({"email": EMAIL, "code": code})).await;

    assert_eq!(error_code(right).await, (400, "INVALID_CODE".into()));
    assert!(!email_verified(&app).await);
}

#[tokio::test]
async fn a_resent_message_replaces_the_older_one_and_resends_are_limited() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let first = app.mail.last_to(EMAIL, 1).await;
    let tokens = app.api_tokens(EMAIL).await;
    let resend = || async {
        app.bearer(
            Method::POST,
            "/api/auth/resend-verification",
            &tokens.access,
        )
        .send()
        .await
        .unwrap()
    };

    for count in 2..=4 {
        assert_eq!(resend().await.status(), 200);
        app.mail.wait_for(EMAIL, count).await;
    }
    let limited = resend().await;

    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(error_code(limited).await.1, "RATE_LIMITED");
    let old = verify(&app, json!({"token": first.token()})).await;
    assert_eq!(
        error_code(old).await.1,
        "INVALID_CODE",
        "the older link is dead"
    );
    let newest = app.mail.last_to(EMAIL, 4).await;
    assert_eq!(
        verify(&app, json!({"token": newest.token()}))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_forged_host_header_does_not_change_the_links() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/auth/register"))
        .header(header::HOST, "evil.example")
        .header("X-Forwarded-Host", "evil.example")
        .json(&json!({"email": EMAIL, "password": STRONG_PASSWORD, "firstName": "Ada", "lastName": "Lovelace"}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    let mail = app.mail.last_to(EMAIL, 1).await;
    assert!(!mail.raw.contains("evil.example"));
    assert!(
        mail.raw
            .contains(&format!("{}/verify-email?token=", app.address))
    );
}

#[tokio::test]
async fn mail_waits_while_smtp_is_down_and_survives_a_restart() {
    let smtp_port = free_port();
    let mut first = spawn_app_with(|settings| settings.mail.transport = smtp_on(smtp_port)).await;
    first.api_register(EMAIL).await;
    // The first attempts fail: nothing listens on the port yet. Wait for the
    // worker's failed attempt to be recorded, not for a fixed time.
    let mut recorded = false;
    for _ in 0..100 {
        let log = first.audit_log().await;
        if log.iter().any(|row| row.action == "mail_retry") {
            recorded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(recorded, "a failed attempt is recorded");
    first.stop().await;

    let sink = MailSink::start_on(smtp_port).await;
    let public_url = first.address.parse().unwrap();
    let second = spawn_app_sharing(&first, |settings| {
        settings.mail.transport = smtp_on(smtp_port);
        settings.public_url = public_url;
    })
    .await;

    let delivered = sink.wait_for(EMAIL, 1).await;
    assert_eq!(delivered.len(), 1);
    let token = delivered[0].token();
    assert_eq!(verify(&second, json!({"token": token})).await.status(), 200);
    second.wait_for_outbox_drained().await;
    assert_eq!(sink.received().len(), 1, "delivered once");
}

#[tokio::test]
async fn once_delivered_no_message_body_keeps_a_link_or_a_code() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    app.post_json("/api/auth/forgot-password", &json!({"email": EMAIL}))
        .await;
    app.post_json("/api/auth/send-otp", &json!({"email": EMAIL}))
        .await;
    let delivered = app.mail.wait_for(EMAIL, 3).await;
    app.wait_for_outbox_drained().await;

    let secrets = [
        delivered[0].token(),
        delivered[0].code(),
        delivered[1].token(),
        delivered[2].code(),
    ];
    let stored: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT recipient, subject, text_body, html_body FROM email_outbox ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(stored.len(), 3, "each message is still on record");
    for (recipient, subject, text, html) in &stored {
        assert_eq!(recipient, EMAIL);
        assert!(!subject.is_empty());
        assert_eq!((text.as_str(), html.as_str()), ("", ""));
    }
    // The tokens table keeps only hashes of them.
    let hashes: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT token_hash, code_hash FROM email_tokens")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    for (token_hash, code_hash) in hashes {
        for hash in [token_hash, code_hash].into_iter().flatten() {
            assert!(!secrets.contains(&hash));
        }
    }
}
