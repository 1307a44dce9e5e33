//! Passkeys with a software authenticator that makes real attestations and
//! assertions: registering one, signing in with it instead of a password,
//! using it as the second step, and the attacks each ceremony must refuse
//! (a replayed assertion, another origin or RP id, an expired or foreign
//! ceremony, a removed passkey, a cloned authenticator).

use crate::{
    helpers::{
        STRONG_PASSWORD, TestApp, Tokens, client, error_code, json, set_cookie_headers, spawn_app,
        spawn_app_named,
    },
    passkey_device::Device,
};
use reqwest::{Method, Response};
use serde_json::{Value, json};
use std::time::Duration;

const ADA: &str = "ada@example.com";

/// An app whose public URL is `http://localhost:{port}`, and Ada signed
/// in to it through the API.
async fn ada() -> (TestApp, Tokens) {
    let app = spawn_app_named("localhost", |_| {}).await;
    app.api_register(ADA).await;
    app.mark_verified(ADA).await;
    let tokens = app.api_tokens(ADA).await;
    (app, tokens)
}

async fn post_bearer(app: &TestApp, path: &str, access: &str, body: &Value) -> Response {
    app.bearer(Method::POST, path, access)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// The begin call's `data`.
async fn begin_registration(app: &TestApp, tokens: &Tokens) -> Value {
    let response = post_bearer(
        app,
        "/api/auth/passkeys/register/begin",
        &tokens.access,
        &json!({}),
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    json(response).await["data"].clone()
}

async fn finish_registration(
    app: &TestApp,
    tokens: &Tokens,
    ceremony: &Value,
    name: &str,
    credential: &Value,
) -> Response {
    post_bearer(
        app,
        "/api/auth/passkeys/register/finish",
        &tokens.access,
        &json!({"ceremonyToken": ceremony["ceremonyToken"], "name": name, "credential": credential}),
    )
    .await
}

/// Registers a passkey of `device` for the signed-in caller: its listing.
async fn register(app: &TestApp, tokens: &Tokens, device: &mut Device, name: &str) -> Value {
    let ceremony = begin_registration(app, tokens).await;
    let credential = device.create(&app.origin, &ceremony["options"]).await;
    let response = finish_registration(app, tokens, &ceremony, name, &credential).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    json(response).await["data"]["passkey"].clone()
}

async fn begin_sign_in(app: &TestApp) -> Value {
    let response = app.post_json("/api/auth/passkey/begin", &json!({})).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    json(response).await["data"].clone()
}

async fn finish_sign_in(app: &TestApp, ceremony: &Value, credential: &Value) -> Response {
    app.post_json(
        "/api/auth/passkey/finish",
        &json!({"ceremonyToken": ceremony["ceremonyToken"], "credential": credential}),
    )
    .await
}

/// A whole passkey sign-in with `device` on a page of `origin`.
async fn sign_in_from(app: &TestApp, device: &mut Device, origin: &str) -> Response {
    let ceremony = begin_sign_in(app).await;
    let credential = device.get(origin, &ceremony["options"]).await;
    finish_sign_in(app, &ceremony, &credential).await
}

/// A passkey that did not verify, or that the portal does not know.
async fn assert_refused(response: Response) {
    assert_eq!(
        error_code(response).await,
        (401, "INVALID_CREDENTIALS".into())
    );
}

/// A ceremony (or sign-in) that is unknown, used up or too old.
async fn assert_ceremony_over(response: Response) {
    assert_eq!(error_code(response).await, (401, "SIGN_IN_EXPIRED".into()));
}

fn access_claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// Every message to `recipient`, once the outbox has sent all it holds.
async fn mails_to(app: &TestApp, recipient: &str) -> Vec<crate::mail_sink::ReceivedMail> {
    app.wait_for_outbox_drained().await;
    app.mail
        .received()
        .into_iter()
        .filter(|mail| mail.recipients.iter().any(|r| r == recipient))
        .collect()
}

async fn passkey_count(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM passkeys")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("n")
}

#[tokio::test]
async fn a_registered_passkey_is_listed_named_by_its_maker_audited_and_mailed() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    let ceremony = begin_registration(&app, &tokens).await;
    let options = &ceremony["options"]["publicKey"];
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(options["user"]["name"], ADA);
    // Discoverable, with the person verified.
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    let credential = device.create(&app.origin, &ceremony["options"]).await;
    let response = finish_registration(&app, &tokens, &ceremony, "", &credential).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let passkey = json(response).await["data"]["passkey"].clone();
    assert_eq!(passkey["name"], "1Password");
    assert_eq!(passkey["authenticator"], "1Password");
    assert!(passkey["lastUsedAt"].is_null());

    let listed = json(
        app.bearer(Method::GET, "/api/auth/passkeys", &tokens.access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(listed["data"]["passkeys"], json!([passkey]));
    // The copy of her data lists it too.
    let export = json(
        app.bearer(Method::GET, "/api/auth/export", &tokens.access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(export["data"]["passkeys"], json!([passkey]));
    let added = app
        .audit_log()
        .await
        .into_iter()
        .find(|row| row.action == "passkey_added")
        .expect("an audit event");
    assert_eq!(added.user_id.as_deref(), Some(tokens.user_id.as_str()));
    let mail = mails_to(&app, ADA).await.pop().unwrap();
    assert!(
        mail.subject().contains("passkeys changed"),
        "{}",
        mail.subject()
    );

    // The same ceremony does not register twice.
    let again = finish_registration(&app, &tokens, &ceremony, "", &credential).await;
    assert_ceremony_over(again).await;
    assert_eq!(passkey_count(&app).await, 1);
}

#[tokio::test]
async fn a_passkey_signs_in_without_a_password_as_two_factors() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    register(&app, &tokens, &mut device, "Laptop").await;

    let ceremony = begin_sign_in(&app).await;
    // No account is named: the person picks a passkey.
    assert_eq!(
        ceremony["options"]["publicKey"]["allowCredentials"]
            .as_array()
            .map_or(0, Vec::len),
        0
    );
    let credential = device.get(&app.origin, &ceremony["options"]).await;
    let response = finish_sign_in(&app, &ceremony, &credential).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let body = json(response).await;
    assert_eq!(body["data"]["user"]["email"], ADA);
    let claims = access_claims(body["data"]["accessToken"].as_str().unwrap());
    assert_eq!(claims["amr"], json!(["hwk", "user", "mfa"]));
    let me = app.me(body["data"]["accessToken"].as_str().unwrap()).await;
    assert_eq!(me.status(), 200);

    let login = app
        .audit_log()
        .await
        .into_iter()
        .rev()
        .find(|row| row.action == "login")
        .unwrap();
    assert!(login.success);
    assert_eq!(login.reason.as_deref(), Some("passkey"));
    let listed = json(
        app.bearer(Method::GET, "/api/auth/passkeys", &tokens.access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(listed["data"]["passkeys"][0]["lastUsedAt"].is_string());
}

#[tokio::test]
async fn a_replayed_assertion_is_refused() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    register(&app, &tokens, &mut device, "Laptop").await;
    let ceremony = begin_sign_in(&app).await;
    let credential = device.get(&app.origin, &ceremony["options"]).await;
    let response = finish_sign_in(&app, &ceremony, &credential).await;
    assert_eq!(response.status(), 200);

    // The same ceremony again: used up.
    let again = finish_sign_in(&app, &ceremony, &credential).await;
    assert_ceremony_over(again).await;
    // Under a fresh ceremony: it signed another challenge.
    let fresh = begin_sign_in(&app).await;
    let replayed = finish_sign_in(&app, &fresh, &credential).await;
    assert_refused(replayed).await;
}

#[tokio::test]
async fn an_assertion_made_on_another_origin_is_refused() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    register(&app, &tokens, &mut device, "Laptop").await;
    // A look-alike page under another name relays the challenge; the
    // device signs for the origin it is really on.
    let port = app.origin.rsplit(':').next().unwrap();
    let phishing = format!("http://portcullis-login.localhost:{port}");
    let response = sign_in_from(&app, &mut device, &phishing).await;
    assert_refused(response).await;
    let refused = app
        .audit_log()
        .await
        .into_iter()
        .find(|row| row.action == "passkey_sign_in")
        .expect("the refusal is audited");
    assert!(!refused.success);
    assert_eq!(refused.reason.as_deref(), Some("passkey_refused"));
}

#[tokio::test]
async fn a_registration_for_another_relying_party_id_is_refused() {
    // The portal is at id.localhost; a page there asks the device for a
    // passkey scoped to all of `localhost`, which the portal is not.
    let app = spawn_app_named("id.localhost", |_| {}).await;
    app.api_register(ADA).await;
    let tokens = app.api_tokens(ADA).await;
    let ceremony = begin_registration(&app, &tokens).await;
    assert_eq!(ceremony["options"]["publicKey"]["rp"]["id"], "id.localhost");
    let mut options = ceremony["options"].clone();
    options["publicKey"]["rp"]["id"] = json!("localhost");
    let mut device = Device::new();
    let credential = device.create(&app.origin, &options).await;
    let response = finish_registration(&app, &tokens, &ceremony, "", &credential).await;
    assert_refused(response).await;
    assert_eq!(passkey_count(&app).await, 0);
}

#[tokio::test]
async fn a_ceremony_older_than_five_minutes_is_refused() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    let ceremony = begin_registration(&app, &tokens).await;
    let credential = device.create(&app.origin, &ceremony["options"]).await;
    app.clock.advance(Duration::from_secs(5 * 60 + 1));
    // A fresh sign-in, so only the ceremony's age is in the way.
    let tokens = app.api_tokens(ADA).await;
    let late = finish_registration(&app, &tokens, &ceremony, "", &credential).await;
    assert_ceremony_over(late).await;
    assert_eq!(passkey_count(&app).await, 0);

    register(&app, &tokens, &mut device, "Laptop").await;
    let sign_in = begin_sign_in(&app).await;
    let assertion = device.get(&app.origin, &sign_in["options"]).await;
    app.clock.advance(Duration::from_secs(5 * 60 + 1));
    let late = finish_sign_in(&app, &sign_in, &assertion).await;
    assert_ceremony_over(late).await;
}

#[tokio::test]
async fn a_removed_passkey_signs_in_no_more() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    let passkey = register(&app, &tokens, &mut device, "Laptop").await;
    let id = passkey["id"].as_str().unwrap();
    let response = app
        .bearer(
            Method::DELETE,
            &format!("/api/auth/passkeys/{id}"),
            &tokens.access,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert!(
        app.audit_log()
            .await
            .iter()
            .any(|row| row.action == "passkey_removed")
    );
    // The device still holds the key; the portal no longer knows it.
    let response = sign_in_from(&app, &mut device, &app.origin.clone()).await;
    assert_refused(response).await;
    // Removing it again, or someone else's, is a 404.
    let response = app
        .bearer(
            Method::DELETE,
            &format!("/api/auth/passkeys/{id}"),
            &tokens.access,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response).await, (404, "NOT_FOUND".into()));
}

#[tokio::test]
async fn a_cloned_authenticator_is_caught_by_its_signature_counter() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    register(&app, &tokens, &mut device, "Security key").await;
    let mut clone = device.clone_keys();
    let origin = app.origin.clone();
    assert_eq!(sign_in_from(&app, &mut device, &origin).await.status(), 200);
    // The copy's counter is where the original's was before that sign-in.
    let response = sign_in_from(&app, &mut clone, &origin).await;
    assert_refused(response).await;
    // The original goes on working.
    assert_eq!(sign_in_from(&app, &mut device, &origin).await.status(), 200);
}

#[tokio::test]
async fn a_passkey_made_without_user_verification_is_refused() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    let ceremony = begin_registration(&app, &tokens).await;
    // A page (or a client) that waters the request down: the device makes
    // the passkey without verifying its user.
    let mut options = ceremony["options"].clone();
    options["publicKey"]["authenticatorSelection"]["userVerification"] = json!("discouraged");
    let credential = device.create(&app.origin, &options).await;
    let response = finish_registration(&app, &tokens, &ceremony, "", &credential).await;
    assert_refused(response).await;
    assert_eq!(passkey_count(&app).await, 0);
}

