use crate::helpers::{
    STRONG_PASSWORD, json, session_cookie, spawn_app, spawn_app_sharing, spawn_app_with,
    without_echo,
};
use std::time::Duration;

#[tokio::test]
async fn signing_in_sets_an_http_only_lax_session_cookie() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;

    let response = app.sign_in("ada@example.com", STRONG_PASSWORD).await;

    assert_eq!(response.status(), 200);
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.starts_with("portcullis_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http cannot keep a Secure cookie: {cookie}"
    );
    assert!(app.get_page("/profile").await.status().is_success());
}

#[tokio::test]
async fn behind_https_the_cookie_is_secure_and_host_prefixed() {
    let app =
        spawn_app_with(|settings| settings.public_url = "https://auth.example".parse().unwrap())
            .await;
    let response = app
        .client
        .post(app.url("/rpc/auth/sign-up"))
        .header("origin", "https://auth.example")
        .form(&[
            ("email", "ada@example.com"),
            ("password", STRONG_PASSWORD),
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    let cookie = session_cookie(&response).unwrap();
    assert!(cookie.starts_with("__Host-portcullis_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_identical_answers() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;

    let wrong_password = app.sign_in("ada@example.com", "Wrong-Password-1!").await;
    let unknown_email = app.sign_in("nobody@example.com", "Wrong-Password-1!").await;

    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_email.status(), 401);
    assert!(session_cookie(&wrong_password).is_none());
    let (a, b) = (
        without_echo(json(wrong_password).await),
        without_echo(json(unknown_email).await),
    );
    assert_eq!(a, b);
    assert_eq!(a["message"], "Invalid email or password.");
}

#[tokio::test]
async fn five_failures_lock_an_existing_address_even_against_the_right_password() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;

    for attempt in 1..=4 {
        let response = app.sign_in("ada@example.com", "Wrong-Password-1!").await;
        assert_eq!(response.status(), 401, "attempt {attempt}");
    }
    let fifth = app.sign_in("ada@example.com", "Wrong-Password-1!").await;
    assert_eq!(fifth.status(), 423);
    let right = app.sign_in("ada@example.com", STRONG_PASSWORD).await;

    assert_eq!(right.status(), 423);
    assert!(session_cookie(&right).is_none());
    let body = json(right).await;
    assert_eq!(body["code"], "ACCOUNT_LOCKED");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("temporarily locked")
    );
}

#[tokio::test]
async fn unknown_addresses_lock_exactly_like_existing_ones() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;

    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..6 {
        let response = app.sign_in("ada@example.com", "Wrong-Password-1!").await;
        known.push((response.status(), without_echo(json(response).await)));
        let response = app.sign_in("nobody@example.com", "Wrong-Password-1!").await;
        unknown.push((response.status(), without_echo(json(response).await)));
    }

    assert_eq!(known, unknown);
    assert_eq!(known.last().unwrap().0, 423);
}

#[tokio::test]
async fn the_lock_runs_out_and_a_success_resets_the_count() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;
    for _ in 0..5 {
        app.sign_in("ada@example.com", "Wrong-Password-1!").await;
    }
    assert_eq!(
        app.sign_in("ada@example.com", STRONG_PASSWORD)
            .await
            .status(),
        423
    );

    app.clock.advance(Duration::from_secs(14 * 60));
    assert_eq!(
        app.sign_in("ada@example.com", STRONG_PASSWORD)
            .await
            .status(),
        423,
        "still locked before its 15 minutes are up"
    );

    app.clock.advance(Duration::from_secs(60 + 1));
    assert_eq!(
        app.sign_in("ada@example.com", STRONG_PASSWORD)
            .await
            .status(),
        200
    );

    // The success reset the count: four more failures do not lock.
    for _ in 0..4 {
        assert_eq!(
            app.sign_in("ada@example.com", "Wrong-Password-1!")
                .await
                .status(),
            401
        );
    }
    assert_eq!(
        app.sign_in("ada@example.com", STRONG_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_deactivated_account_is_told_so_only_with_the_right_password() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;
    app.deactivate("ada@example.com").await;

    let wrong = app.sign_in("ada@example.com", "Wrong-Password-1!").await;
    let right = app.sign_in("ada@example.com", STRONG_PASSWORD).await;

    assert_eq!(wrong.status(), 401);
    assert_eq!(right.status(), 403);
    assert!(session_cookie(&right).is_none());
    assert_eq!(json(right).await["code"], "ACCOUNT_DISABLED");
}

#[tokio::test]
async fn a_hash_with_outdated_parameters_is_upgraded_at_the_next_sign_in() {
    let old = spawn_app().await;
    old.create_account("ada@example.com").await;
    let stronger = spawn_app_sharing(&old, |settings| {
        settings.password_hashing.memory_kib = 19_456;
        settings.password_hashing.iterations = 2;
    })
    .await;

    assert_eq!(
        stronger
            .sign_in("ada@example.com", STRONG_PASSWORD)
            .await
            .status(),
        200
    );

    let hash = stronger.password_hash("ada@example.com").await;
    assert!(hash.contains("m=19456,t=2,p=1"), "{hash}");
    assert_eq!(
        stronger
            .sign_in("ada@example.com", STRONG_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn next_only_ever_leads_to_a_path_on_this_site() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;
    let attempts = [
        ("/profile?tab=security", "/profile?tab=security"),
        ("//evil.example", "/profile"),
        ("https://evil.example/", "/profile"),
        ("/\\evil.example", "/profile"),
        ("javascript:alert(1)", "/profile"),
        ("/%0d%0aSet-Cookie:x=1", "/%0d%0aSet-Cookie:x=1"),
    ];

    for (next, expected) in attempts {
        let response = app
            .call(
                "auth/sign-in",
                &[
                    ("email", "ada@example.com"),
                    ("password", STRONG_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), 200, "{next}");
        assert_eq!(response.headers()["location"], expected, "{next}");
    }
}

#[tokio::test]
async fn sign_ins_failures_and_lockouts_are_audited() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;
    app.sign_in("ada@example.com", STRONG_PASSWORD).await;
    for _ in 0..5 {
        app.sign_in("nobody@example.com", "Wrong-Password-1!").await;
    }

    let events = app.audit_log().await;

    let summary: Vec<(&str, bool, Option<&str>)> = events
        .iter()
        .map(|event| {
            (
                event.action.as_str(),
                event.success,
                event.reason.as_deref(),
            )
        })
        .collect();
    assert!(summary.contains(&("login", true, Some("password"))));
    assert!(summary.contains(&("login", false, Some("unknown_email"))));
    assert!(summary.contains(&("lockout", true, Some("unknown_email"))));
    assert!(summary.contains(&("logout", true, None)));
    // Mail events come from the outbox and its worker, not from a request.
    for event in events
        .iter()
        .filter(|event| !event.action.starts_with("mail_"))
    {
        assert_eq!(event.ip.as_deref(), Some("127.0.0.1"), "{event:?}");
        assert_eq!(
            event.user_agent.as_deref(),
            Some("portcullis-tests/1.0"),
            "{event:?}"
        );
    }
}
