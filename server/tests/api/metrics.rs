use crate::helpers::{STRONG_PASSWORD, TestApp, spawn_app, spawn_app_with};

async fn app_with_metrics() -> TestApp {
    spawn_app_with(|settings| {
        settings.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
    })
    .await
}

async fn scrape(app: &TestApp) -> String {
    let address = app.metrics_address.as_ref().expect("metrics are served");
    let response = reqwest::get(format!("{address}/metrics")).await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

// One recorder serves the whole process: under plain `cargo test`, other
// tests' sign-ins count too, so counters are checked to have moved at least
// as far as this test moved them.

fn at_least(value: Option<f64>, floor: f64) -> bool {
    value.is_some_and(|value| value >= floor)
}

/// The value of the sample whose name and labels are all in `parts`.
fn sample(metrics: &str, parts: &[&str]) -> Option<f64> {
    metrics
        .lines()
        .filter(|line| !line.starts_with('#'))
        .find(|line| parts.iter().all(|part| line.contains(part)))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_sign_ins_refreshes_and_refusals() {
    let app = app_with_metrics().await;
    app.api_register("ada@example.com").await;
    let tokens = app.api_tokens("ada@example.com").await;
    let wrong = app.api_login("ada@example.com", "Wrong-Guess-1234!").await;
    assert_eq!(wrong.status(), 401);
    let refreshed = app.api_refresh(&tokens.refresh).await;
    assert_eq!(refreshed.status(), 200);
    // The used token again: reuse, which revokes the sign-in.
    let reused = app.api_refresh(&tokens.refresh).await;
    assert_eq!(reused.status(), 401);
    let page = app.get_page("/login").await;
    assert_eq!(page.status(), 200);

    let metrics = scrape(&app).await;

    let requests = |route: &str, method: &str, status: &str| {
        sample(
            &metrics,
            &[
                "portcullis_http_requests_total{",
                &format!("route=\"{route}\""),
                &format!("method=\"{method}\""),
                &format!("status=\"{status}\""),
            ],
        )
    };
    assert!(
        at_least(requests("/api/auth/login", "POST", "200"), 1.0),
        "{metrics}"
    );
    assert!(
        at_least(requests("/api/auth/login", "POST", "401"), 1.0),
        "{metrics}"
    );
    assert!(
        at_least(requests("/api/auth/refresh", "POST", "200"), 1.0),
        "{metrics}"
    );
    assert!(at_least(requests("/login", "GET", "200"), 1.0), "{metrics}");
    assert!(
        sample(
            &metrics,
            &[
                "portcullis_http_request_duration_seconds_count{",
                "route=\"/api/auth/login\""
            ]
        )
        .is_some_and(|count| count >= 2.0),
        "{metrics}"
    );
    assert!(
        at_least(
            sample(
                &metrics,
                &[
                    "portcullis_sign_ins_total{",
                    "method=\"password\"",
                    "result=\"success\""
                ]
            ),
            1.0
        ),
        "{metrics}"
    );
    assert!(
        sample(
            &metrics,
            &["portcullis_sign_ins_total{", "result=\"wrong_password\""]
        )
        .is_some(),
        "{metrics}"
    );
    assert!(
        at_least(
            sample(
                &metrics,
                &["portcullis_token_refreshes_total{", "result=\"success\""]
            ),
            1.0
        ),
        "{metrics}"
    );
    assert!(
        at_least(
            sample(&metrics, &["portcullis_token_reuse_detected_total"]),
            1.0
        ),
        "{metrics}"
    );
    assert!(sample(&metrics, &["portcullis_password_hash_wait_seconds_count"]).is_some());
    assert!(sample(&metrics, &["portcullis_db_acquire_seconds_count"]).is_some());
    assert!(
        sample(
            &metrics,
            &["portcullis_db_pool_connections{", "state=\"idle\""]
        )
        .is_some()
    );
    // The registration's verification mail may or may not be sent by now.
    assert!(
        sample(&metrics, &["portcullis_outbox_pending "]).is_some(),
        "{metrics}"
    );
    assert!(sample(&metrics, &["portcullis_outbox_oldest_pending_age_seconds "]).is_some());
    assert_eq!(
        sample(&metrics, &["portcullis_active_refresh_families "]),
        Some(0.0),
        "the reused sign-in was revoked"
    );
}

#[tokio::test]
async fn metrics_count_browser_sessions_and_lockouts() {
    let app = spawn_app_with(|settings| {
        settings.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
        settings.lockout.max_failed_attempts = 2;
    })
    .await;
    app.sign_up("ada@example.com", STRONG_PASSWORD).await;
    for _ in 0..3 {
        app.api_login("ada@example.com", "Wrong-Guess-1234!").await;
    }

    let metrics = scrape(&app).await;

    assert_eq!(
        sample(&metrics, &["portcullis_active_sessions "]),
        Some(1.0),
        "the sign-up signed the browser in: {metrics}"
    );
    assert!(
        at_least(sample(&metrics, &["portcullis_lockouts_total"]), 1.0),
        "{metrics}"
    );
    assert!(
        sample(
            &metrics,
            &["portcullis_sign_ins_total{", "result=\"locked\""]
        )
        .is_some(),
        "{metrics}"
    );
}

#[tokio::test]
async fn metrics_count_rate_limit_refusals_by_limit() {
    let app = spawn_app_with(|settings| {
        settings.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
        settings.rate_limit.auth_requests_per_minute = 2;
    })
    .await;
    for _ in 0..3 {
        app.api_login("nobody@example.com", "Wrong-Guess-1234!")
            .await;
    }

    let metrics = scrape(&app).await;

    assert!(
        at_least(
            sample(
                &metrics,
                &["portcullis_rate_limited_total{", "limit=\"credentials\""]
            ),
            1.0
        ),
        "{metrics}"
    );
    assert!(
        at_least(
            sample(
                &metrics,
                &[
                    "portcullis_http_requests_total{",
                    "route=\"/api/auth/login\"",
                    "status=\"429\""
                ]
            ),
            1.0
        ),
        "{metrics}"
    );
}

#[tokio::test]
async fn metrics_are_never_served_on_the_public_port() {
    let app = app_with_metrics().await;

    let response = app.client.get(app.url("/metrics")).send().await.unwrap();

    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn without_metrics_addr_no_metrics_listener_is_opened() {
    let app = spawn_app().await;

    assert!(app.metrics_address.is_none());
}
