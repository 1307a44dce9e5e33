//! The lockout holds however many attempts arrive at once, on every path:
//! an attempt is taken before the password is hashed (or the code compared),
//! so no burst evaluates more than the limit, and whatever arrives after
//! the limit meets the lock, even with the right password or code.

use crate::helpers::{STRONG_PASSWORD, TestApp, client, error_code, spawn_app};
use futures::future::join_all;
use serde_json::json;

const ADA: &str = "ada@example.com";
const WRONG: &str = "Wrong-Password-1!";

/// How many failures of `action` the audit log gives `reason`.
async fn refusals(app: &TestApp, action: &str, reason: &str) -> usize {
    app.audit_log()
        .await
        .iter()
        .filter(|row| {
            row.action == action
                && !row.success
                && row.reason.as_deref().is_some_and(|r| r.starts_with(reason))
        })
        .count()
}

#[tokio::test]
async fn twenty_wrong_passwords_at_once_on_both_paths_evaluate_five_and_the_right_one_after_them_is_refused()
 {
    let app = spawn_app().await;
    app.api_register(ADA).await;

    let api = (0..10).map(|_| app.api_login(ADA, WRONG));
    let pages = (0..10).map(|_| async {
        // Each a browser of its own, as a stuffing client would be.
        app.call_with(
            &client(),
            "auth/sign-in",
            &[("email", ADA), ("password", WRONG)],
        )
        .await
    });
    let (api, pages) = tokio::join!(join_all(api), join_all(pages));
    let statuses: Vec<u16> = api
        .iter()
        .chain(&pages)
        .map(|response| response.status().as_u16())
        .collect();
    assert!(
        statuses.iter().all(|status| [401, 423].contains(status)),
        "{statuses:?}"
    );

    assert_eq!(refusals(&app, "login", "wrong_password").await, 5);
    // The 15 that met the lock are one audit row, not fifteen, and it
    // counts them, in whatever order they finished.
    assert_eq!(refusals(&app, "login", "locked").await, 1);
    assert_eq!(
        refusals(&app, "login", "locked: 15 refused attempts").await,
        1
    );
    assert_eq!(
        error_code(app.api_login(ADA, STRONG_PASSWORD).await).await,
        (423, "ACCOUNT_LOCKED".to_string())
    );
    let page = app
        .call_with(
            &client(),
            "auth/sign-in",
            &[("email", ADA), ("password", STRONG_PASSWORD)],
        )
        .await;
    assert_eq!(page.status(), 423);
}

#[tokio::test]
async fn an_unknown_address_locks_after_five_parallel_attempts_like_a_known_one() {
    let app = spawn_app().await;

    let attempts = (0..12).map(|_| app.api_login("nobody@example.com", WRONG));
    join_all(attempts).await;

    assert_eq!(refusals(&app, "login", "unknown_email").await, 5);
    assert_eq!(refusals(&app, "login", "locked").await, 1);
}

#[tokio::test]
async fn wrong_passwords_at_once_when_confirming_identity_evaluate_five_then_lock() {
    let app = spawn_app().await;
    app.create_account(ADA).await;
    app.sign_in(ADA, STRONG_PASSWORD).await;

    let attempts = (0..12).map(|_| app.call("account/reauthenticate", &[("password", WRONG)]));
    join_all(attempts).await;

    assert_eq!(
        refusals(&app, "reauthentication", "wrong_password").await,
        5
    );
    let right = app
        .call("account/reauthenticate", &[("password", STRONG_PASSWORD)])
        .await;
    assert_eq!(right.status(), 423);
    assert_eq!(app.api_login(ADA, STRONG_PASSWORD).await.status(), 423);
}

#[tokio::test]
async fn a_right_password_when_confirming_identity_gives_the_attempts_back() {
    let app = spawn_app().await;
    app.create_account(ADA).await;
    app.sign_in(ADA, STRONG_PASSWORD).await;
    for _ in 0..6 {
        for password in [WRONG, STRONG_PASSWORD] {
            app.call("account/reauthenticate", &[("password", password)])
                .await;
        }
    }

    assert_eq!(refusals(&app, "reauthentication", "locked").await, 0);
    assert_eq!(app.api_login(ADA, STRONG_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn twenty_wrong_codes_at_once_kill_the_code() {
    let app = spawn_app().await;
    app.api_register(ADA).await;
    let response = app
        .post_json("/api/auth/send-otp", &json!({"email": ADA}))
        .await;
    assert_eq!(response.status(), 200);
    let code = app.mail.wait_for(ADA, 2).await[1].code();
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let guess = json!({"email": ADA, "otp": wrong});
    let guesses = (0..20).map(|_| app.post_json("/api/auth/verify-otp", &guess));
    join_all(guesses).await;

    assert_eq!(refusals(&app, "login", "wrong_code").await, 5);
    let right = app
        .post_json("/api/auth/verify-otp", &json!({"email": ADA, "otp": code}))
        .await;
    assert_eq!(error_code(right).await, (400, "INVALID_CODE".to_string()));
}

#[tokio::test]
async fn attempts_on_a_locked_address_add_one_audit_row_per_lock() {
    let app = spawn_app().await;
    app.api_register(ADA).await;
    for _lock in 0..2 {
        for _ in 0..15 {
            app.api_login(ADA, WRONG).await;
        }
        // The lock runs out; the next failures lock it again.
        app.clock
            .advance(std::time::Duration::from_secs(15 * 60 + 1));
    }

    assert_eq!(refusals(&app, "login", "wrong_password").await, 10);
    assert_eq!(refusals(&app, "login", "locked").await, 2);
    assert_eq!(
        refusals(&app, "login", "locked: 10 refused attempts").await,
        2,
        "each lock's row counts the attempts it refused"
    );
}

#[tokio::test]
async fn attempts_abandoned_mid_hash_give_their_places_back_at_once() {
    // Hashes slow enough that a 50 ms request timeout drops every sign-in
    // while its password is being checked, as a client that hangs up does.
    let slow_hashes = |settings: &mut portcullis::config::Settings| {
        settings.password_hashing.memory_kib = 64 * 1024;
        settings.password_hashing.iterations = 10;
    };
    let app = crate::helpers::spawn_app_with(slow_hashes).await;
    app.api_register(ADA).await;
    let impatient = crate::helpers::spawn_app_sharing(&app, |settings| {
        slow_hashes(settings);
        settings.request_timeout = std::time::Duration::from_millis(50);
    })
    .await;
    for _ in 0..6 {
        assert_eq!(
            impatient.api_login(ADA, STRONG_PASSWORD).await.status(),
            503
        );
    }

    let started = std::time::Instant::now();
    let owner = app.api_login(ADA, STRONG_PASSWORD).await;

    assert_eq!(owner.status(), 200);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(8),
        "the owner waited for places held by abandoned attempts"
    );
}
