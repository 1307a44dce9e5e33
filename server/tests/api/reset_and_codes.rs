//! Password reset and one-time-code sign-in, through a real SMTP server.

use crate::helpers::{STRONG_PASSWORD, TestApp, error_code, json, spawn_app};
use serde_json::{Value, json};
use std::time::Duration;

const EMAIL: &str = "ada@example.com";
const NEW_PASSWORD: &str = "Marmalade-Comet-77?";

/// An account whose verification message has arrived (message 1).
/// An account whose owner verified the address (a first proof of an
/// unverified one has its own tests, in `account_integrity`).
async fn app_with_account() -> TestApp {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    app.mail.wait_for(EMAIL, 1).await;
    app.mark_verified(EMAIL).await;
    app
}

async fn forgot(app: &TestApp, email: &str) -> reqwest::Response {
    app.post_json("/api/auth/forgot-password", &json!({"email": email}))
        .await
}

async fn reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/api/auth/reset-password",
        &json!({"token": token, "newPassword": password}),
    )
    .await
}

async fn send_otp(app: &TestApp, email: &str) -> reqwest::Response {
    app.post_json("/api/auth/send-otp", &json!({"email": email}))
        .await
}

async fn verify_otp(app: &TestApp, email: &str, otp: &str) -> reqwest::Response {
    app.post_json("/api/auth/verify-otp", &json!({"email": email, "otp": otp}))
        .await
}

fn other_code(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

#[tokio::test]
async fn a_reset_changes_the_password_ends_every_sign_in_and_sends_a_notice() {
    let app = app_with_account().await;
    let api = app.api_tokens(EMAIL).await;
    let browser = crate::helpers::client();
    app.call_with(
        &browser,
        "auth/sign-in",
        &[("email", EMAIL), ("password", STRONG_PASSWORD)],
    )
    .await;

    assert_eq!(forgot(&app, EMAIL).await.status(), 200);
    let mail = app.mail.last_to(EMAIL, 2).await;
    assert!(
        mail.raw
            .contains(&format!("{}/reset-password?token=", app.address))
    );
    assert!(mail.raw.contains("expires in 60 minutes") && mail.raw.contains("If this wasn't you"));
    let response = reset(&app, &mail.token(), NEW_PASSWORD).await;

    assert_eq!(response.status(), 200);
    assert!(
        response.headers().get("set-cookie").is_none(),
        "a reset signs nobody in"
    );
    let body = json(response).await;
    assert!(body["data"].get("accessToken").is_none());
    assert_eq!(
        error_code(app.me(&api.access).await).await.1,
        "INVALID_TOKEN"
    );
    assert_eq!(app.api_refresh(&api.refresh).await.status(), 401);
    let current = app.call_with(&browser, "auth/current-user", &[]).await;
    assert_eq!(
        json(current).await,
        Value::Null,
        "the browser is signed out"
    );
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 401);
    assert_eq!(app.api_login(EMAIL, NEW_PASSWORD).await.status(), 200);
    let notice = app.mail.last_to(EMAIL, 3).await;
    assert!(
        notice.subject().contains("password was changed"),
        "{}",
        notice.raw
    );
}

