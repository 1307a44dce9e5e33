//! Self-service (issue 6): changing the password through the JSON API.

use crate::helpers::{STRONG_PASSWORD, TestApp, error_code, json, spawn_app, tokens_of};
use reqwest::Method;
use serde_json::{Value, json};

const EMAIL: &str = "ada@example.com";
const NEW_PASSWORD: &str = "Marmalade-Comet-77?";

async fn change(app: &TestApp, access: &str, current: &str, new: &str) -> reqwest::Response {
    app.bearer(Method::POST, "/api/auth/change-password", access)
        .json(&json!({"currentPassword": current, "newPassword": new}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_password_change_ends_every_earlier_sign_in_and_returns_a_fresh_pair() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let caller = app.api_tokens(EMAIL).await;
    let other = app.api_tokens(EMAIL).await;
    let browser = crate::helpers::client();
    app.call_with(
        &browser,
        "auth/sign-in",
        &[("email", EMAIL), ("password", STRONG_PASSWORD)],
    )
    .await;

    let response = change(&app, &caller.access, STRONG_PASSWORD, NEW_PASSWORD).await;

    assert_eq!(response.status(), 200);
    let fresh = tokens_of(&json(response).await);
    assert_eq!(app.me(&fresh.access).await.status(), 200);
    for old in [&caller, &other] {
        assert_eq!(
            error_code(app.me(&old.access).await).await.1,
            "INVALID_TOKEN"
        );
        assert_eq!(app.api_refresh(&old.refresh).await.status(), 401);
    }
    let current = app.call_with(&browser, "auth/current-user", &[]).await;
    assert_eq!(
        json(current).await,
        Value::Null,
        "the browser is signed out"
    );
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 401);
    assert_eq!(app.api_login(EMAIL, NEW_PASSWORD).await.status(), 200);
    let notice = app.mail.last_to(EMAIL, 2).await;
    assert!(notice.subject().contains("password was changed"));
}

#[tokio::test]
async fn a_wrong_current_password_a_weak_or_an_unchanged_new_one_is_refused() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let tokens = app.api_tokens(EMAIL).await;
    let cases = [
        ("Not-The-Password-1!", NEW_PASSWORD, "currentPassword"),
        (STRONG_PASSWORD, "password", "newPassword"),
        (STRONG_PASSWORD, STRONG_PASSWORD, "newPassword"),
    ];
    for (current, new, field) in cases {
        let response = change(&app, &tokens.access, current, new).await;
        assert_eq!(response.status(), 400, "{field}");
        let body = json(response).await;
        assert_eq!(body["error"], "VALIDATION_ERROR");
        assert_eq!(body["details"][0]["field"], field);
    }
    assert_eq!(
        app.me(&tokens.access).await.status(),
        200,
        "nothing changed"
    );
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn the_email_changes_over_the_api_only_after_the_code_from_the_new_address() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    app.api_register("taken@example.com").await;
    let tokens = app.api_tokens(EMAIL).await;
    let start = |password: &'static str, new_email: &'static str| {
        app.bearer(Method::POST, "/api/auth/change-email", &tokens.access)
            .json(&json!({"password": password, "newEmail": new_email}))
            .send()
    };

    let wrong = json(start("Wrong-Password-1!", "new@example.com").await.unwrap()).await;
    assert_eq!(
        (
            wrong["error"].as_str(),
            wrong["details"][0]["field"].as_str()
        ),
        (Some("VALIDATION_ERROR"), Some("password"))
    );
    let taken = start(STRONG_PASSWORD, "taken@example.com").await.unwrap();
    assert_eq!(error_code(taken).await, (409, "EMAIL_TAKEN".into()));
    assert_eq!(
        start(STRONG_PASSWORD, "new@example.com")
            .await
            .unwrap()
            .status(),
        200
    );
    let code = app.mail.last_to("new@example.com", 1).await.code();
    assert_eq!(
        json(app.me(&tokens.access).await).await["data"]["user"]["email"],
        EMAIL
    );

    let confirm = app
        .bearer(
            Method::POST,
            "/api/auth/confirm-email-change",
            &tokens.access,
        )
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();

    assert_eq!(confirm.status(), 200);
    let me = json(app.me(&tokens.access).await).await;
    assert_eq!(me["data"]["user"]["email"], "new@example.com");
    assert!(
        app.mail
            .last_to(EMAIL, 2)
            .await
            .subject()
            .contains("email address was changed")
    );
}