#[tokio::test]
async fn adding_a_passkey_needs_a_recent_sign_in() {
    let (app, tokens) = ada().await;
    // Past the ten minutes of a recent sign-in, within the token's fifteen.
    app.clock.advance(Duration::from_secs(11 * 60));
    let response = post_bearer(
        &app,
        "/api/auth/passkeys/register/begin",
        &tokens.access,
        &json!({}),
    )
    .await;
    assert_eq!(
        error_code(response).await,
        (403, "REAUTHENTICATION_REQUIRED".into())
    );
    let fresh = app.api_tokens(ADA).await;
    let response = post_bearer(
        &app,
        "/api/auth/passkeys/register/begin",
        &fresh.access,
        &json!({}),
    )
    .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_locked_or_deactivated_account_does_not_sign_in_with_its_passkey() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    register(&app, &tokens, &mut device, "Laptop").await;
    let origin = app.origin.clone();
    for _ in 0..5 {
        app.api_login(ADA, "wrong password").await;
    }
    let response = sign_in_from(&app, &mut device, &origin).await;
    assert_eq!(error_code(response).await, (423, "ACCOUNT_LOCKED".into()));

    let app2 = spawn_app_named("localhost", |_| {}).await;
    app2.api_register(ADA).await;
    let tokens = app2.api_tokens(ADA).await;
    let mut device = Device::new();
    register(&app2, &tokens, &mut device, "Laptop").await;
    app2.deactivate(ADA).await;
    let origin = app2.origin.clone();
    let response = sign_in_from(&app2, &mut device, &origin).await;
    assert_eq!(error_code(response).await, (403, "ACCOUNT_DISABLED".into()));
}

