//! The token API: login, refresh rotation and reuse detection, logout,
//! sign-in listing, and access-token verification.

use crate::helpers::{
    STRONG_PASSWORD, TEST_SECRET_KEY, TestApp, error_code, json, spawn_app, spawn_app_sharing,
    spawn_app_with, tokens_of,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use portcullis::tokens::{AccessClaims, SigningKeys};
use reqwest::{Method, header};
use secrecy::SecretString;
use serde_json::{Value, json};
use std::time::Duration;

const EMAIL: &str = "ada@example.com";

async fn app_with_account() -> TestApp {
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    app
}

fn decode_part(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn login_returns_a_bearer_pair_that_is_never_cached() {
    let app = app_with_account().await;

    let response = app.api_login(EMAIL, STRONG_PASSWORD).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(response.headers()[header::PRAGMA], "no-cache");
    let body = json(response).await;
    assert_eq!(body["success"], true);
    let data = &body["data"];
    assert_eq!(data["tokenType"], "Bearer");
    assert_eq!(data["expiresIn"], 900);
    assert_eq!(data["user"]["email"], EMAIL);
    let refresh = data["refreshToken"].as_str().unwrap();
    assert_eq!(
        URL_SAFE_NO_PAD.decode(refresh).unwrap().len(),
        32,
        "256 random bits"
    );

    let access = data["accessToken"].as_str().unwrap();
    let parts: Vec<&str> = access.split('.').collect();
    let (header, claims) = (decode_part(parts[0]), decode_part(parts[1]));
    assert_eq!(header["alg"], "EdDSA");
    assert!(header["kid"].as_str().is_some());
    assert_eq!(claims["iss"], app.address);
    assert_eq!(claims["aud"], "portcullis");
    assert_eq!(claims["sub"], data["user"]["id"]);
    assert_eq!(claims["role"], "user");
    assert!(claims["jti"].as_str().is_some() && claims["sid"].as_str().is_some());
    let iat = claims["iat"].as_i64().unwrap();
    assert_eq!(claims["nbf"].as_i64(), Some(iat));
    assert_eq!(claims["exp"].as_i64(), Some(iat + 900));
}

#[tokio::test]
async fn the_refresh_token_is_stored_only_as_a_hash() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;

    use sqlx::Row;
    let stored: Vec<String> = sqlx::query("SELECT token_hash FROM refresh_tokens")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("token_hash"))
        .collect();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], tokens.refresh);
    assert_eq!(stored[0].len(), 64, "a SHA-256 hex digest");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = app_with_account().await;

    let wrong = app.api_login(EMAIL, "Not-The-Password-1!").await;
    let unknown = app.api_login("nobody@example.com", STRONG_PASSWORD).await;

    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let (wrong, unknown) = (json(wrong).await, json(unknown).await);
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["error"], "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn api_and_page_failures_share_one_lockout_for_known_and_unknown_emails() {
    let app = app_with_account().await;
    for email in [EMAIL, "nobody@example.com"] {
        for _ in 0..3 {
            app.api_login(email, "Not-The-Password-1!").await;
        }
        for _ in 0..2 {
            app.sign_in(email, "Not-The-Password-1!").await;
        }

        let (status, code) = error_code(app.api_login(email, STRONG_PASSWORD).await).await;
        assert_eq!((status, code.as_str()), (423, "ACCOUNT_LOCKED"), "{email}");
    }
}

#[tokio::test]
async fn a_deactivated_account_is_told_so_only_after_the_right_password() {
    let app = app_with_account().await;
    app.deactivate(EMAIL).await;

    let wrong = error_code(app.api_login(EMAIL, "Not-The-Password-1!").await).await;
    let right = error_code(app.api_login(EMAIL, STRONG_PASSWORD).await).await;

    assert_eq!(wrong, (401, "INVALID_CREDENTIALS".into()));
    assert_eq!(right, (403, "ACCOUNT_DISABLED".into()));
}

#[tokio::test]
async fn me_answers_the_account_of_the_bearer() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;

    let response = app.me(&tokens.access).await;

    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["data"]["user"]["email"], EMAIL);
    assert_eq!(body["data"]["user"]["id"], tokens.user_id.as_str());
}

