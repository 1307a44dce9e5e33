//! Sign in with Google against a real OpenID provider (the npm
//! `oidc-provider`, started per test): the ID-token API route and the
//! linking rules.

use crate::helpers::{
    STRONG_PASSWORD, TestApp, error_code, free_port, json, spawn_app_with, tokens_of,
};
use portcullis::config::GoogleSettings;
use secrecy::SecretString;
use serde_json::{Value, json};
use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

const CLIENT_ID: &str = "portcullis-test";

pub struct TestProvider {
    pub url: String,
    child: Child,
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TestProvider {
    /// Starts the provider on a free port. The port is free when chosen, but
    /// another test may take it before node binds it: then node exits, or
    /// the port answers as something else, and the provider starts again
    /// on another one.
    pub async fn start() -> Self {
        for _ in 0..5 {
            if let Some(provider) = Self::start_on(free_port()).await {
                return provider;
            }
        }
        panic!("the test OpenID provider did not start");
    }

    async fn start_on(port: u16) -> Option<Self> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let child = Command::new("node")
            .arg(root.join("end2end/support/oidc-provider.mjs"))
            .args([
                &port.to_string(),
                CLIENT_ID,
                "test-secret",
                "http://127.0.0.1:1/auth/google/callback",
            ])
            .current_dir(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs the test OpenID provider (./scripts/setup installs its packages)");
        let mut provider = Self {
            url: format!("http://127.0.0.1:{port}"),
            child,
        };
        for _ in 0..150 {
            if provider.child.try_wait().ok().flatten().is_some() {
                return None;
            }
            // Ours answers `{"ok": true}`; anything else is another server.
            if let Ok(response) = reqwest::get(format!("{}/test/health", provider.url)).await {
                let ours = response.status().is_success()
                    && response
                        .json::<Value>()
                        .await
                        .is_ok_and(|body| body["ok"] == true);
                return ours.then_some(provider);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    }

    pub fn settings(&self) -> GoogleSettings {
        GoogleSettings {
            client_id: CLIENT_ID.into(),
            client_secret: SecretString::from("test-secret"),
            discovery_url: format!("{}/test/discovery", self.url).parse().unwrap(),
            redirect_url: "http://127.0.0.1:1/auth/google/callback".parse().unwrap(),
            extra_audiences: vec![],
        }
    }

    /// An ID token signed by the provider (or, with `kind: "signature"`, by a stranger).
    pub async fn id_token(&self, claims: Value, kind: Option<&str>) -> String {
        let body: Value = reqwest::Client::new()
            .post(format!("{}/test/sign", self.url))
            .json(&json!({"claims": claims, "kind": kind}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["idToken"].as_str().unwrap().to_string()
    }
}

async fn app_with_google() -> (TestApp, TestProvider) {
    let provider = TestProvider::start().await;
    let settings = provider.settings();
    let app = spawn_app_with(|s| s.google = Some(settings)).await;
    (app, provider)
}

fn grace(email_verified: bool) -> Value {
    json!({"sub": "google-grace", "email": "grace@example.com", "email_verified": email_verified,
           "given_name": "Grace", "family_name": "Hopper"})
}

async fn count_users(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("n")
}

async fn google(app: &TestApp, id_token: &str) -> reqwest::Response {
    app.post_json("/api/auth/google", &json!({"idToken": id_token}))
        .await
}

#[tokio::test]
async fn a_first_google_sign_in_creates_a_verified_account_and_the_second_reuses_it() {
    let (app, provider) = app_with_google().await;

    let first = google(&app, &provider.id_token(grace(true), None).await).await;
    assert_eq!(first.status(), 200);
    let first = json(first).await;
    let user = &first["data"]["user"];
    assert_eq!(user["email"], "grace@example.com");
    assert_eq!(user["firstName"], "Grace");
    assert_eq!(user["lastName"], "Hopper");
    assert_eq!(user["emailVerified"], true);
    let tokens = tokens_of(&first);
    assert_eq!(app.me(&tokens.access).await.status(), 200);
    // No password was set.
    assert_eq!(
        app.api_login("grace@example.com", STRONG_PASSWORD)
            .await
            .status(),
        401
    );

    let second = json(google(&app, &provider.id_token(grace(true), None).await).await).await;
    assert_eq!(second["data"]["user"]["id"], user["id"]);
}

#[tokio::test]
async fn id_tokens_that_do_not_verify_are_refused() {
    let (app, provider) = app_with_google().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let with = |change: Value| {
        let mut claims = grace(true);
        for (key, value) in change.as_object().unwrap() {
            claims[key] = value.clone();
        }
        claims
    };
    let cases = [
        (
            "wrong aud",
            provider
                .id_token(with(json!({"aud": "another-client"})), None)
                .await,
        ),
        (
            "wrong iss",
            provider
                .id_token(with(json!({"iss": "https://evil.example"})), None)
                .await,
        ),
        (
            "expired",
            provider
                .id_token(with(json!({"iat": now - 7200, "exp": now - 3600})), None)
                .await,
        ),
        (
            "bad signature",
            provider.id_token(grace(true), Some("signature")).await,
        ),
        ("not a token", "not.a.token".to_string()),
    ];
    for (case, token) in cases {
        assert_eq!(
            error_code(google(&app, &token).await).await,
            (401, "INVALID_TOKEN".into()),
            "{case}"
        );
    }
    assert_eq!(count_users(&app).await, 0);
}

#[tokio::test]
async fn an_unverified_google_email_never_links_to_an_existing_account() {
    let (app, provider) = app_with_google().await;
    app.api_register("grace@example.com").await;

    let response = google(&app, &provider.id_token(grace(false), None).await).await;

    assert_eq!(
        error_code(response).await,
        (422, "EMAIL_NOT_VERIFIED".into())
    );
    assert_eq!(
        app.api_login("grace@example.com", STRONG_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn an_unverified_google_email_never_creates_an_account_on_either_path() {
    let (app, provider) = app_with_google().await;

    let api = google(&app, &provider.id_token(grace(false), None).await).await;
    let browser = crate::helpers::client();
    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(false),
    )
    .await;
    let page = callback(&app, &browser, &query).await;

    assert_eq!(error_code(api).await, (422, "EMAIL_NOT_VERIFIED".into()));
    assert_eq!(page.status(), 422);
    assert!(page.text().await.unwrap().contains("verified this address"));
    assert_eq!(count_users(&app).await, 0);
    assert_eq!(signed_in_email(&app, &browser).await, Value::Null);
}

#[tokio::test]
async fn a_verified_local_account_with_the_same_email_must_confirm_the_link() {
    let (app, provider) = app_with_google().await;
    app.api_register("grace@example.com").await;
    sqlx::query("UPDATE users SET email_verified = TRUE")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let response = google(&app, &provider.id_token(grace(true), None).await).await;

    assert_eq!(error_code(response).await, (409, "LINK_REQUIRED".into()));
    assert_eq!(
        app.api_login("grace@example.com", STRONG_PASSWORD)
            .await
            .status(),
        200,
        "untouched"
    );
}

#[tokio::test]
async fn an_unverified_local_account_with_the_same_email_is_taken_over() {
    let (app, provider) = app_with_google().await;
    app.api_register("grace@example.com").await;
    let squatter = app.api_tokens("grace@example.com").await;

    let response = google(&app, &provider.id_token(grace(true), None).await).await;

    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["data"]["user"]["id"], squatter.user_id.as_str());
    assert_eq!(body["data"]["user"]["emailVerified"], true);
    assert_eq!(
        error_code(app.me(&squatter.access).await).await.1,
        "INVALID_TOKEN"
    );
    assert_eq!(app.api_refresh(&squatter.refresh).await.status(), 401);
    assert_eq!(
        app.api_login("grace@example.com", STRONG_PASSWORD)
            .await
            .status(),
        401,
        "the password is gone"
    );
    assert!(
        app.audit_log()
            .await
            .iter()
            .any(|row| row.action == "google_link")
    );
    app.wait_for_outbox_drained().await;
    let notice = app.mail.last_to("grace@example.com", 2).await;
    assert!(notice.subject().contains("we secured your account"));
    assert!(
        notice.raw.contains("the password that was set before"),
        "{}",
        notice.raw
    );
}

#[tokio::test]
async fn the_google_route_answers_404_when_google_is_not_configured() {
    let app = crate::helpers::spawn_app().await;

    let response = google(&app, "whatever").await;

    assert_eq!(error_code(response).await, (404, "NOT_FOUND".into()));
}

impl TestProvider {
    /// The next sign-in at the provider is this account, without its form.
    pub async fn next_login(&self, account: &Value) {
        reqwest::Client::new()
            .post(format!("{}/test/next-login", self.url))
            .json(account)
            .send()
            .await
            .unwrap();
    }

    /// Spoils the next ID token the token endpoint hands out.
    pub async fn fault(&self, kind: &str) {
        reqwest::Client::new()
            .post(format!("{}/test/fault", self.url))
            .json(&json!({"kind": kind}))
            .send()
            .await
            .unwrap();
    }
}

/// The browser's trip: start at the portal, sign in at the provider, and the
/// query of the callback the provider sends the browser back with.
async fn through_provider(
    app: &TestApp,
    browser: &reqwest::Client,
    provider: &TestProvider,
    start_path: &str,
    account: &Value,
) -> String {
    provider.next_login(account).await;
    // Linking is a POST from the profile; signing in starts with a GET.
    let start = if start_path == "/auth/google/link" {
        browser
            .post(app.url(start_path))
            .header(reqwest::header::ORIGIN, &app.address)
            .send()
            .await
            .unwrap()
    } else {
        browser.get(app.url(start_path)).send().await.unwrap()
    };
    assert_eq!(start.status(), 303, "{}", start.text().await.unwrap());
    let mut location = start.headers()["location"].to_str().unwrap().to_string();
    let at_provider = crate::helpers::client();
    for _ in 0..10 {
        if let Some(query) = location.strip_prefix("http://127.0.0.1:1/auth/google/callback?") {
            return query.to_string();
        }
        let url = if location.starts_with('/') {
            format!("{}{location}", provider.url)
        } else {
            location.clone()
        };
        let response = at_provider.get(&url).send().await.unwrap();
        location = response.headers()["location"].to_str().unwrap().to_string();
    }
    panic!("the provider never sent the browser back");
}

async fn callback(app: &TestApp, browser: &reqwest::Client, query: &str) -> reqwest::Response {
    browser
        .get(app.url(&format!("/auth/google/callback?{query}")))
        .send()
        .await
        .unwrap()
}

async fn signed_in_email(app: &TestApp, browser: &reqwest::Client) -> Value {
    let user = json(app.call_with(browser, "auth/current-user", &[]).await).await;
    user["email"].clone()
}

#[tokio::test]
async fn the_browser_flow_signs_in_and_the_second_time_finds_the_same_account() {
    let (app, provider) = app_with_google().await;
    let browser = crate::helpers::client();

    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    let response = callback(&app, &browser, &query).await;

    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/profile");
    assert_eq!(signed_in_email(&app, &browser).await, "grace@example.com");

    let again = crate::helpers::client();
    let query = through_provider(&app, &again, &provider, "/auth/google/start", &grace(true)).await;
    assert_eq!(callback(&app, &again, &query).await.status(), 303);
    assert_eq!(count_users(&app).await, 1);
}

#[tokio::test]
async fn a_missing_tampered_replayed_or_foreign_state_is_refused() {
    let (app, provider) = app_with_google().await;
    let browser = crate::helpers::client();

    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    let without_state: String = query
        .split('&')
        .filter(|p| !p.starts_with("state="))
        .collect::<Vec<_>>()
        .join("&");
    // Another browser (an attacker handing over their callback link) has no pending state.
    let stranger = crate::helpers::client();
    for (case, client, query) in [
        ("from another session", &stranger, query.clone()),
        ("missing", &browser, without_state),
    ] {
        let response = callback(&app, client, &query).await;
        assert_eq!(response.status(), 400, "{case}");
        assert!(
            response.text().await.unwrap().contains("did not complete"),
            "{case}"
        );
        assert_eq!(signed_in_email(&app, client).await, Value::Null, "{case}");
    }
    // The missing-state attempt used the browser's pending state up; a new
    // trip, with its state tampered with:
    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    assert_eq!(
        callback(&app, &browser, &query.replacen("state=", "state=x", 1))
            .await
            .status(),
        400
    );

    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    assert_eq!(callback(&app, &browser, &query).await.status(), 303);
    assert_eq!(
        callback(&app, &browser, &query).await.status(),
        400,
        "replayed"
    );
}

#[tokio::test]
async fn spoiled_id_tokens_in_the_browser_flow_are_refused() {
    let (app, provider) = app_with_google().await;
    for kind in ["nonce", "aud", "iss", "exp", "signature"] {
        let browser = crate::helpers::client();
        let query = through_provider(
            &app,
            &browser,
            &provider,
            "/auth/google/start",
            &grace(true),
        )
        .await;
        provider.fault(kind).await;

        let response = callback(&app, &browser, &query).await;

        assert_eq!(response.status(), 400, "{kind}");
        assert_eq!(signed_in_email(&app, &browser).await, Value::Null, "{kind}");
    }
    assert!(
        app.audit_log()
            .await
            .iter()
            .any(|row| row.reason.as_deref() == Some("invalid_id_token"))
    );
}

#[tokio::test]
async fn a_provider_error_or_a_failed_code_exchange_shows_an_error_page() {
    let (app, provider) = app_with_google().await;
    let browser = crate::helpers::client();

    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    let state = query.split('&').find(|p| p.starts_with("state=")).unwrap();
    let denied = callback(&app, &browser, &format!("error=access_denied&{state}")).await;
    assert_eq!(denied.status(), 400);

    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    let bad_code = query.replacen("code=", "code=x", 1);
    let failed = callback(&app, &browser, &bad_code).await;
    assert!(failed.status().is_client_error() || failed.status().is_server_error());
    let page = failed.text().await.unwrap();
    assert!(
        page.contains("Sign-in with Google failed") && !page.contains("invalid_grant"),
        "{page}"
    );
    assert_eq!(signed_in_email(&app, &browser).await, Value::Null);
}

#[tokio::test]
async fn a_signed_in_user_links_google_and_then_signs_in_with_it() {
    let (app, provider) = app_with_google().await;
    app.api_register("ada@example.com").await;
    let browser = crate::helpers::client();
    app.call_with(
        &browser,
        "auth/sign-in",
        &[("email", "ada@example.com"), ("password", STRONG_PASSWORD)],
    )
    .await;
    // Google knows Ada under another address: linking is by subject, not email.
    let ada_at_google =
        json!({"sub": "google-ada", "email": "ada.l@gmail.example", "email_verified": true});

    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/link",
        &ada_at_google,
    )
    .await;
    let linked = callback(&app, &browser, &query).await;

    assert_eq!(linked.status(), 303);
    assert_eq!(linked.headers()["location"], "/profile?linked=google");
    let elsewhere = crate::helpers::client();
    let query = through_provider(
        &app,
        &elsewhere,
        &provider,
        "/auth/google/start",
        &ada_at_google,
    )
    .await;
    assert_eq!(callback(&app, &elsewhere, &query).await.status(), 303);
    assert_eq!(signed_in_email(&app, &elsewhere).await, "ada@example.com");
}

#[tokio::test]
async fn unlinking_is_refused_while_google_is_the_only_way_to_sign_in() {
    let (app, provider) = app_with_google().await;
    let browser = crate::helpers::client();
    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    callback(&app, &browser, &query).await;
    let status = json(app.call_with(&browser, "auth/google-status", &[]).await).await;
    assert_eq!(
        status,
        json!({"enabled": true, "linked": true, "has_password": false})
    );

    let refused = app.call_with(&browser, "auth/unlink-google", &[]).await;

    assert_eq!(refused.status(), 400);
    assert!(
        json(refused).await["message"]
            .as_str()
            .unwrap()
            .contains("Set a password first")
    );
    let still = json(app.call_with(&browser, "auth/google-status", &[]).await).await;
    assert_eq!(still["linked"], true);
}

#[tokio::test]
async fn an_account_with_a_password_can_unlink_google() {
    let (app, provider) = app_with_google().await;
    app.api_register("ada@example.com").await;
    let browser = crate::helpers::client();
    app.call_with(
        &browser,
        "auth/sign-in",
        &[("email", "ada@example.com"), ("password", STRONG_PASSWORD)],
    )
    .await;
    let ada = json!({"sub": "google-ada", "email": "ada@example.com", "email_verified": true});
    let query = through_provider(&app, &browser, &provider, "/auth/google/link", &ada).await;
    callback(&app, &browser, &query).await;

    let unlinked = app.call_with(&browser, "auth/unlink-google", &[]).await;

    assert_eq!(unlinked.status(), 200);
    let status = json(app.call_with(&browser, "auth/google-status", &[]).await).await;
    assert_eq!(status["linked"], false);
    assert!(
        app.audit_log()
            .await
            .iter()
            .any(|row| row.action == "google_unlink" && row.success)
    );
}

#[tokio::test]
async fn the_google_button_shows_only_when_google_is_configured() {
    let (app, _provider) = app_with_google().await;
    let without = crate::helpers::spawn_app().await;

    let with_google = app.get_page("/login").await.text().await.unwrap();
    let plain = without.get_page("/login").await.text().await.unwrap();

    assert!(with_google.contains("Continue with Google"));
    assert!(with_google.contains(r#"href="/auth/google/start""#));
    assert!(!plain.contains("Continue with Google"));
}

#[tokio::test]
async fn a_google_sign_in_to_a_deactivated_account_is_refused_not_an_error() {
    let (app, provider) = app_with_google().await;
    assert_eq!(
        google(&app, &provider.id_token(grace(true), None).await)
            .await
            .status(),
        200
    );
    sqlx::query("UPDATE users SET is_active = FALSE")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let response = google(&app, &provider.id_token(grace(true), None).await).await;

    assert_eq!(error_code(response).await, (403, "ACCOUNT_DISABLED".into()));
}

#[tokio::test]
async fn a_google_sign_in_to_an_account_deleted_by_its_owner_offers_to_restore_it() {
    let (app, provider) = app_with_google().await;
    let browser = crate::helpers::client();
    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    assert_eq!(callback(&app, &browser, &query).await.status(), 303);
    // Deleted as the profile does it: deactivated, waiting for erasure.
    sqlx::query("UPDATE users SET is_active = FALSE, erase_after = 9999999999")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let again = crate::helpers::client();
    let query = through_provider(&app, &again, &provider, "/auth/google/start", &grace(true)).await;
    let response = callback(&app, &again, &query).await;

    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/restore-account");
    assert_eq!(signed_in_email(&app, &again).await, Value::Null);
    let api = google(&app, &provider.id_token(grace(true), None).await).await;
    assert_eq!(
        error_code(api).await,
        (403, "ACCOUNT_PENDING_DELETION".into())
    );
    let restored = app.call_with(&again, "account/restore", &[]).await;
    assert_eq!(restored.status(), 200);
    assert_eq!(signed_in_email(&app, &again).await, "grace@example.com");
}

#[tokio::test]
async fn starting_the_google_flow_as_an_anonymous_visitor_stores_no_session() {
    use sqlx::Row;
    let (app, provider) = app_with_google().await;

    for _ in 0..5 {
        let start = crate::helpers::client()
            .get(app.url("/auth/google/start"))
            .send()
            .await
            .unwrap();
        assert_eq!(start.status(), 303);
    }
    let sessions: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("n");

    assert_eq!(sessions, 0);
    // The flow still completes from its cookie alone.
    let browser = crate::helpers::client();
    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    assert_eq!(callback(&app, &browser, &query).await.status(), 303);
    assert_eq!(signed_in_email(&app, &browser).await, "grace@example.com");
}

#[tokio::test]
async fn google_sign_ins_draw_on_the_clients_credential_budget() {
    let (app, provider) = {
        let provider = TestProvider::start().await;
        let settings = provider.settings();
        let app = crate::helpers::spawn_app_with(move |s| {
            s.google = Some(settings);
            s.rate_limit.auth_requests_per_minute = 2;
        })
        .await;
        (app, provider)
    };
    app.api_login("someone@example.com", "Guess-Password-1!")
        .await;
    app.api_login("someone@example.com", "Guess-Password-1!")
        .await;

    let id_token = provider.id_token(grace(true), None).await;
    let api = google(&app, &id_token).await;
    let browser = crate::helpers::client();
    let query = through_provider(
        &app,
        &browser,
        &provider,
        "/auth/google/start",
        &grace(true),
    )
    .await;
    let page = callback(&app, &browser, &query).await;

    assert_eq!(api.status(), 429);
    assert_eq!(page.status(), 429);
    assert!(page.text().await.unwrap().contains("Too many attempts"));
    assert_eq!(count_users(&app).await, 0);
}

#[tokio::test]
async fn linking_google_takes_a_post_and_a_recent_sign_in_and_is_mailed() {
    let (app, provider) = app_with_google().await;
    app.api_register("ada@example.com").await;
    let browser = crate::helpers::client();
    app.call_with(
        &browser,
        "auth/sign-in",
        &[("email", "ada@example.com"), ("password", STRONG_PASSWORD)],
    )
    .await;
    let thief =
        json!({"sub": "google-thief", "email": "thief@gmail.example", "email_verified": true});

    // A top-level navigation (a GET) changes nothing.
    let by_get = browser
        .get(app.url("/auth/google/link"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_get.status(), 303);
    assert_eq!(by_get.headers()["location"], "/profile");
    // A POST from another site is refused.
    let cross_site = browser
        .post(app.url("/auth/google/link"))
        .header(reqwest::header::ORIGIN, "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    // A stale session (a stolen cookie, say) is asked to confirm first.
    app.clock.advance(std::time::Duration::from_secs(11 * 60));
    let stale = browser
        .post(app.url("/auth/google/link"))
        .header(reqwest::header::ORIGIN, &app.address)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 303);
    assert!(
        stale.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/profile/confirm"),
        "{:?}",
        stale.headers()["location"]
    );
    let status = json(app.call_with(&browser, "auth/google-status", &[]).await).await;
    assert_eq!(status["linked"], false);
    let unlink_stale = app.call_with(&browser, "auth/unlink-google", &[]).await;
    assert_eq!(
        json(unlink_stale).await["code"],
        "REAUTHENTICATION_REQUIRED"
    );

    // Confirmed, the link goes through, and the address is told.
    let confirmed = app
        .call_with(
            &browser,
            "account/reauthenticate",
            &[("password", STRONG_PASSWORD)],
        )
        .await;
    assert!(confirmed.status().is_success() || confirmed.status().is_redirection());
    let query = through_provider(&app, &browser, &provider, "/auth/google/link", &thief).await;
    assert_eq!(callback(&app, &browser, &query).await.status(), 303);
    app.wait_for_outbox_drained().await;
    let notice = app.mail.last_to("ada@example.com", 2).await;
    assert!(
        notice.subject().contains("a sign-in method changed"),
        "{}",
        notice.raw
    );
    assert!(
        notice.raw.contains("Google was connected to"),
        "{}",
        notice.raw
    );
}

#[tokio::test]
async fn an_owners_code_sign_in_removes_the_google_account_an_attacker_linked_before() {
    let (app, provider) = app_with_google().await;
    // The attacker registers the victim's address and links their own Google.
    app.api_register("victim@example.com").await;
    let attacker = crate::helpers::client();
    app.call_with(
        &attacker,
        "auth/sign-in",
        &[
            ("email", "victim@example.com"),
            ("password", STRONG_PASSWORD),
        ],
    )
    .await;
    let thief =
        json!({"sub": "google-thief", "email": "thief@gmail.example", "email_verified": true});
    let query = through_provider(&app, &attacker, &provider, "/auth/google/link", &thief).await;
    assert_eq!(callback(&app, &attacker, &query).await.status(), 303);

    // The owner signs in with a code mailed to the address.
    app.post_json(
        "/api/auth/send-otp",
        &json!({"email": "victim@example.com"}),
    )
    .await;
    app.wait_for_outbox_drained().await;
    let code = app
        .mail
        .received()
        .into_iter()
        .rfind(|mail| mail.subject().contains("sign-in code"))
        .unwrap()
        .code();
    let owner = app
        .post_json(
            "/api/auth/verify-otp",
            &json!({"email": "victim@example.com", "otp": code}),
        )
        .await;
    assert_eq!(owner.status(), 200);

    // The thief's Google no longer leads to the victim's account.
    let later = crate::helpers::client();
    let query = through_provider(&app, &later, &provider, "/auth/google/start", &thief).await;
    callback(&app, &later, &query).await;
    assert_ne!(signed_in_email(&app, &later).await, "victim@example.com");
    assert_eq!(signed_in_email(&app, &attacker).await, Value::Null);
    app.wait_for_outbox_drained().await;
    let notice = app
        .mail
        .received()
        .into_iter()
        .rfind(|mail| mail.subject().contains("we secured your account"))
        .expect("the owner is told");
    assert!(
        notice.raw.contains("the Google account that was connected"),
        "{}",
        notice.raw
    );
}
