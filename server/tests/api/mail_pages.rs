//! The pages' server functions for verification, reset and code sign-in.

use crate::helpers::{STRONG_PASSWORD, assert_clear_refusal, json, spawn_app};
use reqwest::header;
use serde_json::Value;

const EMAIL: &str = "ada@example.com";

#[tokio::test]
async fn the_sign_up_page_mails_a_code_that_the_verify_page_accepts() {
    let app = spawn_app().await;
    app.sign_up(EMAIL, STRONG_PASSWORD).await;
    let code = app.mail.last_to(EMAIL, 1).await.code();

    let response = app
        .call("auth/verify-email", &[("email", EMAIL), ("code", &code)])
        .await;

    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let user = json(app.call("auth/current-user", &[]).await).await;
    assert_eq!(user["email_verified"], true);
}

#[tokio::test]
async fn the_reset_pages_change_the_password_without_signing_in() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;

    assert_eq!(
        app.call("auth/forgot-password", &[("email", EMAIL)])
            .await
            .status(),
        200
    );
    let token = app.mail.last_to(EMAIL, 2).await.token();
    let page = app
        .get_page(&format!("/reset-password?token={token}"))
        .await;
    assert_eq!(page.headers()[header::REFERRER_POLICY], "same-origin");
    let response = app
        .call(
            "auth/reset-password",
            &[("token", &token), ("new_password", "Marmalade-Comet-77?")],
        )
        .await;

    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(
        json(app.call("auth/current-user", &[]).await).await,
        Value::Null
    );
    let signed_in = app.sign_in(EMAIL, "Marmalade-Comet-77?").await;
    assert_eq!(signed_in.status(), 200);
}

#[tokio::test]
async fn the_code_pages_sign_in_with_a_session_cookie() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;

    assert_eq!(
        app.call("auth/send-code", &[("email", EMAIL)])
            .await
            .status(),
        200
    );
    let code = app.mail.last_to(EMAIL, 2).await.code();
    let response = app
        .call(
            "auth/sign-in-with-code",
            &[("email", EMAIL), ("code", &code)],
        )
        .await;

    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let user = json(app.call("auth/current-user", &[]).await).await;
    assert_eq!(user["email"], EMAIL);
    assert_eq!(user["email_verified"], true);
}

#[tokio::test]
async fn the_code_page_asks_for_digits_on_phones() {
    let app = spawn_app().await;

    let page = app
        .get_page("/login/code?sent=1&email=ada%40example.com")
        .await
        .text()
        .await
        .unwrap();

    assert!(page.contains(r#"inputmode="numeric""#), "{page}");
    assert!(page.contains(r#"autocomplete="one-time-code""#));
}

#[tokio::test]
async fn the_new_server_functions_answer_bad_input_with_a_clear_4xx() {
    let app = spawn_app().await;
    let cases: [(&str, &[(&str, &str)]); 8] = [
        ("auth/verify-email", &[]),
        ("auth/verify-email", &[("token", "not a token")]),
        ("auth/forgot-password", &[]),
        ("auth/forgot-password", &[("email", "nope")]),
        ("auth/reset-password", &[("token", "x")]),
        ("auth/send-code", &[("email", "nope")]),
        ("auth/sign-in-with-code", &[("email", EMAIL)]),
        ("auth/unlink-google", &[]),
    ];
    for (endpoint, form) in cases {
        let response = app.call(endpoint, form).await;
        assert_clear_refusal(endpoint, form, response).await;
    }
}
