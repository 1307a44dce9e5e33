//! First proof of an address wins: whoever registered an address they do not
//! own keeps nothing once its owner proves it (a mailed code, a reset link,
//! Google with a verified address). Written as the attack.

use crate::helpers::{STRONG_PASSWORD, TestApp, Tokens, client, json, spawn_app};
use serde_json::{Value, json};

const VICTIM: &str = "victim@example.com";
const OWNERS_PASSWORD: &str = "Marmalade-Comet-77?";

/// The attacker registers the victim's address and stays signed in, in the
/// API and in a browser.
async fn pre_hijack(app: &TestApp) -> (Tokens, reqwest::Client) {
    app.api_register(VICTIM).await;
    let tokens = app.api_tokens(VICTIM).await;
    let browser = client();
    let signed_in = app
        .call_with(
            &browser,
            "auth/sign-in",
            &[("email", VICTIM), ("password", STRONG_PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status(), 200);
    (tokens, browser)
}

async fn assert_attacker_holds_nothing(app: &TestApp, tokens: &Tokens, browser: &reqwest::Client) {
    assert_eq!(
        app.api_login(VICTIM, STRONG_PASSWORD).await.status(),
        401,
        "the attacker's password"
    );
    assert_eq!(app.me(&tokens.access).await.status(), 401, "access token");
    assert_eq!(
        app.api_refresh(&tokens.refresh).await.status(),
        401,
        "refresh token"
    );
    let user = json(app.call_with(browser, "auth/current-user", &[]).await).await;
    assert_eq!(user, Value::Null, "browser session");
}

async fn notice(app: &TestApp) -> String {
    app.wait_for_outbox_drained().await;
    app.mail
        .received()
        .into_iter()
        .rfind(|mail| mail.subject().contains("we secured your account"))
        .expect("the owner is told")
        .raw
}

#[tokio::test]
async fn an_owners_code_sign_in_to_a_pre_registered_account_leaves_the_attacker_nothing() {
    let app = spawn_app().await;
    let (tokens, browser) = pre_hijack(&app).await;

    let sent = app
        .post_json("/api/auth/send-otp", &json!({ "email": VICTIM }))
        .await;
    assert_eq!(sent.status(), 200);
    let code = app.mail.last_to(VICTIM, 2).await.code();
    let owner = app
        .post_json(
            "/api/auth/verify-otp",
            &json!({ "email": VICTIM, "otp": code }),
        )
        .await;
    assert_eq!(owner.status(), 200);
    let owner = crate::helpers::tokens_of(&json(owner).await);

    assert_attacker_holds_nothing(&app, &tokens, &browser).await;
    assert_eq!(app.me(&owner.access).await.status(), 200, "the owner is in");
    let body = json(app.me(&owner.access).await).await;
    assert_eq!(body["data"]["user"]["emailVerified"], true);
    let notice = notice(&app).await;
    assert!(
        notice.contains("the password that was set before"),
        "{notice}"
    );
    assert!(
        notice.contains("signed-in devices were signed out"),
        "{notice}"
    );
}

#[tokio::test]
async fn an_owners_reset_of_a_pre_registered_account_leaves_the_attacker_nothing() {
    let app = spawn_app().await;
    let (tokens, browser) = pre_hijack(&app).await;

    let asked = app
        .post_json("/api/auth/forgot-password", &json!({ "email": VICTIM }))
        .await;
    assert_eq!(asked.status(), 200);
    let token = app.mail.last_to(VICTIM, 2).await.token();
    let reset = app
        .post_json(
            "/api/auth/reset-password",
            &json!({ "token": token, "newPassword": OWNERS_PASSWORD }),
        )
        .await;
    assert_eq!(reset.status(), 200);

    assert_attacker_holds_nothing(&app, &tokens, &browser).await;
    assert_eq!(app.api_login(VICTIM, OWNERS_PASSWORD).await.status(), 200);
    let notice = notice(&app).await;
    assert!(notice.contains("yours replaces it"), "{notice}");
}

#[tokio::test]
async fn a_code_sign_in_to_a_verified_account_takes_nothing_away() {
    let app = spawn_app().await;
    app.api_register(VICTIM).await;
    sqlx::query("UPDATE users SET email_verified = TRUE")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let other_device = app.api_tokens(VICTIM).await;

    app.post_json("/api/auth/send-otp", &json!({ "email": VICTIM }))
        .await;
    let code = app.mail.last_to(VICTIM, 2).await.code();
    let signed_in = app
        .post_json(
            "/api/auth/verify-otp",
            &json!({ "email": VICTIM, "otp": code }),
        )
        .await;

    assert_eq!(signed_in.status(), 200);
    assert_eq!(app.me(&other_device.access).await.status(), 200);
    assert_eq!(app.api_login(VICTIM, STRONG_PASSWORD).await.status(), 200);
}