#[tokio::test]
async fn a_reset_link_works_once_and_not_after_it_expired() {
    let app = app_with_account().await;
    forgot(&app, EMAIL).await;
    let token = app.mail.last_to(EMAIL, 2).await.token();
    assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), 200);

    let reused = reset(&app, &token, "Another-Strong-Pass-9!").await;
    assert_eq!(error_code(reused).await, (400, "INVALID_CODE".into()));

    forgot(&app, EMAIL).await;
    let token = app.mail.last_to(EMAIL, 4).await.token();
    // A reset link lives an hour.
    app.clock.advance(Duration::from_secs(3600 + 1));
    let expired = reset(&app, &token, "Another-Strong-Pass-9!").await;
    assert_eq!(error_code(expired).await, (400, "INVALID_CODE".into()));
    assert_eq!(app.api_login(EMAIL, NEW_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_newer_reset_link_replaces_the_older_one() {
    let app = app_with_account().await;
    forgot(&app, EMAIL).await;
    let older = app.mail.last_to(EMAIL, 2).await.token();
    forgot(&app, EMAIL).await;
    let newer = app.mail.last_to(EMAIL, 3).await.token();

    let with_older = reset(&app, &older, NEW_PASSWORD).await;

    assert_eq!(error_code(with_older).await, (400, "INVALID_CODE".into()));
    assert_eq!(reset(&app, &newer, NEW_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_weak_new_password_is_refused_and_the_link_still_works() {
    let app = app_with_account().await;
    forgot(&app, EMAIL).await;
    let token = app.mail.last_to(EMAIL, 2).await.token();

    let weak = reset(&app, &token, "password").await;

    assert_eq!(weak.status(), 400);
    let body = json(weak).await;
    assert_eq!(body["error"], "VALIDATION_ERROR");
    assert_eq!(body["details"][0]["field"], "newPassword");
    assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_reset_lifts_the_lockout() {
    let app = app_with_account().await;
    for _ in 0..5 {
        app.api_login(EMAIL, "Not-The-Password-1!").await;
    }
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 423);
    forgot(&app, EMAIL).await;
    let token = app.mail.last_to(EMAIL, 2).await.token();

    reset(&app, &token, NEW_PASSWORD).await;

    assert_eq!(app.api_login(EMAIL, NEW_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn unknown_addresses_get_the_same_answers_and_no_mail() {
    let app = app_with_account().await;

    let known = json(forgot(&app, EMAIL).await).await;
    let unknown = json(forgot(&app, "nobody@example.com").await).await;
    assert_eq!(known, unknown);
    let known = json(send_otp(&app, EMAIL).await).await;
    let unknown = json(send_otp(&app, "nobody@example.com").await).await;
    assert_eq!(known, unknown);

    app.mail.wait_for(EMAIL, 3).await;
    app.wait_for_outbox_drained().await;
    let to_unknown = app
        .mail
        .received()
        .into_iter()
        .filter(|mail| mail.recipients.iter().any(|r| r == "nobody@example.com"))
        .count();
    assert_eq!(to_unknown, 0);
}

#[tokio::test]
async fn a_mailed_code_signs_in_once_and_verifies_the_address() {
    let app = app_with_account().await;

    assert_eq!(send_otp(&app, "Ada@Example.com").await.status(), 200);
    let mail = app.mail.last_to(EMAIL, 2).await;
    assert!(mail.raw.contains("expires in 10 minutes") && mail.raw.contains("If this wasn't you"));
    assert!(
        !mail.subject().contains(&mail.code()),
        "the code is not in the subject"
    );
    let response = verify_otp(&app, EMAIL, &mail.code()).await;

    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["data"]["tokenType"], "Bearer");
    assert_eq!(body["data"]["user"]["emailVerified"], true);
    let access = body["data"]["accessToken"].as_str().unwrap();
    assert_eq!(app.me(access).await.status(), 200);
    let reused = verify_otp(&app, EMAIL, &mail.code()).await;
    assert_eq!(error_code(reused).await, (400, "INVALID_CODE".into()));
    assert!(
        app.audit_log()
            .await
            .iter()
            .any(|row| row.action == "login" && row.reason.as_deref() == Some("code"))
    );
}

#[tokio::test]
async fn a_code_is_refused_for_another_address_after_expiry_and_after_a_newer_code() {
    let app = app_with_account().await;
    app.api_register("bob@example.com").await;
    send_otp(&app, EMAIL).await;
    let first = app.mail.last_to(EMAIL, 2).await.code();

    let other_address = verify_otp(&app, "bob@example.com", &first).await;
    assert_eq!(
        error_code(other_address).await,
        (400, "INVALID_CODE".into())
    );

    send_otp(&app, EMAIL).await;
    let second = app.mail.last_to(EMAIL, 3).await.code();
    if first != second {
        let older = verify_otp(&app, EMAIL, &first).await;
        assert_eq!(error_code(older).await, (400, "INVALID_CODE".into()));
    }

    // A sign-in code lives ten minutes.
    app.clock.advance(Duration::from_secs(10 * 60 + 1));
    let expired = verify_otp(&app, EMAIL, &second).await;
    assert_eq!(error_code(expired).await, (400, "INVALID_CODE".into()));
}

#[tokio::test]
async fn five_wrong_codes_kill_the_sign_in_code() {
    let app = app_with_account().await;
    send_otp(&app, EMAIL).await;
    let code = app.mail.last_to(EMAIL, 2).await.code();

    for _ in 0..5 {
        let wrong = verify_otp(&app, EMAIL, other_code(&code)).await;
        assert_eq!(error_code(wrong).await, (400, "INVALID_CODE".into()));
    }

    let right = verify_otp(&app, EMAIL, &code).await;
    assert_eq!(error_code(right).await, (400, "INVALID_CODE".into()));
}

#[tokio::test]
async fn at_most_three_codes_per_address_per_quarter_hour_known_or_not() {
    let app = app_with_account().await;
    for email in [EMAIL, "nobody@example.com"] {
        for _ in 0..3 {
            assert_eq!(send_otp(&app, email).await.status(), 200);
        }

        let fourth = send_otp(&app, email).await;

        assert_eq!(fourth.status(), 429, "{email}");
        let retry_after: u64 = fourth.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=900).contains(&retry_after));
        assert_eq!(error_code(fourth).await.1, "RATE_LIMITED");
    }
}

#[tokio::test]
async fn one_client_address_cannot_ask_for_codes_for_many_addresses() {
    let app = spawn_app().await;

    for n in 0..20 {
        let response = send_otp(&app, &format!("user{n}@example.com")).await;
        assert_eq!(response.status(), 200, "request {n}");
    }
    let limited = send_otp(&app, "one-more@example.com").await;

    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn the_reset_page_names_the_account_for_password_managers_only_while_its_link_works() {
    let app = app_with_account().await;
    forgot(&app, EMAIL).await;
    let token = app.mail.last_to(EMAIL, 2).await.token();
    let username = format!(r#"type="email" autocomplete="username" value="{EMAIL}""#);

    let page = |token: String| {
        let app = &app;
        async move {
            app.get_page(&format!("/reset-password?token={token}"))
                .await
                .text()
                .await
                .unwrap()
        }
    };
    assert!(page(token.clone()).await.contains(&username));
    assert!(!page("not-a-token".into()).await.contains(EMAIL));

    assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), 200);
    assert!(
        !page(token).await.contains(EMAIL),
        "a used link names nobody"
    );
}