#[tokio::test]
async fn a_passkey_is_the_second_step_after_a_password() {
    let app = spawn_app_named("localhost", |_| {}).await;
    // Ada turns on two-step sign-in (codes by email) in her browser...
    let response = app.sign_up(ADA, STRONG_PASSWORD).await;
    assert_eq!(response.status(), 200);
    app.mark_verified(ADA).await;
    let response = app.call("account/two-step/email/enable", &[]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    // ...and adds a passkey from an app signed in with her password and a code.
    let mut device = Device::new();
    let login = json(app.api_login(ADA, STRONG_PASSWORD).await).await;
    assert_eq!(login["error"], "MFA_REQUIRED");
    let methods = login["data"]["methods"].clone();
    assert_eq!(methods, json!(["email", "recovery_code"]));
    // (A passkey registered straight in the table would skip nothing worth
    // testing here: the API's own registration is tested above.)
    let tokens = {
        let mfa_token = login["data"]["mfaToken"].as_str().unwrap();
        let sent = app
            .post_json("/api/auth/mfa/email-code", &json!({"mfaToken": mfa_token}))
            .await;
        assert_eq!(sent.status(), 200);
        let code = mails_to(&app, ADA).await.pop().unwrap().code();
        let body = json(
            app.post_json(
                "/api/auth/mfa/verify",
                &json!({"mfaToken": mfa_token, "code": code}),
            )
            .await,
        )
        .await;
        crate::helpers::tokens_of(&body)
    };
    register(&app, &tokens, &mut device, "Phone").await;

    let login = json(app.api_login(ADA, STRONG_PASSWORD).await).await;
    assert_eq!(
        login["data"]["methods"],
        json!(["email", "passkey", "recovery_code"])
    );
    let mfa_token = login["data"]["mfaToken"].as_str().unwrap();
    let begun = app
        .post_json(
            "/api/auth/mfa/passkey/begin",
            &json!({"mfaToken": mfa_token}),
        )
        .await;
    assert_eq!(begun.status(), 200, "{}", begun.text().await.unwrap());
    let options = json(begun).await["data"]["options"].clone();
    // Only Ada's own passkeys are asked for.
    assert_eq!(
        options["publicKey"]["allowCredentials"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let credential = device.get(&app.origin, &options).await;
    let response = app
        .post_json(
            "/api/auth/mfa/passkey/finish",
            &json!({"mfaToken": mfa_token, "credential": credential}),
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let body = json(response).await;
    let claims = access_claims(body["data"]["accessToken"].as_str().unwrap());
    assert_eq!(claims["amr"], json!(["pwd", "hwk", "mfa"]));
    // The sign-in challenge is used up with it.
    let again = app
        .post_json(
            "/api/auth/mfa/passkey/finish",
            &json!({"mfaToken": mfa_token, "credential": credential}),
        )
        .await;
    assert_ceremony_over(again).await;
}

#[tokio::test]
async fn a_browser_finishes_only_the_ceremony_its_own_session_began() {
    let app = spawn_app_named("localhost", |_| {}).await;
    let response = app.sign_up(ADA, STRONG_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let options = json(app.call("account/passkeys/begin", &[]).await).await;
    let options: Value = serde_json::from_str(options.as_str().unwrap()).unwrap();
    let mut device = Device::new();
    let credential = device.create(&app.origin, &options).await.to_string();
    // Another browser (no session of Ada's) cannot finish it...
    let stranger = client();
    let response = app
        .call_with(
            &stranger,
            "account/passkeys/finish",
            &[("name", "Mine now"), ("credential", &credential)],
        )
        .await;
    assert_eq!(response.status(), 401);
    assert_eq!(passkey_count(&app).await, 0);
    // ...while Ada's own does, once.
    let response = app
        .call(
            "account/passkeys/finish",
            &[("name", "Laptop"), ("credential", &credential)],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let listed = json(app.call("account/passkeys", &[]).await).await;
    assert_eq!(listed[0]["name"], "Laptop");

    // Signing in through the pages: the session holds the ceremony.
    app.call("auth/sign-out", &[]).await;
    let begun = app.call("auth/passkey/begin", &[]).await;
    // A short cookie of its own binds the ceremony to this browser: a
    // visitor who is not signed in gets no session for it.
    let cookies = set_cookie_headers(&begun);
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    assert!(cookies[0].starts_with("portcullis_passkey="), "{cookies:?}");
    assert!(cookies[0].contains("HttpOnly") && cookies[0].contains("Max-Age=300"));
    let options = json(begun).await;
    let options: Value = serde_json::from_str(options.as_str().unwrap()).unwrap();
    let assertion = device.get(&app.origin, &options).await.to_string();
    let foreign = app
        .call_with(
            &stranger,
            "auth/passkey/finish",
            &[("credential", &assertion)],
        )
        .await;
    assert_eq!(foreign.status(), 401);
    let response = app
        .call("auth/passkey/finish", &[("credential", &assertion)])
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let me = json(app.call("auth/current-user", &[]).await).await;
    assert_eq!(me["email"], ADA);
}

#[tokio::test]
async fn nonsense_for_a_credential_is_a_validation_error_that_changes_nothing() {
    let (app, tokens) = ada().await;
    let ceremony = begin_registration(&app, &tokens).await;
    let response = finish_registration(&app, &tokens, &ceremony, "", &json!({"id": 1})).await;
    let body = json(response).await;
    assert_eq!(body["error"], "VALIDATION_ERROR", "{body}");
    assert_eq!(body["details"][0]["field"], "credential");
    let long_name = "x".repeat(65);
    let response = finish_registration(&app, &tokens, &ceremony, &long_name, &json!({})).await;
    let body = json(response).await;
    assert_eq!(body["details"][0]["field"], "name", "{body}");
    let response = finish_sign_in(&app, &json!({"ceremonyToken": "nope"}), &json!("garbage")).await;
    assert_eq!(response.status(), 400);
    assert_eq!(passkey_count(&app).await, 0);
}

#[tokio::test]
async fn an_admin_sees_a_users_passkeys_and_removes_one() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    let passkey = register(&app, &tokens, &mut device, "Laptop").await;
    app.api_register("grace@example.com").await;
    app.make_admin("grace@example.com").await;
    let admin = app.api_tokens("grace@example.com").await;
    let user = json(
        app.bearer(
            Method::GET,
            &format!("/api/admin/users/{}", tokens.user_id),
            &admin.access,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(user["data"]["passkeys"][0]["name"], "Laptop", "{user}");
    let id = passkey["id"].as_str().unwrap();
    let path = format!("/api/admin/users/{}/passkeys/{id}", tokens.user_id);
    // Ada cannot use the admin route on herself.
    let response = app
        .bearer(Method::DELETE, &path, &tokens.access)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = app
        .bearer(Method::DELETE, &path, &admin.access)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(passkey_count(&app).await, 0);
    let event = app
        .audit_log()
        .await
        .into_iter()
        .find(|row| row.action == "admin_remove_passkey")
        .expect("audited");
    assert_eq!(event.reason.as_deref(), Some("Laptop"));
    let mails = mails_to(&app, ADA).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.raw.contains("An administrator removed the passkey"))
    );
    let origin = app.origin.clone();
    let response = sign_in_from(&app, &mut device, &origin).await;
    assert_refused(response).await;
}

#[tokio::test]
async fn passkeys_are_refused_plainly_where_the_public_url_is_an_ip_address() {
    let app = spawn_app().await;
    let response = app.post_json("/api/auth/passkey/begin", &json!({})).await;
    let body = json(response).await;
    assert_eq!(body["error"], "BAD_REQUEST");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("not a domain name")
    );
}

#[tokio::test]
async fn a_passkey_added_before_the_address_was_proven_ends_when_its_owner_proves_it() {
    // Someone registers Ada's address (never verified) and adds a passkey,
    // waiting for her to use the account.
    let app = spawn_app_named("localhost", |_| {}).await;
    app.api_register(ADA).await;
    let squatter = app.api_tokens(ADA).await;
    let mut squatters_device = Device::new();
    register(&app, &squatter, &mut squatters_device, "Mine").await;
    // Ada signs in with a code mailed to her address: the first proof of it.
    let sent = app
        .post_json("/api/auth/send-otp", &json!({"email": ADA}))
        .await;
    assert_eq!(sent.status(), 200);
    let code = mails_to(&app, ADA).await.pop().unwrap().code();
    let response = app
        .post_json("/api/auth/verify-otp", &json!({"email": ADA, "otp": code}))
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(passkey_count(&app).await, 0);
    let notice = mails_to(&app, ADA).await.pop().unwrap();
    assert!(
        notice.raw.contains("the passkeys that were added"),
        "{}",
        notice.raw
    );
    let origin = app.origin.clone();
    let response = sign_in_from(&app, &mut squatters_device, &origin).await;
    assert_refused(response).await;
}

#[tokio::test]
async fn a_browser_that_opened_the_loopback_address_is_sent_to_the_localhost_url() {
    let app = spawn_app_named("localhost", |_| {}).await;
    let response = app
        .client
        .get(app.url("/login?next=/profile"))
        .header("sec-fetch-mode", "navigate")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 307);
    assert_eq!(
        response.headers()["location"],
        format!("{}/login?next=/profile", app.origin).as_str()
    );
    // The API, and anything but a page navigation, is answered where it is.
    let response = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    // A portal whose public URL is the loopback address keeps its pages there.
    let plain = spawn_app().await;
    let response = plain
        .client
        .get(plain.url("/login"))
        .header("sec-fetch-mode", "navigate")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_passkey_confirms_its_you_before_a_sensitive_change() {
    let app = spawn_app_named("localhost", |_| {}).await;
    let response = app.sign_up(ADA, STRONG_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let options = json(app.call("account/passkeys/begin", &[]).await).await;
    let options: Value = serde_json::from_str(options.as_str().unwrap()).unwrap();
    let mut device = Device::new();
    let credential = device.create(&app.origin, &options).await.to_string();
    let response = app
        .call(
            "account/passkeys/finish",
            &[("name", "Laptop"), ("credential", &credential)],
        )
        .await;
    assert_eq!(response.status(), 200);

    // Eleven minutes on, the sign-in is no longer recent.
    app.clock.advance(Duration::from_secs(11 * 60));
    let recent = json(app.call("account/recently-authenticated", &[]).await).await;
    assert_eq!(recent, json!(false));
    let options = json(app.call("account/passkeys/confirm/begin", &[]).await).await;
    let options: Value = serde_json::from_str(options.as_str().unwrap()).unwrap();
    // Only her own passkeys are asked for.
    assert_eq!(
        options["publicKey"]["allowCredentials"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let assertion = device.get(&app.origin, &options).await.to_string();
    // Another browser cannot use it.
    let stranger = client();
    let foreign = app
        .call_with(
            &stranger,
            "account/passkeys/confirm/finish",
            &[("credential", &assertion)],
        )
        .await;
    assert_eq!(foreign.status(), 401);
    let response = app
        .call(
            "account/passkeys/confirm/finish",
            &[("credential", &assertion)],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let recent = json(app.call("account/recently-authenticated", &[]).await).await;
    assert_eq!(recent, json!(true));
    let confirmed = app
        .audit_log()
        .await
        .into_iter()
        .rev()
        .find(|row| row.action == "reauthentication")
        .unwrap();
    assert!(confirmed.success);
    assert_eq!(confirmed.reason.as_deref(), Some("passkey"));
    // The same answer again: the ceremony is over.
    let again = app
        .call(
            "account/passkeys/confirm/finish",
            &[("credential", &assertion)],
        )
        .await;
    assert_eq!(again.status(), 401);
}

#[tokio::test]
async fn one_assertion_sent_many_times_at_once_signs_in_once() {
    let (app, tokens) = ada().await;
    let mut device = Device::new();
    register(&app, &tokens, &mut device, "Laptop").await;
    let ceremony = begin_sign_in(&app).await;
    let credential = device.get(&app.origin, &ceremony["options"]).await;
    let answers =
        futures::future::join_all((0..8).map(|_| finish_sign_in(&app, &ceremony, &credential)))
            .await;
    let signed_in = answers
        .iter()
        .filter(|answer| answer.status() == 200)
        .count();
    assert_eq!(signed_in, 1);
    assert!(
        answers
            .iter()
            .all(|answer| matches!(answer.status().as_u16(), 200 | 401))
    );
}
