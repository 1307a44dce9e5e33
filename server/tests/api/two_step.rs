//! Two-step sign-in: an authenticator app, recovery codes and emailed codes
//! as a second factor, on every path (the pages' server functions without
//! `Origin`, the JSON API), written as the attacks they must stop.

use crate::helpers::{
    STRONG_PASSWORD, TestApp, client, error_code, json, set_cookie_headers, spawn_app,
    spawn_app_with,
};
use portcullis::identity::second_factor::AppSecret;
use reqwest::{Client, Response};
use serde_json::{Value, json};
use std::time::Duration;

const ADA: &str = "ada@example.com";

/// Ada's account, signed in on `app.client`, verified.
async fn ada(app: &TestApp) {
    let response = app.sign_up(ADA, STRONG_PASSWORD).await;
    assert_eq!(response.status(), 200);
    app.mark_verified(ADA).await;
}

async fn rpc(app: &TestApp, browser: &Client, endpoint: &str, form: &[(&str, &str)]) -> Response {
    app.call_with(browser, endpoint, form).await
}

/// The `code` of a server function's error, with its status.
async fn rpc_error(response: Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body = json(response).await;
    (
        status,
        body["code"].as_str().unwrap_or_default().to_string(),
    )
}

/// Sets up an app for the signed-in `browser`; the secret as the page shows
/// it, and the recovery codes the page shows once.
async fn enrol_app(app: &TestApp, browser: &Client) -> (AppSecret, Vec<String>) {
    let response = rpc(app, browser, "account/two-step/app", &[]).await;
    assert_eq!(response.status(), 200);
    let enrolment = json(response).await;
    assert!(enrolment["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let secret = AppSecret::from_base32(enrolment["secret"].as_str().unwrap()).unwrap();
    let code = secret.code_at(app.clock.now());
    let response = rpc(
        app,
        browser,
        "account/two-step/app/confirm",
        &[("code", &code)],
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    (secret, fresh_codes(app, browser).await)
}

async fn fresh_codes(app: &TestApp, browser: &Client) -> Vec<String> {
    let codes = json(rpc(app, browser, "account/two-step/fresh-recovery-codes", &[]).await).await;
    codes
        .as_array()
        .map(|codes| {
            codes
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The app's next code: the clock moves on a step, as a person waits for
/// the next code after using one.
fn next_code(app: &TestApp, secret: &AppSecret) -> String {
    app.clock.advance(Duration::from_secs(30));
    secret.code_at(app.clock.now())
}

async fn current_user(app: &TestApp, browser: &Client) -> Value {
    json(rpc(app, browser, "auth/current-user", &[]).await).await
}

/// A browser that signed in with the password and now waits at the second step.
async fn half_signed_in(app: &TestApp) -> Client {
    let browser = client();
    sign_in_again(app, &browser).await;
    browser
}

/// Ada's password, on `browser`.
async fn sign_in_again(app: &TestApp, browser: &Client) {
    let form = [("email", ADA), ("password", STRONG_PASSWORD)];
    let response = rpc(app, browser, "auth/sign-in", &form).await;
    assert_eq!(response.status(), 200);
}

/// Ada, signed in on `app.client`, with an authenticator app and its
/// recovery codes.
async fn ada_with_an_app() -> (TestApp, AppSecret, Vec<String>) {
    let app = spawn_app().await;
    ada(&app).await;
    let (secret, codes) = enrol_app(&app, &app.client).await;
    (app, secret, codes)
}

/// Wrong second-step codes the audit log recorded: each one evaluated.
async fn wrong_codes_audited(app: &TestApp) -> usize {
    app.audit_log()
        .await
        .iter()
        .filter(|row| row.action == "second_step" && row.reason.as_deref() == Some("wrong_code"))
        .count()
}

async fn second_step(app: &TestApp, browser: &Client, form: &[(&str, &str)]) -> Response {
    rpc(app, browser, "auth/second-step/verify", form).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get::<i64, _>(0)
}

#[tokio::test]
async fn an_app_is_set_up_only_with_a_current_code_from_it() {
    let app = spawn_app().await;
    ada(&app).await;
    let response = rpc(&app, &app.client, "account/two-step/app", &[]).await;
    let secret = AppSecret::from_base32(json(response).await["secret"].as_str().unwrap()).unwrap();
    // The page shown again shows the same secret (a scanned QR code stays good).
    let again = json(rpc(&app, &app.client, "account/two-step/app", &[]).await).await;
    let again = AppSecret::from_base32(again["secret"].as_str().unwrap()).unwrap();
    assert_eq!(again.code_at(1_000), secret.code_at(1_000));

    let now = app.clock.now();
    for wrong in ["000000", "12345", "abcdef", &secret.code_at(now - 120)] {
        let response = rpc(
            &app,
            &app.client,
            "account/two-step/app/confirm",
            &[("code", wrong)],
        )
        .await;
        assert_eq!(
            rpc_error(response).await,
            (400, "VALIDATION_ERROR".into()),
            "{wrong}"
        );
    }
    let overview = json(rpc(&app, &app.client, "account/two-step", &[]).await).await;
    assert_eq!(overview["app"], false);

    let code = secret.code_at(now);
    let response = rpc(
        &app,
        &app.client,
        "account/two-step/app/confirm",
        &[("code", &code)],
    )
    .await;
    assert_eq!(response.status(), 200);
    let codes = fresh_codes(&app, &app.client).await;
    assert_eq!(codes.len(), 10);
    // Shown until the user says they are saved, then never again.
    assert_eq!(fresh_codes(&app, &app.client).await, codes);
    let response = rpc(
        &app,
        &app.client,
        "account/two-step/recovery-codes-saved",
        &[],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(fresh_codes(&app, &app.client).await.is_empty());
    let overview = json(rpc(&app, &app.client, "account/two-step", &[]).await).await;
    assert_eq!(
        (
            overview["app"].clone(),
            overview["recovery_codes_left"].clone()
        ),
        (json!(true), json!(10))
    );
    // Stored sealed and hashed: neither the secret nor a code is in the database.
    let stored: String = sqlx::query_scalar("SELECT sealed_secret FROM second_factors")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        !stored
            .to_uppercase()
            .contains(&secret.for_typing().replace(' ', ""))
    );
    let hashes: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert!(codes.iter().all(|code| !hashes.contains(code)));
}

#[tokio::test]
async fn setting_up_an_app_needs_a_recent_sign_in() {
    let app = spawn_app().await;
    ada(&app).await;
    app.clock.advance(Duration::from_secs(11 * 60));
    let response = rpc(&app, &app.client, "account/two-step/app", &[]).await;
    assert_eq!(
        rpc_error(response).await,
        (403, "REAUTHENTICATION_REQUIRED".into())
    );
    let response = rpc(&app, &app.client, "account/two-step/email/enable", &[]).await;
    assert_eq!(
        rpc_error(response).await,
        (403, "REAUTHENTICATION_REQUIRED".into())
    );
}

#[tokio::test]
async fn a_password_alone_no_longer_signs_in_and_the_half_signed_in_session_reaches_nothing() {
    let (app, _, _) = ada_with_an_app().await;
    let browser = half_signed_in(&app).await;

    assert_eq!(current_user(&app, &browser).await, Value::Null);
    for (endpoint, form) in [
        (
            "account/update-names",
            &[("first_name", "Eve"), ("last_name", "X")][..],
        ),
        ("account/two-step/app", &[][..]),
        ("account/two-step/remove", &[("kind", "app")][..]),
        ("account/devices", &[][..]),
        ("account/trusted-browsers", &[][..]),
    ] {
        let (status, code) = rpc_error(rpc(&app, &browser, endpoint, form).await).await;
        assert_eq!((status, code.as_str()), (401, "UNAUTHORIZED"), "{endpoint}");
    }
    let profile = browser.get(app.url("/profile")).send().await.unwrap();
    assert!(!profile.text().await.unwrap().contains(ADA));
    // No sign-in was recorded: only that the password was right.
    let log = app.audit_log().await;
    assert!(!log.iter().any(|row| row.action == "login" && row.success));
    let first_factors: Vec<_> = log
        .iter()
        .filter(|row| row.action == "first_factor")
        .collect();
    assert_eq!(first_factors.len(), 1);
    assert_eq!(first_factors[0].reason.as_deref(), Some("password"));
}

#[tokio::test]
async fn the_second_step_expires_after_five_minutes() {
    let (app, secret, _) = ada_with_an_app().await;
    let browser = half_signed_in(&app).await;
    app.clock.advance(Duration::from_secs(5 * 60 + 1));
    let code = secret.code_at(app.clock.now());
    let response = second_step(&app, &browser, &[("code", &code)]).await;
    assert_eq!(rpc_error(response).await, (401, "SIGN_IN_EXPIRED".into()));
    assert_eq!(current_user(&app, &browser).await, Value::Null);
}

#[tokio::test]
async fn wrong_replayed_and_out_of_window_codes_are_refused() {
    let (app, secret, _) = ada_with_an_app().await;
    // The code that confirmed the app is used: in its own step it is a replay.
    let browser = half_signed_in(&app).await;
    let used = secret.code_at(app.clock.now());
    let response = second_step(&app, &browser, &[("code", &used)]).await;
    assert_eq!(rpc_error(response).await, (400, "INVALID_CODE".into()));
    // Two steps old, or two ahead: out of the window.
    let now = app.clock.now();
    for far in [
        secret.code_at(now - 60),
        secret.code_at(now + 90),
        "000000".into(),
    ] {
        let response = second_step(&app, &browser, &[("code", &far)]).await;
        assert_eq!(rpc_error(response).await.1, "INVALID_CODE");
    }
    let code = next_code(&app, &secret);
    let response = second_step(&app, &browser, &[("code", &code)]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(current_user(&app, &browser).await["email"], ADA);

    // The same code again, on another browser within its window: refused.
    let other = half_signed_in(&app).await;
    let response = second_step(&app, &other, &[("code", &code)]).await;
    assert_eq!(rpc_error(response).await.1, "INVALID_CODE");
}

#[tokio::test]
async fn one_code_sent_at_once_by_two_browsers_signs_in_only_one() {
    let (app, secret, _) = ada_with_an_app().await;
    let (one, two) = (half_signed_in(&app).await, half_signed_in(&app).await);
    let code = next_code(&app, &secret);
    let form = [("code", code.as_str())];
    let (a, b) = tokio::join!(
        second_step(&app, &one, &form),
        second_step(&app, &two, &form)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 400]);
}

#[tokio::test]
async fn wrong_codes_count_towards_the_lockout_and_a_right_password_does_not_reset_them() {
    let (app, _, _) = ada_with_an_app().await;
    // A thief with the password: four wrong codes, the password again (it is
    // right), one more wrong code: the fifth failure locks the account.
    let browser = half_signed_in(&app).await;
    for _ in 0..4 {
        let response = second_step(&app, &browser, &[("code", "000000")]).await;
        assert_eq!(rpc_error(response).await.1, "INVALID_CODE");
    }
    let browser = half_signed_in(&app).await;
    let response = second_step(&app, &browser, &[("recovery_code", "aaaaa-aaaaa")]).await;
    assert_eq!(rpc_error(response).await, (423, "ACCOUNT_LOCKED".into()));
    // Locked on every path now, the password included.
    let response = app.api_login(ADA, STRONG_PASSWORD).await;
    assert_eq!(error_code(response).await, (423, "ACCOUNT_LOCKED".into()));
    let wrong_codes = wrong_codes_audited(&app).await;
    assert_eq!(wrong_codes, 5);
}

#[tokio::test]
async fn twenty_parallel_guesses_at_the_second_step_evaluate_at_most_five() {
    let (app, _, _) = ada_with_an_app().await;
    let browser = half_signed_in(&app).await;
    let guesses = (0..20).map(|i| {
        let code = format!("{:06}", 100_000 + i);
        let browser = browser.clone();
        let app = &app;
        async move {
            second_step(app, &browser, &[("code", &code)])
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures::future::join_all(guesses).await;
    assert!(
        statuses.iter().all(|s| [400, 423, 429].contains(s)),
        "{statuses:?}"
    );
    let evaluated = wrong_codes_audited(&app).await;
    assert_eq!(evaluated, 5);
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let (app, _, codes) = ada_with_an_app().await;
    let browser = half_signed_in(&app).await;
    // Case, spaces and dashes do not matter.
    let typed = codes[0].to_uppercase().replace('-', " ");
    let response = second_step(&app, &browser, &[("recovery_code", &typed)]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(current_user(&app, &browser).await["email"], ADA);

    let again = half_signed_in(&app).await;
    let response = second_step(&app, &again, &[("recovery_code", &codes[0])]).await;
    assert_eq!(rpc_error(response).await.1, "INVALID_CODE");
    let overview = json(rpc(&app, &browser, "account/two-step", &[]).await).await;
    assert_eq!(overview["recovery_codes_left"], 9);
    // Used, audited and mailed.
    assert!(
        app.audit_log()
            .await
            .iter()
            .any(|row| row.action == "recovery_code_used")
    );
    let mails = app.mail.wait_for(ADA, 3).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.raw.contains("A recovery code was used"))
    );
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_ones() {
    let (app, _, old) = ada_with_an_app().await;
    let response = rpc(&app, &app.client, "account/two-step/recovery-codes", &[]).await;
    assert_eq!(response.status(), 200);
    let new = fresh_codes(&app, &app.client).await;
    assert_eq!(new.len(), 10);
    // Not shown again once ten minutes have passed.
    app.clock.advance(Duration::from_secs(10 * 60 + 1));
    assert!(fresh_codes(&app, &app.client).await.is_empty());
    let browser = half_signed_in(&app).await;
    let response = second_step(&app, &browser, &[("recovery_code", &old[1])]).await;
    assert_eq!(rpc_error(response).await.1, "INVALID_CODE");
    let response = second_step(&app, &browser, &[("recovery_code", &new[1])]).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_emailed_code_is_a_second_factor_for_an_account_without_an_app() {
    let app = spawn_app().await;
    ada(&app).await;
    let response = rpc(&app, &app.client, "account/two-step/email/enable", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(fresh_codes(&app, &app.client).await.len(), 10);
    let browser = half_signed_in(&app).await;
    assert_eq!(current_user(&app, &browser).await, Value::Null);
    let before = app.mail.wait_for(ADA, 2).await.len();
    let response = rpc(&app, &browser, "auth/second-step/email-code", &[]).await;
    assert_eq!(response.status(), 200);
    let mail = app.mail.wait_for(ADA, before + 1).await.pop().unwrap();
    let response = second_step(&app, &browser, &[("code", &mail.code())]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(current_user(&app, &browser).await["email"], ADA);
}

#[tokio::test]
async fn a_mailed_code_sign_in_is_one_factor_and_asks_for_the_second() {
    let (app, secret, _) = ada_with_an_app().await;
    let browser = client();
    let before = app.mail.wait_for(ADA, 2).await.len();
    rpc(&app, &browser, "auth/send-code", &[("email", ADA)]).await;
    let code = app
        .mail
        .wait_for(ADA, before + 1)
        .await
        .last()
        .unwrap()
        .code();
    let response = rpc(
        &app,
        &browser,
        "auth/sign-in-with-code",
        &[("email", ADA), ("code", &code)],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(current_user(&app, &browser).await, Value::Null);
    let code = next_code(&app, &secret);
    assert_eq!(
        second_step(&app, &browser, &[("code", &code)])
            .await
            .status(),
        200
    );
    assert_eq!(current_user(&app, &browser).await["email"], ADA);
}

#[tokio::test]
async fn a_trusted_browser_skips_the_second_step_only_itself_until_revoked() {
    let (app, secret, _) = ada_with_an_app().await;
    let browser = half_signed_in(&app).await;
    let code = next_code(&app, &secret);
    let response = second_step(&app, &browser, &[("code", &code), ("trust", "on")]).await;
    assert_eq!(response.status(), 200);
    let cookie = set_cookie_headers(&response)
        .into_iter()
        .find(|c| c.starts_with("portcullis_trusted="))
        .expect("a trusted-browser cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=2592000"),
        "{cookie}"
    );

    // The same browser, signed out and in again: no second step.
    rpc(&app, &browser, "auth/sign-out", &[]).await;
    sign_in_again(&app, &browser).await;
    assert_eq!(current_user(&app, &browser).await["email"], ADA);
    // Another browser still gets the second step.
    let other = half_signed_in(&app).await;
    assert_eq!(current_user(&app, &other).await, Value::Null);

    // Listed on the devices page, and revoked there.
    let trusted = json(rpc(&app, &browser, "account/trusted-browsers", &[]).await).await;
    let id = trusted[0]["id"].as_str().unwrap().to_string();
    let response = rpc(
        &app,
        &browser,
        "account/trusted-browsers/revoke",
        &[("id", &id)],
    )
    .await;
    assert_eq!(response.status(), 200);
    rpc(&app, &browser, "auth/sign-out", &[]).await;
    sign_in_again(&app, &browser).await;
    assert_eq!(current_user(&app, &browser).await, Value::Null);
}

#[tokio::test]
async fn a_password_change_ends_every_trusted_browser() {
    let (app, secret, _) = ada_with_an_app().await;
    let browser = half_signed_in(&app).await;
    let code = next_code(&app, &secret);
    second_step(&app, &browser, &[("code", &code), ("trust", "on")]).await;
    let response = rpc(
        &app,
        &app.client,
        "account/change-password",
        &[
            ("current_password", STRONG_PASSWORD),
            ("new_password", "Another-Orbit-43?"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    rpc(
        &app,
        &browser,
        "auth/sign-in",
        &[("email", ADA), ("password", "Another-Orbit-43?")],
    )
    .await;
    assert_eq!(current_user(&app, &browser).await, Value::Null);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM trusted_browsers").await,
        0
    );
}

#[tokio::test]
async fn the_api_answers_mfa_required_and_finishes_with_the_mfa_token() {
    let (app, secret, codes) = ada_with_an_app().await;
    let response = app.api_login(ADA, STRONG_PASSWORD).await;
    assert_eq!(response.status(), 401);
    let body = json(response).await;
    assert_eq!(body["error"], "MFA_REQUIRED");
    assert!(body["data"].get("accessToken").is_none());
    assert_eq!(body["data"]["methods"], json!(["app", "recovery_code"]));
    assert_eq!(body["data"]["expiresIn"], 300);
    let mfa_token = body["data"]["mfaToken"].as_str().unwrap().to_string();

    let wrong = app
        .post_json(
            "/api/auth/mfa/verify",
            &json!({"mfaToken": mfa_token, "code": "000000"}),
        )
        .await;
    assert_eq!(error_code(wrong).await, (400, "INVALID_CODE".into()));
    let code = next_code(&app, &secret);
    let response = app
        .post_json(
            "/api/auth/mfa/verify",
            &json!({"mfaToken": mfa_token, "code": code}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    let claims = access_claims(body["data"]["accessToken"].as_str().unwrap());
    assert_eq!(claims["amr"], json!(["pwd", "otp", "mfa"]));
    // A refresh keeps how the sign-in was proven.
    let refreshed = json(
        app.api_refresh(body["data"]["refreshToken"].as_str().unwrap())
            .await,
    )
    .await;
    assert_eq!(
        access_claims(refreshed["data"]["accessToken"].as_str().unwrap())["amr"],
        claims["amr"]
    );
    // The token is single use.
    let again = app
        .post_json(
            "/api/auth/mfa/verify",
            &json!({"mfaToken": mfa_token, "recoveryCode": codes[0]}),
        )
        .await;
    assert_eq!(error_code(again).await, (401, "SIGN_IN_EXPIRED".into()));
    let neither = app
        .post_json("/api/auth/mfa/verify", &json!({"mfaToken": mfa_token}))
        .await;
    assert_eq!(error_code(neither).await.0, 400);
}

#[tokio::test]
async fn an_account_without_a_second_factor_gets_tokens_saying_pwd() {
    let app = spawn_app().await;
    app.api_register(ADA).await;
    let body = json(app.api_login(ADA, STRONG_PASSWORD).await).await;
    assert_eq!(
        access_claims(body["data"]["accessToken"].as_str().unwrap())["amr"],
        json!(["pwd"])
    );
}

fn access_claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn an_admin_without_a_second_factor_is_sent_to_set_one_up_when_the_policy_asks() {
    let app = spawn_app_with(|s| s.accounts.mfa_required_for_admins = true).await;
    ada(&app).await;
    app.make_admin(ADA).await;
    let response = rpc(&app, &app.client, "admin/dashboard", &[]).await;
    assert_eq!(
        rpc_error(response).await,
        (403, "SECOND_FACTOR_REQUIRED".into())
    );
    let tokens_body = json(app.api_login(ADA, STRONG_PASSWORD).await).await;
    let access = tokens_body["data"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let response = app
        .bearer(reqwest::Method::GET, "/api/admin/users", &access)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(response).await,
        (403, "SECOND_FACTOR_REQUIRED".into())
    );

    enrol_app(&app, &app.client).await;
    let response = rpc(&app, &app.client, "admin/dashboard", &[]).await;
    assert_eq!(response.status(), 200);
    let response = app
        .bearer(reqwest::Method::GET, "/api/admin/users", &access)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let users = json(response).await;
    assert_eq!(users["data"]["users"][0]["secondFactors"], json!(["app"]));
}

#[tokio::test]
async fn an_admin_turns_off_a_users_second_factor_and_the_user_is_told() {
    let (app, _, _) = ada_with_an_app().await;
    let admin = client();
    let response = app
        .call_with(
            &admin,
            "auth/sign-up",
            &[
                ("email", "root@example.com"),
                ("password", STRONG_PASSWORD),
                ("first_name", "Root"),
                ("last_name", "Admin"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    app.make_admin("root@example.com").await;
    let ada_id: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(ADA)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let response = rpc(
        &app,
        &admin,
        "admin/act",
        &[
            ("id", &ada_id),
            ("action", "reset_second_factor"),
            ("confirmed", "yes"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM second_factors").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM recovery_codes").await, 0);
    let browser = client();
    sign_in_again(&app, &browser).await;
    assert_eq!(current_user(&app, &browser).await["email"], ADA);
    let log = app.audit_log().await;
    assert!(
        log.iter()
            .any(|row| row.action == "admin_reset_second_factor"
                && row.user_id.as_deref() == Some(ada_id.as_str()))
    );
    let mails = app.mail.wait_for(ADA, 3).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.raw.contains("An administrator turned off two-step"))
    );
    // A user who is not an admin cannot.
    let response = rpc(
        &app,
        &browser,
        "admin/act",
        &[
            ("id", &ada_id),
            ("action", "reset_second_factor"),
            ("confirmed", "yes"),
        ],
    )
    .await;
    assert_eq!(rpc_error(response).await.0, 403);
}

#[tokio::test]
async fn every_factor_event_is_audited_and_mailed() {
    let (app, _, _) = ada_with_an_app().await;
    rpc(&app, &app.client, "account/two-step/email/enable", &[]).await;
    rpc(&app, &app.client, "account/two-step/recovery-codes", &[]).await;
    rpc(
        &app,
        &app.client,
        "account/two-step/remove",
        &[("kind", "email")],
    )
    .await;
    rpc(
        &app,
        &app.client,
        "account/two-step/remove",
        &[("kind", "app")],
    )
    .await;
    let actions: Vec<(String, Option<String>)> = app
        .audit_log()
        .await
        .into_iter()
        .filter(|row| row.action.contains("second_factor") || row.action.contains("recovery"))
        .map(|row| (row.action, row.reason))
        .collect();
    assert_eq!(
        actions,
        [
            ("second_factor_added".into(), Some("app".into())),
            ("second_factor_added".into(), Some("email".into())),
            ("recovery_codes_regenerated".into(), None),
            ("second_factor_removed".into(), Some("email".into())),
            ("second_factor_removed".into(), Some("app".into())),
        ]
    );
    // Five notices, after the verification message from sign-up.
    let mails = app.mail.wait_for(ADA, 6).await;
    let notices = mails
        .iter()
        .filter(|m| m.subject().contains("two-step sign-in changed"))
        .count();
    assert_eq!(notices, 5);
    assert!(
        mails
            .last()
            .unwrap()
            .raw
            .contains("a password alone now signs in")
    );
    // With no factor left, the recovery codes went too.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM recovery_codes").await, 0);
}

#[tokio::test]
async fn the_app_or_a_recovery_code_confirms_it_is_you_for_a_sensitive_action() {
    let (app, secret, codes) = ada_with_an_app().await;
    app.clock.advance(Duration::from_secs(11 * 60));
    let response = rpc(&app, &app.client, "account/two-step/app", &[]).await;
    assert_eq!(rpc_error(response).await.1, "REAUTHENTICATION_REQUIRED");
    let response = rpc(
        &app,
        &app.client,
        "account/reauthenticate",
        &[("second_factor", "000000")],
    )
    .await;
    assert_eq!(rpc_error(response).await, (400, "VALIDATION_ERROR".into()));
    let code = secret.code_at(app.clock.now());
    let response = rpc(
        &app,
        &app.client,
        "account/reauthenticate",
        &[("second_factor", &code)],
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    // Later, a recovery code confirms too (and counts as used).
    app.clock.advance(Duration::from_secs(11 * 60));
    let form = [("second_factor", codes[0].as_str())];
    let response = rpc(&app, &app.client, "account/reauthenticate", &form).await;
    assert_eq!(response.status(), 200);
    let log = app.audit_log().await;
    assert!(log.iter().any(|row| row.action == "recovery_code_used"));
    // Recent now: removing the app goes ahead.
    let response = rpc(
        &app,
        &app.client,
        "account/two-step/remove",
        &[("kind", "app")],
    )
    .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_first_proof_of_an_unverified_address_removes_second_factors_set_up_before_it() {
    let app = spawn_app().await;
    // A squatter registers Ada's address and sets up an app.
    let response = app.sign_up(ADA, STRONG_PASSWORD).await;
    assert_eq!(response.status(), 200);
    enrol_app(&app, &app.client).await;
    // Ada proves the address with a mailed code: she gets in, and the
    // squatter's app and codes are gone.
    let owner = client();
    rpc(&app, &owner, "auth/send-code", &[("email", ADA)]).await;
    let code = app.mail.wait_for(ADA, 3).await.last().unwrap().code();
    let response = rpc(
        &app,
        &owner,
        "auth/sign-in-with-code",
        &[("email", ADA), ("code", &code)],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(current_user(&app, &owner).await["email"], ADA);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM second_factors").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM recovery_codes").await, 0);
    let notice = app.mail.wait_for(ADA, 4).await.pop().unwrap();
    assert!(notice.raw.contains("two-step sign-in"), "{}", notice.raw);
}

#[tokio::test]
async fn signing_in_with_the_third_last_recovery_code_warns_that_few_are_left() {
    let (app, _, codes) = ada_with_an_app().await;
    for (used, code) in codes.iter().take(8).enumerate() {
        let browser = half_signed_in(&app).await;
        let response = second_step(&app, &browser, &[("recovery_code", code)]).await;
        assert_eq!(response.status(), 200);
        let location = response.headers()[reqwest::header::LOCATION]
            .to_str()
            .unwrap()
            .to_string();
        if used < 7 {
            assert_eq!(location, "/profile", "after {} codes", used + 1);
        } else {
            assert_eq!(location, "/profile/two-step?codes_left=2");
        }
    }
}

#[tokio::test]
async fn a_google_sign_in_to_an_account_with_an_app_asks_for_the_second_step() {
    use crate::google::TestProvider;
    let provider = TestProvider::start().await;
    let settings = provider.settings();
    let app = spawn_app_with(|s| s.google = Some(settings)).await;
    let claims = json!({"sub": "google-ada", "email": ADA, "email_verified": true,
                        "given_name": "Ada", "family_name": "Lovelace"});
    let id_token = provider.id_token(claims.clone(), None).await;
    let response = app
        .post_json("/api/auth/google", &json!({"idToken": id_token}))
        .await;
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(
        access_claims(body["data"]["accessToken"].as_str().unwrap())["amr"],
        json!(["fed"])
    );
    // Ada signs in on the website (by a mailed code: she has no password) and sets up an app.
    rpc(&app, &app.client, "auth/send-code", &[("email", ADA)]).await;
    let code = app.mail.wait_for(ADA, 1).await.last().unwrap().code();
    rpc(
        &app,
        &app.client,
        "auth/sign-in-with-code",
        &[("email", ADA), ("code", &code)],
    )
    .await;
    let (secret, _) = enrol_app(&app, &app.client).await;

    let id_token = provider.id_token(claims, None).await;
    let response = app
        .post_json("/api/auth/google", &json!({"idToken": id_token}))
        .await;
    let body = json(response).await;
    assert_eq!(body["error"], "MFA_REQUIRED", "{body}");
    let mfa_token = body["data"]["mfaToken"].as_str().unwrap();
    let code = next_code(&app, &secret);
    let response = app
        .post_json(
            "/api/auth/mfa/verify",
            &json!({"mfaToken": mfa_token, "code": code}),
        )
        .await;
    let body = json(response).await;
    assert_eq!(
        access_claims(body["data"]["accessToken"].as_str().unwrap())["amr"],
        json!(["fed", "otp", "mfa"])
    );
}

#[tokio::test]
async fn a_second_step_waiting_when_the_account_is_deactivated_is_refused_on_both_paths() {
    let (app, secret, _) = ada_with_an_app().await;
    let browser = half_signed_in(&app).await;
    let response = app.api_login(ADA, STRONG_PASSWORD).await;
    let mfa_token = json(response).await["data"]["mfaToken"]
        .as_str()
        .unwrap()
        .to_string();
    app.deactivate(ADA).await;
    let code = next_code(&app, &secret);
    let response = second_step(&app, &browser, &[("code", &code)]).await;
    assert_eq!(rpc_error(response).await.1, "ACCOUNT_DISABLED");
    let response = app
        .post_json(
            "/api/auth/mfa/verify",
            &json!({"mfaToken": mfa_token, "code": next_code(&app, &secret)}),
        )
        .await;
    assert_eq!(error_code(response).await.1, "ACCOUNT_DISABLED");
}

#[tokio::test]
async fn requests_that_open_the_set_up_page_at_once_all_show_the_one_stored_secret() {
    let app = spawn_app().await;
    ada(&app).await;
    let pages = (0..20).map(|_| async {
        let shown = json(rpc(&app, &app.client, "account/two-step/app", &[]).await).await;
        shown["secret"].as_str().unwrap().to_string()
    });
    let secrets = futures::future::join_all(pages).await;
    assert!(
        secrets.iter().all(|secret| *secret == secrets[0]),
        "{secrets:?}"
    );
    let secret = AppSecret::from_base32(&secrets[0]).unwrap();
    let code = secret.code_at(app.clock.now());
    let response = rpc(
        &app,
        &app.client,
        "account/two-step/app/confirm",
        &[("code", &code)],
    )
    .await;
    assert_eq!(response.status(), 200);
}
