//! The one admission step: whichever first factor a person proves (a
//! password, a mailed code, Google), the same rules decide whether they get
//! in, and the same audit record says how.

use crate::{
    google::TestProvider,
    helpers::{STRONG_PASSWORD, TestApp, error_code, spawn_app_with},
};
use serde_json::{Value, json};

const ADA: &str = "ada@example.com";
const GRACE: &str = "grace@example.com";

/// Ada signs in with a password or a code; Grace's account was made by Google.
async fn app_with_two_accounts() -> (TestApp, TestProvider) {
    let provider = TestProvider::start().await;
    let settings = provider.settings();
    let app = spawn_app_with(|s| s.google = Some(settings)).await;
    app.api_register(ADA).await;
    app.mail.wait_for(ADA, 1).await;
    assert_eq!(google(&app, &provider).await.status(), 200);
    (app, provider)
}

async fn google(app: &TestApp, provider: &TestProvider) -> reqwest::Response {
    let claims = json!({"sub": "google-grace", "email": GRACE, "email_verified": true,
                        "given_name": "Grace", "family_name": "Hopper"});
    let id_token = provider.id_token(claims, None).await;
    app.post_json("/api/auth/google", &json!({"idToken": id_token}))
        .await
}

/// Mails Ada a sign-in code (message `nth`) and returns it.
async fn mailed_code(app: &TestApp, nth: usize) -> String {
    let response = app
        .post_json("/api/auth/send-otp", &json!({"email": ADA}))
        .await;
    assert_eq!(response.status(), 200);
    app.mail.wait_for(ADA, nth).await[nth - 1].code()
}

async fn code_sign_in(app: &TestApp, code: &str) -> reqwest::Response {
    app.post_json("/api/auth/verify-otp", &json!({"email": ADA, "otp": code}))
        .await
}

async fn mark(app: &TestApp, sql: &str) {
    for email in [ADA, GRACE] {
        sqlx::query(sql)
            .bind(email)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_deactivated_account_is_refused_whichever_factor_proves_it() {
    let (app, provider) = app_with_two_accounts().await;
    // Asked for before the deactivation: the admission step still says no.
    let code = mailed_code(&app, 2).await;
    mark(&app, "UPDATE users SET is_active = FALSE WHERE email = $1").await;

    let refused = (403, "ACCOUNT_DISABLED".to_string());
    assert_eq!(
        error_code(app.api_login(ADA, STRONG_PASSWORD).await).await,
        refused
    );
    assert_eq!(error_code(code_sign_in(&app, &code).await).await, refused);
    assert_eq!(error_code(google(&app, &provider).await).await, refused);
    let reasons: Vec<_> = app
        .audit_log()
        .await
        .into_iter()
        .filter(|row| row.action == "login" && !row.success)
        .map(|row| row.reason.unwrap_or_default())
        .collect();
    assert_eq!(reasons, ["disabled", "disabled", "disabled"]);
}

#[tokio::test]
async fn a_deleted_account_gets_only_the_restore_offer_whichever_factor_proves_it() {
    let (app, provider) = app_with_two_accounts().await;
    mark(
        &app,
        "UPDATE users SET is_active = FALSE, erase_after = 4102444800 WHERE email = $1",
    )
    .await;
    let code = mailed_code(&app, 2).await;

    let restorable = (403, "ACCOUNT_PENDING_DELETION".to_string());
    assert_eq!(
        error_code(app.api_login(ADA, STRONG_PASSWORD).await).await,
        restorable
    );
    assert_eq!(
        error_code(code_sign_in(&app, &code).await).await,
        restorable
    );
    assert_eq!(error_code(google(&app, &provider).await).await, restorable);
    // A wrong password learns nothing about the deletion.
    assert_eq!(
        error_code(app.api_login(ADA, "Wrong-Password-1!").await).await,
        (401, "INVALID_CREDENTIALS".to_string())
    );
}

#[tokio::test]
async fn a_lockout_stops_the_right_password_but_a_mailed_code_gets_the_owner_in_and_lifts_it() {
    let (app, _provider) = app_with_two_accounts().await;
    app.mark_verified(ADA).await;
    for _ in 0..5 {
        app.api_login(ADA, "Wrong-Password-1!").await;
    }
    assert_eq!(app.api_login(ADA, STRONG_PASSWORD).await.status(), 423);

    let code = mailed_code(&app, 2).await;
    assert_eq!(code_sign_in(&app, &code).await.status(), 200);

    assert_eq!(app.api_login(ADA, STRONG_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn every_admission_is_audited_once_with_the_factor_that_proved_it() {
    let (app, provider) = app_with_two_accounts().await;
    app.api_login(ADA, STRONG_PASSWORD).await;
    let code = mailed_code(&app, 2).await;
    code_sign_in(&app, &code).await;
    google(&app, &provider).await;

    let admitted: Vec<Value> = app
        .audit_log()
        .await
        .into_iter()
        .filter(|row| row.action == "login" && row.success)
        .map(|row| json!(row.reason))
        .collect();
    assert_eq!(
        admitted,
        [
            json!("google_signup"),
            json!("password"),
            json!("code"),
            json!("google")
        ]
    );
}

#[tokio::test]
async fn sign_ins_arriving_at_once_are_all_admitted() {
    let (app, provider) = app_with_two_accounts().await;
    // On SQLite a transaction that reads and then writes failed with
    // SQLITE_BUSY_SNAPSHOT (a 500) when another sign-in wrote in between.
    let password = (0..12).map(|_| app.api_login(ADA, STRONG_PASSWORD));
    let google = (0..4).map(|_| google(&app, &provider));
    let (password, google) = tokio::join!(
        futures::future::join_all(password),
        futures::future::join_all(google)
    );
    let statuses: Vec<u16> = password
        .iter()
        .chain(&google)
        .map(|response| response.status().as_u16())
        .collect();
    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
}