#[tokio::test]
async fn deleting_the_account_over_the_api_needs_the_password_and_ends_every_sign_in() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let tokens = app.api_tokens(EMAIL).await;
    let delete = |password: &'static str| {
        app.bearer(Method::DELETE, "/api/auth/me", &tokens.access)
            .json(&json!({"password": password}))
            .send()
    };

    let wrong = json(delete("Wrong-Password-1!").await.unwrap()).await;
    assert_eq!(wrong["details"][0]["field"], "password");
    assert_eq!(
        app.me(&tokens.access).await.status(),
        200,
        "nothing changed"
    );

    assert_eq!(delete(STRONG_PASSWORD).await.unwrap().status(), 200);
    assert_eq!(error_code(app.me(&tokens.access).await).await.0, 403);
    assert_ne!(app.api_refresh(&tokens.refresh).await.status(), 200);
    let (status, code) = error_code(app.api_login(EMAIL, STRONG_PASSWORD).await).await;
    assert_eq!((status, code.as_str()), (403, "ACCOUNT_PENDING_DELETION"));
}

#[tokio::test]
async fn wrong_current_passwords_count_towards_the_sign_in_lockout() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let tokens = app.api_tokens(EMAIL).await;
    for _ in 0..4 {
        let response = change(&app, &tokens.access, "Wrong-Password-1!", NEW_PASSWORD).await;
        assert_eq!(response.status(), 400);
    }

    let fifth = change(&app, &tokens.access, "Wrong-Password-1!", NEW_PASSWORD).await;

    assert_eq!(error_code(fifth).await, (423, "ACCOUNT_LOCKED".into()));
    let right = change(&app, &tokens.access, STRONG_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(
        error_code(right).await.0,
        423,
        "locked, even with the right one"
    );
    assert_eq!(
        error_code(app.api_login(EMAIL, STRONG_PASSWORD).await)
            .await
            .0,
        423
    );
}

#[tokio::test]
async fn after_an_email_change_the_old_address_holds_no_way_in_and_other_sign_ins_end() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let this_app = app.api_tokens(EMAIL).await;
    let other_app = app.api_tokens(EMAIL).await;
    // Whoever reads the old mailbox asked for a reset link and a sign-in code.
    let reset = app
        .post_json("/api/auth/forgot-password", &json!({"email": EMAIL}))
        .await;
    assert_eq!(reset.status(), 200);
    let reset_token = app.mail.last_to(EMAIL, 2).await.token();
    let sent = app
        .post_json("/api/auth/send-otp", &json!({"email": EMAIL}))
        .await;
    assert_eq!(sent.status(), 200);
    let old_code = app.mail.last_to(EMAIL, 3).await.code();

    let start = app
        .bearer(Method::POST, "/api/auth/change-email", &this_app.access)
        .json(&json!({"password": STRONG_PASSWORD, "newEmail": "new@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 200);
    let code = app.mail.last_to("new@example.com", 1).await.code();
    let confirm = app
        .bearer(
            Method::POST,
            "/api/auth/confirm-email-change",
            &this_app.access,
        )
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), 200);

    let reset_with_old_link = app
        .post_json(
            "/api/auth/reset-password",
            &json!({"token": reset_token, "newPassword": "Marmalade-Comet-77?"}),
        )
        .await;
    assert_eq!(
        error_code(reset_with_old_link).await,
        (400, "INVALID_CODE".into())
    );
    for address in [EMAIL, "new@example.com"] {
        let with_old_code = app
            .post_json(
                "/api/auth/verify-otp",
                &json!({"email": address, "otp": old_code}),
            )
            .await;
        assert_eq!(
            error_code(with_old_code).await,
            (400, "INVALID_CODE".into()),
            "{address}"
        );
    }
    assert_eq!(
        app.me(&this_app.access).await.status(),
        200,
        "this app stays"
    );
    assert_eq!(
        app.me(&other_app.access).await.status(),
        401,
        "every other sign-in ends"
    );
    assert_eq!(app.api_refresh(&other_app.refresh).await.status(), 401);
}
