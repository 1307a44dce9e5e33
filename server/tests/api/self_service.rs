//! Self-service in the browser (issue 6): the profile pages' server
//! functions, as the hydrated pages call them.

use crate::helpers::{
    STRONG_PASSWORD, TestApp, assert_clear_refusal, client, error_code, json, spawn_app,
    spawn_app_with,
};
use reqwest::{Method, Response, header};
use serde_json::Value;
use std::time::Duration;

const EMAIL: &str = "ada@example.com";
const NEW_PASSWORD: &str = "Marmalade-Comet-77?";

/// A signed-in browser of its own, with a user agent a person would have.
async fn browser(app: &TestApp, email: &str, user_agent: &str) -> reqwest::Client {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent)
        .build()
        .unwrap();
    let response = browser
        .post(app.url("/rpc/auth/sign-in"))
        .header(header::ORIGIN, &app.address)
        .form(&[("email", email), ("password", STRONG_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    browser
}

async fn rpc(
    app: &TestApp,
    browser: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> Response {
    browser
        .post(app.url(&format!("/rpc/{endpoint}")))
        .header(header::ORIGIN, &app.address)
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn signed_in_user(app: &TestApp, browser: &reqwest::Client) -> Value {
    json(rpc(app, browser, "auth/current-user", &[]).await).await
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

fn location(response: &Response) -> &str {
    response.headers()[header::LOCATION].to_str().unwrap()
}

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

#[tokio::test]
async fn editing_the_name_saves_it_and_a_bad_name_is_refused_by_field() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    app.sign_in(EMAIL, STRONG_PASSWORD).await;

    let response = app
        .call(
            "account/update-names",
            &[("first_name", "Augusta"), ("last_name", "King")],
        )
        .await;

    assert_eq!(response.status(), 200);
    assert_eq!(location(&response), "/profile?saved=1");
    let user = signed_in_user(&app, &app.client).await;
    assert_eq!(
        (user["first_name"].as_str(), user["last_name"].as_str()),
        (Some("Augusta"), Some("King"))
    );

    let response = app
        .call(
            "account/update-names",
            &[("first_name", "  "), ("last_name", "King")],
        )
        .await;
    assert_eq!(response.status(), 400);
    let body = json(response).await;
    assert_eq!(body["details"][0]["field"], "first_name");
    assert_eq!(
        signed_in_user(&app, &app.client).await["first_name"],
        "Augusta"
    );
}

#[tokio::test]
async fn signed_out_callers_cannot_use_any_account_function() {
    let app = spawn_app().await;
    for endpoint in [
        "account/update-names",
        "account/change-password",
        "account/set-password",
        "account/start-email-change",
        "account/confirm-email-change",
        "account/devices",
        "account/revoke-device",
        "account/sign-out-other-devices",
        "account/activity",
        "account/delete",
        "account/reauthenticate",
        "account/send-confirmation-code",
        "account/recently-authenticated",
    ] {
        let response = app
            .call(
                endpoint,
                &[
                    ("first_name", "A"),
                    ("last_name", "B"),
                    ("current_password", STRONG_PASSWORD),
                    ("new_password", NEW_PASSWORD),
                    ("code", "123456"),
                    ("new_email", "x@example.com"),
                    ("id", "abc"),
                    ("confirm_email", EMAIL),
                    ("password", STRONG_PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), 401, "{endpoint}");
    }
    let export = app.get_page("/profile/export").await;
    assert_eq!(export.status(), 303);
    assert!(location(&export).starts_with("/login"));
}

#[tokio::test]
async fn a_password_change_keeps_this_browser_and_signs_out_every_other_device() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let this = browser(&app, EMAIL, FIREFOX).await;
    let other = browser(&app, EMAIL, CHROME).await;
    let api = app.api_tokens(EMAIL).await;

    let response = rpc(
        &app,
        &this,
        "account/change-password",
        &[
            ("current_password", STRONG_PASSWORD),
            ("new_password", NEW_PASSWORD),
        ],
    )
    .await;

    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(signed_in_user(&app, &this).await["email"], EMAIL);
    assert_eq!(signed_in_user(&app, &other).await, Value::Null);
    assert_eq!(app.api_refresh(&api.refresh).await.status(), 401);
    assert_eq!(
        error_code(app.me(&api.access).await).await.1,
        "INVALID_TOKEN"
    );
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 401);
    assert_eq!(app.api_login(EMAIL, NEW_PASSWORD).await.status(), 200);
    let notice = app.mail.last_to(EMAIL, 2).await;
    assert!(notice.subject().contains("password was changed"));
}

#[tokio::test]
async fn a_wrong_current_password_or_a_weak_new_one_changes_nothing() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    app.sign_in(EMAIL, STRONG_PASSWORD).await;
    for (current, new, field) in [
        ("Wrong-Password-1!", NEW_PASSWORD, "current_password"),
        (STRONG_PASSWORD, "password", "new_password"),
        (STRONG_PASSWORD, STRONG_PASSWORD, "new_password"),
    ] {
        let response = app
            .call(
                "account/change-password",
                &[("current_password", current), ("new_password", new)],
            )
            .await;
        assert_eq!(response.status(), 400, "{field}");
        assert_eq!(json(response).await["details"][0]["field"], field);
    }
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_stale_sign_in_must_confirm_identity_before_a_sensitive_action() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    app.sign_in(EMAIL, STRONG_PASSWORD).await;
    app.clock.advance(Duration::from_secs(10 * 60 + 1));

    let change = [
        ("current_password", STRONG_PASSWORD),
        ("new_password", NEW_PASSWORD),
    ];
    let response = app.call("account/change-password", &change).await;
    assert_eq!(
        rpc_error(response).await,
        (403, "REAUTHENTICATION_REQUIRED".into())
    );
    let response = app
        .call(
            "account/delete",
            &[("confirm_email", EMAIL), ("password", STRONG_PASSWORD)],
        )
        .await;
    assert_eq!(
        rpc_error(response).await,
        (403, "REAUTHENTICATION_REQUIRED".into())
    );
    let response = app
        .call(
            "account/start-email-change",
            &[
                ("new_email", "new@example.com"),
                ("password", STRONG_PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        rpc_error(response).await,
        (403, "REAUTHENTICATION_REQUIRED".into())
    );
    let export = app.get_page("/profile/export").await;
    assert_eq!(export.status(), 303);
    assert_eq!(location(&export), "/profile/confirm?next=%2Fprofile%2Fdata");
    assert_eq!(
        json(app.call("account/recently-authenticated", &[]).await).await,
        false
    );

    let wrong = app
        .call(
            "account/reauthenticate",
            &[("password", "Wrong-Password-1!")],
        )
        .await;
    assert_eq!(wrong.status(), 400);
    assert_eq!(json(wrong).await["details"][0]["field"], "password");
    let right = app
        .call(
            "account/reauthenticate",
            &[("password", STRONG_PASSWORD), ("next", "/profile/security")],
        )
        .await;
    assert_eq!(right.status(), 200);
    assert_eq!(location(&right), "/profile/security");
    let response = app.call("account/change-password", &change).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.api_login(EMAIL, NEW_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn changing_the_email_needs_the_password_and_the_code_sent_to_the_new_address() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    app.create_account("taken@example.com").await;
    app.sign_in(EMAIL, STRONG_PASSWORD).await;
    let app_ref = &app;
    let start = move |new_email: &'static str, password: &'static str| async move {
        app_ref
            .call(
                "account/start-email-change",
                &[("new_email", new_email), ("password", password)],
            )
            .await
    };

    let wrong = start("new@example.com", "Wrong-Password-1!").await;
    assert_eq!(wrong.status(), 400);
    assert_eq!(json(wrong).await["details"][0]["field"], "password");
    assert_eq!(
        rpc_error(start("taken@example.com", STRONG_PASSWORD).await).await,
        (409, "EMAIL_TAKEN".into())
    );
    let invalid = start("not an address", STRONG_PASSWORD).await;
    assert_eq!(json(invalid).await["details"][0]["field"], "new_email");

    let response = start("New@Example.com", STRONG_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let code = app.mail.last_to("new@example.com", 1).await.code();
    assert_eq!(
        signed_in_user(&app, &app.client).await["email"],
        EMAIL,
        "not before the code"
    );
    assert_eq!(
        json(app.call("account/pending-email-change", &[]).await).await,
        "new@example.com"
    );

    let wrong_code = if code == "000000" { "111111" } else { "000000" };
    let response = app
        .call("account/confirm-email-change", &[("code", wrong_code)])
        .await;
    assert_eq!(rpc_error(response).await, (400, "INVALID_CODE".into()));
    let response = app
        .call("account/confirm-email-change", &[("code", &code)])
        .await;
    assert_eq!(response.status(), 200);

    let user = signed_in_user(&app, &app.client).await;
    assert_eq!(user["email"], "new@example.com");
    assert_eq!(user["email_verified"], true);
    let notice = app.mail.last_to(EMAIL, 2).await;
    assert!(notice.subject().contains("email address was changed"));
    assert!(notice.raw.contains("new@example.com"));
    assert_eq!(
        app.api_login("new@example.com", STRONG_PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 401);
    let reused = app
        .call("account/confirm-email-change", &[("code", &code)])
        .await;
    assert_eq!(reused.status(), 400, "the code works once");
}

#[tokio::test]
async fn devices_show_this_browser_and_signing_one_out_takes_effect_at_its_next_request() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    app.create_account("grace@example.com").await;
    let this = browser(&app, EMAIL, FIREFOX).await;
    let other = browser(&app, EMAIL, CHROME).await;
    let api = app.api_tokens(EMAIL).await;
    let stranger = browser(&app, "grace@example.com", CHROME).await;

    let devices = json(rpc(&app, &this, "account/devices", &[]).await).await;
    let devices = devices.as_array().unwrap();
    assert_eq!(devices.len(), 3, "{devices:?}");
    let current: Vec<_> = devices.iter().filter(|d| d["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["device"], "Firefox on Linux");
    let chrome = devices
        .iter()
        .find(|d| d["device"] == "Chrome on Windows 10")
        .expect("the other browser");
    assert_eq!(chrome["ip"], "127.0.0.1");
    assert!(devices.iter().any(|d| d["kind"] == "api"));

    // Another user cannot sign this browser out.
    let response = rpc(
        &app,
        &stranger,
        "account/revoke-device",
        &[("id", chrome["id"].as_str().unwrap())],
    )
    .await;
    assert_eq!(rpc_error(response).await, (404, "NOT_FOUND".into()));
    assert_eq!(signed_in_user(&app, &other).await["email"], EMAIL);

    let response = rpc(
        &app,
        &this,
        "account/revoke-device",
        &[("id", chrome["id"].as_str().unwrap())],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(signed_in_user(&app, &other).await, Value::Null);
    assert_eq!(signed_in_user(&app, &this).await["email"], EMAIL);

    let response = rpc(&app, &this, "account/sign-out-other-devices", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        error_code(app.me(&api.access).await).await.1,
        "INVALID_TOKEN"
    );
    assert_eq!(app.api_refresh(&api.refresh).await.status(), 401);
    assert_eq!(signed_in_user(&app, &this).await["email"], EMAIL);
    let devices = json(rpc(&app, &this, "account/devices", &[]).await).await;
    assert_eq!(devices.as_array().unwrap().len(), 1);
    assert_eq!(
        signed_in_user(&app, &stranger).await["email"],
        "grace@example.com"
    );
}

#[tokio::test]
async fn recent_activity_shows_the_users_own_last_20_events() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    app.create_account("grace@example.com").await;
    for _ in 0..3 {
        app.sign_in(EMAIL, "Wrong-Password-1!").await;
    }
    for _ in 0..25 {
        app.api_tokens("grace@example.com").await;
    }
    let this = browser(&app, EMAIL, FIREFOX).await;

    let events = json(rpc(&app, &this, "account/activity", &[]).await).await;
    let events = events.as_array().unwrap();
    let descriptions: Vec<&str> = events
        .iter()
        .map(|e| e["description"].as_str().unwrap())
        .collect();
    assert_eq!(descriptions[0], "Signed in with a password");
    assert_eq!(events[0]["device"], "Firefox on Linux");
    assert_eq!(events[0]["ip"], "127.0.0.1");
    assert_eq!(
        descriptions
            .iter()
            .filter(|d| **d == "Failed sign-in")
            .count(),
        3
    );
    assert!(descriptions.contains(&"Created the account"));
    assert!(
        events
            .iter()
            .all(|e| e["at"].as_str().unwrap().ends_with('Z'))
    );

    // Another user with many events sees only their own, at most 20.
    let grace = browser(&app, "grace@example.com", CHROME).await;
    let events = json(rpc(&app, &grace, "account/activity", &[]).await).await;
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 20);
    assert!(events.iter().all(|e| e["description"] != "Failed sign-in"));
}

#[tokio::test]
async fn deleting_the_account_deactivates_it_at_once_and_a_sign_in_offers_to_restore_it() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let this = browser(&app, EMAIL, FIREFOX).await;
    let other = browser(&app, EMAIL, CHROME).await;
    let api = app.api_tokens(EMAIL).await;

    let response = rpc(
        &app,
        &this,
        "account/delete",
        &[
            ("confirm_email", "someone@example.com"),
            ("password", STRONG_PASSWORD),
        ],
    )
    .await;
    assert_eq!(json(response).await["details"][0]["field"], "confirm_email");
    let response = rpc(
        &app,
        &this,
        "account/delete",
        &[("confirm_email", EMAIL), ("password", "Wrong-Password-1!")],
    )
    .await;
    assert_eq!(json(response).await["details"][0]["field"], "password");
    assert_eq!(
        signed_in_user(&app, &other).await["email"],
        EMAIL,
        "nothing changed yet"
    );

    let response = rpc(
        &app,
        &this,
        "account/delete",
        &[
            ("confirm_email", "Ada@Example.com"),
            ("password", STRONG_PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(location(&response), "/login?deleted=1");
    for device in [&this, &other] {
        assert_eq!(signed_in_user(&app, device).await, Value::Null);
    }
    assert_ne!(app.api_refresh(&api.refresh).await.status(), 200);
    assert_ne!(app.me(&api.access).await.status(), 200);
    let notice = app.mail.last_to(EMAIL, 2).await;
    assert!(notice.subject().contains("account was deleted"));
    let (status, code) = error_code(app.api_login(EMAIL, STRONG_PASSWORD).await).await;
    assert_eq!((status, code.as_str()), (403, "ACCOUNT_PENDING_DELETION"));
    let wrong = app.api_login(EMAIL, "Wrong-Password-1!").await;
    assert_eq!(wrong.status(), 401, "the wrong password reveals nothing");

    // The right password in the browser offers to restore, without signing in.
    let visitor = client();
    let response = app
        .call_with(
            &visitor,
            "auth/sign-in",
            &[("email", EMAIL), ("password", STRONG_PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(location(&response), "/restore-account");
    assert_eq!(signed_in_user(&app, &visitor).await, Value::Null);
    let offer = json(app.call_with(&visitor, "account/restore-offer", &[]).await).await;
    assert!(
        offer.as_str().is_some_and(|date| date.ends_with('Z')),
        "{offer}"
    );
    // A browser that did not prove anything gets no offer and cannot restore.
    assert_eq!(
        json(app.call_with(&client(), "account/restore-offer", &[]).await).await,
        Value::Null
    );
    assert_eq!(
        app.call_with(&client(), "account/restore", &[])
            .await
            .status(),
        401
    );

    let response = app.call_with(&visitor, "account/restore", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(location(&response), "/profile?restored=1");
    assert_eq!(signed_in_user(&app, &visitor).await["email"], EMAIL);
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn the_cleanup_job_erases_a_deleted_account_after_its_grace_period() {
    let app = spawn_app_with(|settings| {
        settings.accounts.cleanup_interval = Duration::from_millis(200);
    })
    .await;
    app.create_account(EMAIL).await;
    app.create_account("grace@example.com").await;
    app.sign_in(EMAIL, STRONG_PASSWORD).await;
    let response = app
        .call(
            "account/delete",
            &[("confirm_email", EMAIL), ("password", STRONG_PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    // A pass of the job one second before the grace period ends erases nothing.
    app.clock.advance(Duration::from_secs(14 * 24 * 3600 - 1));
    let erased = portcullis::account::erase_due_accounts(&app.db, app.clock.now())
        .await
        .unwrap();
    assert_eq!(erased, 0, "kept during the grace period");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users WHERE email = 'ada@example.com'"
        )
        .await,
        1,
    );

    app.clock.advance(Duration::from_secs(2));
    let mut erased = false;
    for _ in 0..50 {
        if count(
            &app,
            "SELECT COUNT(*) FROM users WHERE email = 'ada@example.com'",
        )
        .await
            == 0
        {
            erased = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(erased, "the job erased the account");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM email_outbox WHERE recipient = 'ada@example.com'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM mail_requests WHERE email = 'ada@example.com'"
        )
        .await,
        0
    );
    let log = app.audit_log().await;
    assert!(
        log.iter()
            .any(|row| row.action == "account_erased" && row.user_id.is_none())
    );
    // Its events stay on record, with nothing left that points to the person.
    let anonymous: Vec<_> = log
        .iter()
        .filter(|row| row.action == "account_deletion")
        .collect();
    assert!(!anonymous.is_empty());
    assert!(
        anonymous
            .iter()
            .all(|row| row.user_id.is_none() && row.ip.is_none() && row.user_agent.is_none())
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users WHERE email = 'grace@example.com'"
        )
        .await,
        1,
        "others untouched"
    );
    assert_eq!(app.api_login(EMAIL, STRONG_PASSWORD).await.status(), 401);
    let again = app.sign_up(EMAIL, STRONG_PASSWORD).await;
    assert_eq!(again.status(), 200, "the address is free again");
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

#[tokio::test]
async fn the_data_export_holds_the_users_data_and_nothing_secret() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let response = app.sign_in(EMAIL, STRONG_PASSWORD).await;
    let session = crate::helpers::cookie_value(&crate::helpers::session_cookie(&response).unwrap());
    let api = app.api_tokens(EMAIL).await;

    let response = app
        .client
        .get(app.url("/profile/export"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert!(
        response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let text = response.text().await.unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["profile"]["email"], EMAIL);
    assert_eq!(data["profile"]["firstName"], "Ada");
    assert!(data["sessions"].as_array().unwrap().len() >= 2);
    assert!(
        data["auditEvents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "signup")
    );
    let hash = app.password_hash(EMAIL).await;
    let session_id = session
        .split_once('=')
        .map_or(session.as_str(), |(_, id)| id);
    for secret in [
        hash.as_str(),
        session_id,
        &api.refresh,
        &api.access,
        STRONG_PASSWORD,
        "$argon2",
    ] {
        assert!(!text.contains(secret), "the export leaks a secret");
    }
    for key in [
        "password_hash",
        "passwordHash",
        "token_hash",
        "code_hash",
        "public_id",
    ] {
        assert!(!text.contains(key), "{key}");
    }
}

#[tokio::test]
async fn an_account_without_a_password_sets_one_with_an_emailed_code() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    app.sign_in(EMAIL, STRONG_PASSWORD).await;
    // As an account made with Google is.
    sqlx::query("UPDATE users SET password_hash = NULL WHERE email = $1")
        .bind(EMAIL)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        signed_in_user(&app, &app.client).await["has_password"],
        false
    );

    let without_code = app
        .call(
            "account/set-password",
            &[("code", ""), ("new_password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(json(without_code).await["details"][0]["field"], "code");
    assert_eq!(
        app.call("account/send-confirmation-code", &[])
            .await
            .status(),
        200
    );
    let code = app.mail.last_to(EMAIL, 2).await.code();
    let weak = app
        .call(
            "account/set-password",
            &[("code", &code), ("new_password", "password")],
        )
        .await;
    assert_eq!(json(weak).await["details"][0]["field"], "new_password");

    let response = app
        .call(
            "account/set-password",
            &[("code", &code), ("new_password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(
        signed_in_user(&app, &app.client).await["has_password"],
        true
    );
    assert_eq!(app.api_login(EMAIL, NEW_PASSWORD).await.status(), 200);
    let again = app
        .call(
            "account/set-password",
            &[("code", &code), ("new_password", "Another-Password-9!")],
        )
        .await;
    assert_eq!(again.status(), 400, "only for accounts without a password");
}

#[tokio::test]
async fn the_api_export_needs_a_recent_sign_in() {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let fresh = app.api_tokens(EMAIL).await;
    let response = app
        .bearer(Method::GET, "/api/auth/export", &fresh.access)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["data"]["profile"]["email"], EMAIL);

    app.clock.advance(Duration::from_secs(10 * 60 + 1));
    let response = app
        .bearer(Method::GET, "/api/auth/export", &fresh.access)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(response).await,
        (403, "REAUTHENTICATION_REQUIRED".into())
    );
}

#[tokio::test]
async fn the_account_functions_answer_missing_or_malformed_fields_with_a_clear_4xx() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    app.sign_in(EMAIL, STRONG_PASSWORD).await;
    let cases: [(&str, &[(&str, &str)]); 10] = [
        ("account/update-names", &[]),
        (
            "account/change-password",
            &[("current_password", STRONG_PASSWORD)],
        ),
        ("account/set-password", &[]),
        (
            "account/start-email-change",
            &[("password", STRONG_PASSWORD)],
        ),
        (
            "account/start-email-change",
            &[("new_email", "new@example.com")],
        ),
        ("account/confirm-email-change", &[("code", "<script>")]),
        ("account/revoke-device", &[]),
        ("account/revoke-device", &[("id", "' OR 1=1 --")]),
        ("account/delete", &[("password", STRONG_PASSWORD)]),
        ("account/reauthenticate", &[]),
    ];
    for (endpoint, form) in cases {
        let response = app.call(endpoint, form).await;
        assert_clear_refusal(endpoint, form, response).await;
    }
    assert_eq!(
        signed_in_user(&app, &app.client).await["email"],
        EMAIL,
        "still signed in, unchanged"
    );
}
