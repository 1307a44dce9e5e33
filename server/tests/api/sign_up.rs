use crate::helpers::{STRONG_PASSWORD, field_messages, json, session_cookie, spawn_app};
use sqlx::Row;

#[tokio::test]
async fn signing_up_creates_the_account_signs_in_and_goes_to_the_profile() {
    let app = spawn_app().await;

    let response = app.sign_up("Ada@Example.com", STRONG_PASSWORD).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["serverfnredirect"], "");
    assert_eq!(response.headers()["location"], "/profile");
    assert!(session_cookie(&response).is_some());
    let profile = app.get_page("/profile").await;
    assert_eq!(profile.status(), 200);
    let html = profile.text().await.unwrap();
    assert!(html.contains("Ada Lovelace"));
    assert!(
        html.contains("ada@example.com"),
        "the email is stored in its canonical form"
    );
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes_only() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com", STRONG_PASSWORD).await;

    let hash = app.password_hash("ada@example.com").await;

    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(STRONG_PASSWORD));
}

#[tokio::test]
async fn each_invalid_field_gets_its_own_message_and_nothing_is_created() {
    let app = spawn_app().await;
    let long_name = "A".repeat(101);
    let long_password = format!("Aa1!{}", "x".repeat(130));
    let cases: Vec<(&str, [(&str, &str); 4])> = vec![
        (
            "email",
            [
                ("email", "not-an-email"),
                ("password", STRONG_PASSWORD),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "email",
            [
                ("email", ""),
                ("password", STRONG_PASSWORD),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "first_name",
            [
                ("email", "ada@example.com"),
                ("password", STRONG_PASSWORD),
                ("first_name", ""),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "first_name",
            [
                ("email", "ada@example.com"),
                ("password", STRONG_PASSWORD),
                ("first_name", &long_name),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "first_name",
            [
                ("email", "ada@example.com"),
                ("password", STRONG_PASSWORD),
                ("first_name", "Ada\u{1b}[31m"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "last_name",
            [
                ("email", "ada@example.com"),
                ("password", STRONG_PASSWORD),
                ("first_name", "Ada"),
                ("last_name", "  "),
            ],
        ),
        (
            "password",
            [
                ("email", "ada@example.com"),
                ("password", "Sh0rt!"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "password",
            [
                ("email", "ada@example.com"),
                ("password", "all-lower-case-42!"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "password",
            [
                ("email", "ada@example.com"),
                ("password", "ALL-UPPER-CASE-42!"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "password",
            [
                ("email", "ada@example.com"),
                ("password", "No-Digits-Here-At-All!"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "password",
            [
                ("email", "ada@example.com"),
                ("password", "NoSymbolsHere4242x"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "password",
            [
                ("email", "ada@example.com"),
                ("password", &long_password),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "password",
            [
                ("email", "ada@example.com"),
                ("password", "Password123!"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "password",
            [
                ("email", "ada@example.com"),
                ("password", "Welcome1!"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
        (
            "password",
            [
                ("email", "grace.hopper@example.com"),
                ("password", "Xy!7grace.hopperQ"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        ),
    ];

    for (field, form) in cases {
        let response = app.call("auth/sign-up", &form).await;

        assert_eq!(response.status(), 400, "{form:?}");
        let body = json(response).await;
        assert_eq!(body["code"], "VALIDATION_ERROR");
        assert!(
            !field_messages(&body, field).is_empty(),
            "no message for {field} in {body}"
        );
    }
    let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn every_failing_password_rule_is_reported() {
    let app = spawn_app().await;

    let response = app
        .call(
            "auth/sign-up",
            &[
                ("email", "ada@example.com"),
                ("password", "abc"),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        )
        .await;

    let messages = field_messages(&json(response).await, "password");
    assert!(messages.len() >= 3, "{messages:?}");
}

#[tokio::test]
async fn a_duplicate_email_is_refused_whatever_its_case() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;

    let response = app.sign_up("  ADA@example.COM ", STRONG_PASSWORD).await;

    assert_eq!(response.status(), 409);
    let body = json(response).await;
    assert_eq!(body["code"], "EMAIL_TAKEN");
    assert!(!field_messages(&body, "email").is_empty());
}

#[tokio::test]
async fn a_form_with_missing_fields_gets_a_clear_400_without_internal_detail() {
    let app = spawn_app().await;

    let response = app
        .call("auth/sign-up", &[("email", "ada@example.com")])
        .await;

    assert_eq!(response.status(), 400);
    let text = response.text().await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["code"], "BAD_REQUEST");
    for internal in ["missing field", "serde", "src/", "password"] {
        assert!(!text.contains(internal), "{text}");
    }
}

#[tokio::test]
async fn sign_up_is_written_to_the_audit_log_with_the_client_address() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com", STRONG_PASSWORD).await;

    let events = app.audit_log().await;

    let signup = events
        .iter()
        .find(|event| event.action == "signup")
        .unwrap();
    assert!(signup.user_id.is_some());
    assert!(signup.success);
    assert_eq!(signup.ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(signup.user_agent.as_deref(), Some("portcullis-tests/1.0"));
}

#[tokio::test]
async fn a_bidirectional_override_in_a_name_is_refused_with_the_field_named() {
    let app = spawn_app().await;
    let spoof = "Ada\u{202e}nimda";

    let page = app
        .call(
            "auth/sign-up",
            &[
                ("email", "ada@example.com"),
                ("password", STRONG_PASSWORD),
                ("first_name", spoof),
                ("last_name", "Lovelace"),
            ],
        )
        .await;
    let api = app
        .post_json(
            "/api/auth/register",
            &serde_json::json!({"email": "ada@example.com", "password": STRONG_PASSWORD,
                "firstName": "Ada", "lastName": "Love\u{200b}lace"}),
        )
        .await;

    assert_eq!(page.status(), 400);
    let page = json(page).await;
    assert!(
        field_messages(&page, "first_name")[0].contains("not allowed"),
        "{page}"
    );
    assert_eq!(api.status(), 400);
    let api = json(api).await;
    assert_eq!(api["details"][0]["field"], "lastName", "{api}");
    let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(count, 0);
}
