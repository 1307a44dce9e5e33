//! Who the client is, and its one budget for credential requests. Behind
//! trusted proxies the client address is the right-most
//! `X-Forwarded-For` entry that is not a proxy, never what the client wrote.

use crate::helpers::{TestApp, spawn_app_with};
use portcullis::http::client_address::TrustedProxies;
use serde_json::json;

/// A login as it reaches Portcullis through the proxy on loopback: the
/// client wrote `spoofed`, the proxy appended the address it saw.
async fn login_through_proxy(app: &TestApp, spoofed: &str) -> u16 {
    app.client
        .post(app.url("/api/auth/login"))
        .header("X-Forwarded-For", format!("{spoofed}, 203.0.113.9"))
        .json(&json!({"email": "nobody@example.com", "password": "Whatever-1!"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn rotating_a_spoofed_forwarded_for_behind_a_trusted_proxy_does_not_escape_the_limit() {
    let app = spawn_app_with(|settings| {
        settings.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap();
        settings.rate_limit.auth_requests_per_minute = 5;
    })
    .await;

    let mut statuses = Vec::new();
    for n in 0..8 {
        statuses.push(login_through_proxy(&app, &format!("198.51.100.{n}")).await);
    }

    assert!(
        statuses[..5].iter().all(|status| *status != 429),
        "{statuses:?}"
    );
    assert!(
        statuses[5..].iter().all(|status| *status == 429),
        "{statuses:?}"
    );
    let addresses: Vec<Option<String>> = app
        .audit_log()
        .await
        .into_iter()
        .map(|row| row.ip)
        .collect();
    assert!(!addresses.is_empty());
    assert!(
        addresses
            .iter()
            .all(|ip| ip.as_deref() == Some("203.0.113.9")),
        "{addresses:?}"
    );
}

#[tokio::test]
async fn without_trusted_proxies_forwarded_for_is_ignored() {
    let app = spawn_app_with(|_| {}).await;

    login_through_proxy(&app, "198.51.100.1").await;

    let addresses: Vec<Option<String>> = app
        .audit_log()
        .await
        .into_iter()
        .map(|row| row.ip)
        .collect();
    assert!(
        addresses
            .iter()
            .all(|ip| ip.as_deref() == Some("127.0.0.1")),
        "{addresses:?}"
    );
}

#[tokio::test]
async fn forty_stuffing_attempts_through_the_pages_and_the_api_are_refused_from_the_thirty_first() {
    // The production default.
    let app = spawn_app_with(|settings| settings.rate_limit.auth_requests_per_minute = 30).await;

    let started = std::time::Instant::now();
    let mut statuses = Vec::new();
    for n in 0..40 {
        let email = format!("victim{n}@example.com");
        let status = if n % 2 == 0 {
            app.api_login(&email, "Guess-Password-1!").await.status()
        } else {
            // The page's server function, called directly, without Origin.
            crate::helpers::client()
                .post(app.url("/rpc/auth/sign-in"))
                .form(&[("email", email.as_str()), ("password", "Guess-Password-1!")])
                .send()
                .await
                .unwrap()
                .status()
        };
        statuses.push(status.as_u16());
    }

    // The budget refills one request every 2 s; a slow machine may earn a
    // refill or two while the 40 are sent.
    let refills = (started.elapsed().as_secs_f64() / 2.0).floor() as usize;
    assert!(
        statuses[..30].iter().all(|status| *status == 401),
        "{statuses:?}"
    );
    let refused = statuses[30..]
        .iter()
        .filter(|status| **status == 429)
        .count();
    assert!(refused >= 10 - refills.min(10), "{statuses:?}");
    let evaluated = app
        .audit_log()
        .await
        .iter()
        .filter(|row| row.action == "login")
        .count();
    assert_eq!(
        evaluated,
        40 - refused,
        "a refused attempt is not evaluated"
    );
}

#[tokio::test]
async fn without_javascript_the_sign_in_page_says_when_to_try_again_in_human_time() {
    let app = spawn_app_with(|settings| settings.rate_limit.auth_requests_per_minute = 1).await;
    app.api_login("ada@example.com", "Guess-Password-1!").await;
    let form_page = app.url("/login");

    let response = app
        .client
        .post(app.url("/rpc/auth/sign-in"))
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::REFERER, &form_page)
        .form(&[
            ("email", "ada@example.com"),
            ("password", "Guess-Password-1!"),
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let html = app
        .client
        .get(&location)
        .header(reqwest::header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Too many attempts. Try again in a minute."),
        "{html}"
    );
    assert!(!html.contains("seconds"));
}