#[tokio::test]
async fn a_missing_or_malformed_authorization_header_is_refused_with_its_own_code() {
    let app = app_with_account().await;
    let no_header = app
        .client
        .get(app.url("/api/auth/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_header.status(), 401);
    assert!(no_header.headers().contains_key(header::WWW_AUTHENTICATE));
    assert_eq!(error_code(no_header).await.1, "MISSING_TOKEN");

    for value in ["Basic YWRhOnB3", "Bearer", "Bearer not.a.jwt", "Bearer ..."] {
        let response = app
            .client
            .get(app.url("/api/auth/me"))
            .header(header::AUTHORIZATION, value)
            .send()
            .await
            .unwrap();
        assert_eq!(
            error_code(response).await,
            (401, "INVALID_TOKEN".into()),
            "{value}"
        );
    }
}

#[tokio::test]
async fn a_refresh_gives_a_new_pair_and_uses_up_the_presented_token() {
    let app = app_with_account().await;
    let first = app.api_tokens(EMAIL).await;

    let response = app.api_refresh(&first.refresh).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let second = tokens_of(&json(response).await);
    assert_ne!(second.refresh, first.refresh);
    assert_ne!(second.access, first.access);
    assert_eq!(app.me(&second.access).await.status(), 200);

    let third = tokens_of(&json(app.api_refresh(&second.refresh).await).await);
    assert_eq!(app.me(&third.access).await.status(), 200);
}

#[tokio::test]
async fn reusing_a_refresh_token_revokes_the_whole_family() {
    let app = app_with_account().await;
    let stolen = app.api_tokens(EMAIL).await;
    let legitimate = tokens_of(&json(app.api_refresh(&stolen.refresh).await).await);

    let reuse = app.api_refresh(&stolen.refresh).await;

    assert_eq!(error_code(reuse).await, (401, "TOKEN_REUSED".into()));
    // Every token of the family is dead, the newest included.
    let after = error_code(app.api_refresh(&legitimate.refresh).await).await;
    assert_eq!(after.0, 401);
    assert_eq!(
        error_code(app.me(&legitimate.access).await).await.1,
        "INVALID_TOKEN"
    );
    let audit = app.audit_log().await;
    assert!(audit.iter().any(|row| row.action == "token_reuse"
        && row.user_id.as_deref() == Some(legitimate.user_id.as_str())));
    // Another sign-in of the same user is untouched.
    let other = app.api_tokens(EMAIL).await;
    assert_eq!(app.me(&other.access).await.status(), 200);
}

#[tokio::test]
async fn of_twenty_parallel_refreshes_with_one_token_exactly_one_succeeds() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;

    let attempts = (0..20).map(|_| app.api_refresh(&tokens.refresh));
    let statuses: Vec<u16> = futures_statuses(attempts).await;

    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 401),
        "{statuses:?}"
    );
}

async fn futures_statuses(
    requests: impl Iterator<Item = impl std::future::Future<Output = reqwest::Response>>,
) -> Vec<u16> {
    let handles: Vec<_> = requests.collect();
    let responses = futures::future::join_all(handles).await;
    responses.iter().map(|r| r.status().as_u16()).collect()
}

#[tokio::test]
async fn a_family_ends_at_its_fixed_lifetime_however_often_it_is_rotated() {
    const DAY: Duration = Duration::from_secs(24 * 3600);
    let app = spawn_app().await;
    app.api_register(EMAIL).await;
    let mut tokens = app.api_tokens(EMAIL).await;

    // Rotated every 3 days, then once more just before the 7 days are up.
    for wait in [DAY * 3, DAY * 3, DAY - Duration::from_secs(100)] {
        app.clock.advance(wait);
        let response = app.api_refresh(&tokens.refresh).await;
        assert_eq!(response.status(), 200, "rotation within the lifetime");
        tokens = tokens_of(&json(response).await);
    }
    // Past the family's 7 days; its newest access token is 200 s old.
    app.clock.advance(Duration::from_secs(200));

    let late = error_code(app.api_refresh(&tokens.refresh).await).await;
    assert_eq!(late, (401, "TOKEN_EXPIRED".into()));
    assert_eq!(
        error_code(app.me(&tokens.access).await).await.1,
        "INVALID_TOKEN"
    );
}

#[tokio::test]
async fn logout_revokes_the_family_of_the_token() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;
    let other = app.api_tokens(EMAIL).await;

    let response = app
        .post_json("/api/auth/logout", &json!({"refreshToken": tokens.refresh}))
        .await;

    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["success"], true);
    assert_eq!(
        error_code(app.api_refresh(&tokens.refresh).await).await,
        (401, "INVALID_TOKEN".into())
    );
    assert_eq!(
        error_code(app.me(&tokens.access).await).await.1,
        "INVALID_TOKEN"
    );
    assert_eq!(
        app.me(&other.access).await.status(),
        200,
        "other sign-ins stay"
    );
    let unknown = app
        .post_json("/api/auth/logout", &json!({"refreshToken": "x".repeat(43)}))
        .await;
    assert_eq!(error_code(unknown).await, (401, "INVALID_TOKEN".into()));
}

