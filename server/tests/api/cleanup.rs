//! The cleanup job keeps every table bounded: what has outlived its use is
//! purged, and the accounts themselves stay.

use crate::helpers::{STRONG_PASSWORD, TestApp, spawn_app_with};
use serde_json::json;
use std::time::Duration;

const ADA: &str = "ada@example.com";

async fn rows(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn spent_links_throttles_mail_requests_and_old_audit_events_are_purged() {
    let app = spawn_app_with(|settings| {
        settings.accounts.cleanup_interval = Duration::from_millis(200);
    })
    .await;
    app.api_register(ADA).await;
    app.post_json("/api/auth/forgot-password", &json!({"email": ADA}))
        .await;
    app.post_json(
        "/api/auth/send-otp",
        &json!({"email": "nobody@example.com"}),
    )
    .await;
    app.api_login("nobody@example.com", "Wrong-Password-1!")
        .await;
    app.mail.wait_for(ADA, 2).await;
    app.wait_for_outbox_drained().await;
    for table in [
        "email_tokens",
        "login_throttles",
        "mail_requests",
        "audit_log",
        "email_outbox",
    ] {
        assert!(rows(&app, table).await > 0, "{table} has rows to purge");
    }

    // A year and a day later, past AUDIT_RETENTION_DAYS (365).
    app.clock.advance(Duration::from_secs(366 * 86_400));
    let tables = [
        "email_tokens",
        "login_throttles",
        "mail_requests",
        "audit_log",
        "email_outbox",
    ];
    let mut left = Vec::new();
    for _ in 0..100 {
        left.clear();
        for table in tables {
            if rows(&app, table).await > 0 {
                left.push(table);
            }
        }
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(left.is_empty(), "not purged: {left:?}");
    assert_eq!(rows(&app, "users").await, 1, "the account stays");
    assert_eq!(app.api_login(ADA, STRONG_PASSWORD).await.status(), 200);
}