#[tokio::test]
async fn logout_all_revokes_every_family_and_every_browser_session() {
    let app = app_with_account().await;
    let browser = crate::helpers::client();
    let signed_in = app
        .call_with(
            &browser,
            "auth/sign-in",
            &[("email", EMAIL), ("password", STRONG_PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status(), 200);
    let phone = app.api_tokens(EMAIL).await;
    let laptop = app.api_tokens(EMAIL).await;

    let response = app
        .bearer(Method::POST, "/api/auth/logout-all", &laptop.access)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    for tokens in [&phone, &laptop] {
        assert_eq!(
            error_code(app.me(&tokens.access).await).await.1,
            "INVALID_TOKEN"
        );
        assert_eq!(app.api_refresh(&tokens.refresh).await.status(), 401);
    }
    let current = app.call_with(&browser, "auth/current-user", &[]).await;
    assert_eq!(
        json(current).await,
        Value::Null,
        "the browser is signed out"
    );
}

#[tokio::test]
async fn many_bearer_calls_at_once_each_get_their_own_account_and_a_signed_out_one_none() {
    const GRACE: &str = "grace@example.com";
    let app = app_with_account().await;
    app.api_register(GRACE).await;
    let ada = app.api_tokens(EMAIL).await;
    let grace = app.api_tokens(GRACE).await;
    let gone = app.api_tokens(EMAIL).await;
    let response = app
        .post_json("/api/auth/logout", &json!({"refreshToken": gone.refresh}))
        .await;
    assert_eq!(response.status(), 200);

    // Looked up together, answered each for itself.
    let cases = [(&ada, Some(EMAIL)), (&grace, Some(GRACE)), (&gone, None)];
    let calls = (0..60).map(|n| {
        let (tokens, email) = cases[n % cases.len()];
        let app = &app;
        async move { (app.me(&tokens.access).await, email) }
    });
    for (response, email) in futures::future::join_all(calls).await {
        match email {
            Some(email) => {
                assert_eq!(response.status(), 200);
                assert_eq!(json(response).await["data"]["user"]["email"], email);
            }
            None => assert_eq!(error_code(response).await, (401, "INVALID_TOKEN".into())),
        }
    }

    // A sign-out in the middle of a stream of calls holds from the next one.
    let response = app
        .post_json("/api/auth/logout", &json!({"refreshToken": grace.refresh}))
        .await;
    assert_eq!(response.status(), 200);
    let calls = (0..20).map(|_| app.me(&grace.access));
    for response in futures::future::join_all(calls).await {
        assert_eq!(response.status(), 401);
    }
}

#[tokio::test]
async fn patch_me_changes_the_names_and_nothing_else() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;

    let response = app
        .bearer(Method::PATCH, "/api/auth/me", &tokens.access)
        .json(&json!({"firstName": "Augusta", "role": "admin", "email": "x@example.com", "emailVerified": true}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let user = json(response).await["data"]["user"].clone();
    assert_eq!(user["firstName"], "Augusta");
    assert_eq!(user["lastName"], "Lovelace");
    assert_eq!(user["role"], "user");
    assert_eq!(user["email"], EMAIL);
    assert_eq!(user["emailVerified"], false);

    let invalid = app
        .bearer(Method::PATCH, "/api/auth/me", &tokens.access)
        .json(&json!({"firstName": "", "lastName": "x".repeat(101)}))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 400);
    let body = json(invalid).await;
    assert_eq!(body["error"], "VALIDATION_ERROR");
    let fields: Vec<&str> = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["firstName", "lastName"]);
    let unchanged = json(app.me(&tokens.access).await).await;
    assert_eq!(unchanged["data"]["user"]["firstName"], "Augusta");
}

#[tokio::test]
async fn sessions_lists_browser_and_api_sign_ins_and_marks_the_current_one() {
    let app = app_with_account().await;
    let browser = crate::helpers::client();
    app.call_with(
        &browser,
        "auth/sign-in",
        &[("email", EMAIL), ("password", STRONG_PASSWORD)],
    )
    .await;
    let phone = app.api_tokens(EMAIL).await;
    let laptop = app.api_tokens(EMAIL).await;

    let body = json(
        app.bearer(Method::GET, "/api/auth/sessions", &laptop.access)
            .send()
            .await
            .unwrap(),
    )
    .await;

    let sessions = body["data"]["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3, "{body}");
    let kinds = |kind: &str| sessions.iter().filter(|s| s["kind"] == kind).count();
    assert_eq!((kinds("api"), kinds("browser")), (2, 1));
    let current: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["kind"], "api");
    for session in sessions {
        assert_eq!(session["ip"], "127.0.0.1");
        assert_eq!(session["userAgent"], "portcullis-tests/1.0");
        assert!(
            session["createdAt"].as_str().is_some() && session["lastUsedAt"].as_str().is_some()
        );
    }
    // The browser session's id is not its cookie.
    let cookie_values = format!("{:?}", browser);
    let browser_id = sessions.iter().find(|s| s["kind"] == "browser").unwrap()["id"]
        .as_str()
        .unwrap();
    let stored: Vec<String> = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM sessions")
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("id"))
            .collect()
    };
    assert!(!stored.contains(&browser_id.to_string()), "{cookie_values}");

    // Revoking the phone's sign-in kills its tokens, and only those.
    let phone_id = sessions
        .iter()
        .find(|s| s["kind"] == "api" && s["current"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap();
    let revoked = app
        .bearer(
            Method::DELETE,
            &format!("/api/auth/sessions/{phone_id}"),
            &laptop.access,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_eq!(
        error_code(app.me(&phone.access).await).await.1,
        "INVALID_TOKEN"
    );
    assert_eq!(app.me(&laptop.access).await.status(), 200);

    let browser_revoked = app
        .bearer(
            Method::DELETE,
            &format!("/api/auth/sessions/{browser_id}"),
            &laptop.access,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(browser_revoked.status(), 200);
    let current = app.call_with(&browser, "auth/current-user", &[]).await;
    assert_eq!(
        json(current).await,
        Value::Null,
        "the browser is signed out"
    );
}

#[tokio::test]
async fn another_users_session_id_answers_404_and_stays_alive() {
    let app = app_with_account().await;
    app.api_register("mallory@example.com").await;
    let victim = app.api_tokens(EMAIL).await;
    let mallory = app.api_tokens("mallory@example.com").await;
    let victim_sessions = json(
        app.bearer(Method::GET, "/api/auth/sessions", &victim.access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let victim_id = victim_sessions["data"]["sessions"][0]["id"]
        .as_str()
        .unwrap();

    for id in [victim_id, "no-such-id"] {
        let response = app
            .bearer(
                Method::DELETE,
                &format!("/api/auth/sessions/{id}"),
                &mallory.access,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(error_code(response).await, (404, "NOT_FOUND".into()));
    }
    assert_eq!(app.me(&victim.access).await.status(), 200);
}

/// A token signed with the server's own key: how expired and not-yet-valid
/// tokens, or tokens for another audience, are made.
async fn signed_by_the_server(app: &TestApp, change: impl FnOnce(&mut AccessClaims)) -> String {
    let keys = SigningKeys::load(
        app.db.clone(),
        &SecretString::from(TEST_SECRET_KEY),
        Duration::from_secs(900),
        app.clock.clone(),
    )
    .await
    .unwrap();
    let tokens = app.api_tokens(EMAIL).await;
    let mut claims: AccessClaims =
        serde_json::from_value(decode_part(tokens.access.split('.').nth(1).unwrap())).unwrap();
    change(&mut claims);
    keys.sign(&claims).unwrap()
}

#[tokio::test]
async fn expired_tokens_are_told_apart_from_invalid_ones() {
    let app = app_with_account().await;
    let expired = signed_by_the_server(&app, |claims| {
        claims.iat = now() - 1000;
        claims.nbf = now() - 1000;
        claims.exp = now() - 100;
    })
    .await;

    assert_eq!(
        error_code(app.me(&expired).await).await,
        (401, "TOKEN_EXPIRED".into())
    );
}

#[tokio::test]
async fn tokens_for_another_audience_or_issuer_or_not_yet_valid_are_refused() {
    let app = app_with_account().await;
    type Change = Box<dyn FnOnce(&mut AccessClaims)>;
    let cases: Vec<(&str, Change)> = vec![
        ("audience", Box::new(|c| c.aud = "another-service".into())),
        (
            "issuer",
            Box::new(|c| c.iss = "https://evil.example".into()),
        ),
        ("not yet valid", Box::new(|c| c.nbf = now() + 600)),
        (
            "another user",
            Box::new(|c| c.sub = uuid::Uuid::new_v4().to_string()),
        ),
    ];
    for (case, change) in cases {
        let token = signed_by_the_server(&app, change).await;
        assert_eq!(
            error_code(app.me(&token).await).await,
            (401, "INVALID_TOKEN".into()),
            "{case}"
        );
    }
}

#[tokio::test]
async fn forged_tokens_never_pass() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;
    let parts: Vec<&str> = tokens.access.split('.').collect();
    let header = decode_part(parts[0]);
    let kid = header["kid"].as_str().unwrap().to_string();
    let mut claims = decode_part(parts[1]);
    claims["role"] = json!("admin");
    let encode = |value: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap());
    let jwks = json(
        app.client
            .get(app.url("/.well-known/jwks.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let x = jwks["keys"][0]["x"].as_str().unwrap().to_string();

    let mut forged = vec![
        (
            "tampered payload",
            format!("{}.{}.{}", parts[0], encode(&claims), parts[2]),
        ),
        (
            "alg none",
            format!(
                "{}.{}.",
                encode(&json!({"alg": "none", "typ": "JWT", "kid": kid})),
                encode(&claims)
            ),
        ),
        (
            "alg none with the signature",
            format!(
                "{}.{}.{}",
                encode(&json!({"alg": "none", "kid": kid})),
                parts[1],
                parts[2]
            ),
        ),
    ];
    // HS256 with the public key as the HMAC secret, in each form it is published.
    for secret in [
        x.as_bytes().to_vec(),
        URL_SAFE_NO_PAD.decode(&x).unwrap(),
        jwks.to_string().into_bytes(),
    ] {
        let mut hs_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        hs_header.kid = Some(kid.clone());
        let token = jsonwebtoken::encode(
            &hs_header,
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(&secret),
        )
        .unwrap();
        forged.push(("HS256 with the public key", token));
    }
    // Signed by another Ed25519 key, under our kid, an unknown kid, or
    // announcing itself in the header.
    let attacker = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(attacker.as_bytes());
    let attacker_key = jsonwebtoken::EncodingKey::from_ed_der(&der);
    let attacker_x = URL_SAFE_NO_PAD.encode(attacker.verifying_key().to_bytes());
    let sign = |header: jsonwebtoken::Header| {
        jsonwebtoken::encode(&header, &claims, &attacker_key).unwrap()
    };
    let mut ours = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    ours.kid = Some(kid.clone());
    forged.push(("another key under our kid", sign(ours)));
    let mut unknown = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    unknown.kid = Some("attacker".into());
    forged.push(("an unknown kid", sign(unknown)));
    let embedded: jsonwebtoken::jwk::Jwk =
        serde_json::from_value(json!({"kty": "OKP", "crv": "Ed25519", "x": attacker_x})).unwrap();
    let mut with_jwk = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    with_jwk.kid = Some(kid.clone());
    with_jwk.jwk = Some(embedded);
    forged.push(("a header jwk", sign(with_jwk)));
    let mut with_jku = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    with_jku.jku = Some("https://evil.example/jwks.json".into());
    forged.push(("a header jku", sign(with_jku)));

    for (case, token) in forged {
        let (status, code) = error_code(app.me(&token).await).await;
        assert_eq!((status, code.as_str()), (401, "INVALID_TOKEN"), "{case}");
    }
}

#[tokio::test]
async fn access_tokens_die_with_a_deactivation_or_a_credential_change() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;

    // What a password change does (the profile issue): bump the version.
    sqlx::query("UPDATE users SET token_version = token_version + 1 WHERE email = $1")
        .bind(EMAIL)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        error_code(app.me(&tokens.access).await).await,
        (401, "INVALID_TOKEN".into())
    );
    assert_eq!(app.api_refresh(&tokens.refresh).await.status(), 401);

    let fresh = app.api_tokens(EMAIL).await;
    assert_eq!(app.me(&fresh.access).await.status(), 200);
    app.deactivate(EMAIL).await;
    assert_eq!(
        error_code(app.me(&fresh.access).await).await,
        (403, "ACCOUNT_DISABLED".into())
    );
    assert_eq!(
        error_code(app.api_refresh(&fresh.refresh).await).await,
        (403, "ACCOUNT_DISABLED".into())
    );
}

#[tokio::test]
async fn the_credential_routes_are_rate_limited_per_client_with_retry_after() {
    let app = spawn_app_with(|settings| settings.rate_limit.auth_requests_per_minute = 3).await;

    for _ in 0..3 {
        assert_eq!(app.api_login(EMAIL, "Whatever-1!").await.status(), 401);
    }
    let limited = app.api_login(EMAIL, "Whatever-1!").await;

    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(error_code(limited).await.1, "RATE_LIMITED");
    // Bearer routes are not counted.
    let me = app
        .client
        .get(app.url("/api/auth/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
}

#[tokio::test]
async fn a_database_failure_answers_a_generic_500_envelope() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;
    app.db.close().await;

    for response in [
        app.api_login(EMAIL, STRONG_PASSWORD).await,
        app.me(&tokens.access).await,
    ] {
        assert_eq!(response.status(), 500);
        let body = json(response).await;
        assert_eq!(body["error"], "INTERNAL");
        let text = body.to_string().to_lowercase();
        for leak in ["pool", "sql", "closed", "panic", ".rs", "caller"] {
            assert!(!text.contains(leak), "{leak} in {body}");
        }
    }
}

#[tokio::test]
async fn the_jwks_publishes_the_signing_key_and_nothing_private() {
    let app = app_with_account().await;
    let tokens = app.api_tokens(EMAIL).await;
    let kid = decode_part(tokens.access.split('.').next().unwrap())["kid"].clone();

    let response = app
        .client
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let jwks = json(response).await;
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kid"], kid);
    assert_eq!(keys[0]["kty"], "OKP");
    assert_eq!(keys[0]["crv"], "Ed25519");
    assert_eq!(keys[0]["alg"], "EdDSA");
    assert_eq!(keys[0]["use"], "sig");
    assert!(keys[0].get("d").is_none(), "no private part");
}

#[tokio::test]
async fn after_a_key_rotation_old_tokens_still_verify_and_every_instance_agrees() {
    let first = app_with_account().await;
    let before = first.api_tokens(EMAIL).await;
    let old_kid = decode_part(before.access.split('.').next().unwrap())["kid"].clone();

    // `portcullis keys rotate` (tested in the CLI tests) does exactly this.
    SigningKeys::rotate(
        &first.db,
        &SecretString::from(TEST_SECRET_KEY),
        first.clock.now(),
    )
    .await
    .unwrap();
    // Instances behind one load balancer share the public URL (the issuer).
    let public_url = first.address.parse().unwrap();
    let second = spawn_app_sharing(&first, |settings| settings.public_url = public_url).await;
    let after = second.api_tokens(EMAIL).await;
    let new_kid = decode_part(after.access.split('.').next().unwrap())["kid"].clone();

    assert_ne!(old_kid, new_kid);
    assert_eq!(
        second.me(&before.access).await.status(),
        200,
        "the old key is still published"
    );
    assert_eq!(
        first.me(&after.access).await.status(),
        200,
        "the first instance learns the new kid"
    );
    let jwks = json(
        second
            .client
            .get(second.url("/.well-known/jwks.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mut kids: Vec<&Value> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| &k["kid"])
        .collect();
    kids.sort_by_key(|kid| kid.as_str());
    let mut expected = [&new_kid, &old_kid];
    expected.sort_by_key(|kid| kid.as_str());
    assert_eq!(kids, expected);
}

#[tokio::test]
async fn after_the_secret_key_changes_the_keys_it_sealed_retire_and_their_tokens_are_refused() {
    let before = app_with_account().await;
    let leaked = before.api_tokens(EMAIL).await;
    let old_kid = decode_part(leaked.access.split('.').next().unwrap())["kid"].clone();

    // The operator changes SECRET_KEY after a leak and restarts.
    let after = spawn_app_sharing(&before, |settings| {
        settings.secret_key =
            SecretString::from("another-secret-key-after-the-leak-9876543210".to_string());
    })
    .await;

    let jwks = json(
        after
            .client
            .get(after.url("/.well-known/jwks.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let kids: Vec<&Value> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|key| &key["kid"])
        .collect();
    assert!(!kids.contains(&&old_kid), "{jwks}");
    assert_eq!(kids.len(), 1, "a new key signs: {jwks}");
    assert_eq!(
        error_code(after.me(&leaked.access).await).await,
        (401, "INVALID_TOKEN".to_string())
    );
    let fresh = after.api_tokens(EMAIL).await;
    assert_eq!(after.me(&fresh.access).await.status(), 200);
}
