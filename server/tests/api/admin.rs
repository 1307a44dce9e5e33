//! The admin panel (issue 7): role checks on every route, server function and
//! page; the actions and their effects; the users table; the audit log.

use crate::helpers::{STRONG_PASSWORD, TestApp, Tokens, client, error_code, json, spawn_app};
use reqwest::{Method, Response, header};
use serde_json::{Value, json};

const ADMIN: &str = "admin@example.com";
const USER: &str = "ada@example.com";

/// An app with an admin and a user, each signed in through the API and in a
/// browser of their own.
struct Panel {
    app: TestApp,
    admin: Tokens,
    user: Tokens,
    admin_browser: reqwest::Client,
    user_browser: reqwest::Client,
}

async fn panel() -> Panel {
    let app = spawn_app().await;
    app.api_register(ADMIN).await;
    app.api_register(USER).await;
    app.make_admin(ADMIN).await;
    let admin = app.api_tokens(ADMIN).await;
    let user = app.api_tokens(USER).await;
    let admin_browser = signed_in(&app, ADMIN).await;
    let user_browser = signed_in(&app, USER).await;
    Panel {
        app,
        admin,
        user,
        admin_browser,
        user_browser,
    }
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = client();
    let response = app
        .call_with(
            &browser,
            "auth/sign-in",
            &[("email", email), ("password", STRONG_PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    browser
}

async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> Response {
    browser
        .get(app.url(path))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap()
}

async fn api(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Response {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn rpc_code(response: Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body = json(response).await;
    (
        status,
        body["code"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn every_admin_route_function_and_page_refuses_visitors_and_users_and_serves_admins() {
    let p = panel().await;
    let app = &p.app;
    let victim = p.user.user_id.clone();
    let api_routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/admin/users".into(), None),
        (Method::GET, format!("/api/admin/users/{victim}"), None),
        (
            Method::PATCH,
            format!("/api/admin/users/{victim}"),
            Some(json!({"isActive": true})),
        ),
        (
            Method::POST,
            format!("/api/admin/users/{victim}/unlock"),
            None,
        ),
        (
            Method::POST,
            format!("/api/admin/users/{victim}/revoke-sessions"),
            None,
        ),
        (Method::GET, "/api/admin/audit".into(), None),
        (Method::GET, "/api/admin/stats".into(), None),
        (Method::DELETE, format!("/api/admin/users/{victim}"), None),
    ];
    for (method, path, body) in &api_routes {
        let visitor = api(app, method.clone(), path, None, body.clone()).await;
        assert_eq!(
            error_code(visitor).await,
            (401, "MISSING_TOKEN".into()),
            "{method} {path}"
        );
        let user = api(
            app,
            method.clone(),
            path,
            Some(&p.user.access),
            body.clone(),
        )
        .await;
        assert_eq!(
            error_code(user).await,
            (403, "FORBIDDEN".into()),
            "{method} {path}"
        );
    }

    let functions: [(&str, Vec<(&str, &str)>); 5] = [
        ("admin/dashboard", vec![]),
        ("admin/users", vec![]),
        ("admin/user", vec![("id", &victim)]),
        ("admin/act", vec![("id", &victim), ("action", "unlock")]),
        ("admin/audit", vec![]),
    ];
    for (endpoint, form) in &functions {
        let visitor = app.call_with(&client(), endpoint, form).await;
        assert_eq!(
            rpc_code(visitor).await,
            (401, "UNAUTHORIZED".into()),
            "{endpoint}"
        );
        let user = app.call_with(&p.user_browser, endpoint, form).await;
        assert_eq!(
            rpc_code(user).await,
            (403, "FORBIDDEN".into()),
            "{endpoint}"
        );
        let admin = app.call_with(&p.admin_browser, endpoint, form).await;
        assert_eq!(admin.status(), 200, "{endpoint}");
    }

    let pages = [
        "/admin",
        "/admin/users",
        &format!("/admin/users/{victim}"),
        "/admin/audit",
        "/admin/audit.csv",
    ];
    for path in pages {
        let visitor = page(app, &client(), path).await;
        assert!(
            visitor.status().is_redirection(),
            "{path}: {}",
            visitor.status()
        );
        assert!(
            visitor.headers()[header::LOCATION]
                .to_str()
                .unwrap()
                .starts_with("/login"),
            "{path}"
        );
        let user = page(app, &p.user_browser, path).await;
        assert_eq!(user.status(), 403, "{path}");
        let text = user.text().await.unwrap();
        assert!(
            path.ends_with(".csv") || text.contains("data-testid=\"forbidden\""),
            "{path}"
        );
        assert!(!text.contains(ADMIN), "{path} shows nothing of the panel");
        let admin = page(app, &p.admin_browser, path).await;
        assert_eq!(admin.status(), 200, "{path}");
    }

    // Admins get 200 from every route; DELETE last, since it erases the user.
    for (method, path, body) in &api_routes {
        let admin = api(
            app,
            method.clone(),
            path,
            Some(&p.admin.access),
            body.clone(),
        )
        .await;
        assert_eq!(admin.status(), 200, "{method} {path}");
    }
}

#[tokio::test]
async fn deactivating_a_user_ends_their_access_at_their_next_request() {
    let p = panel().await;
    let app = &p.app;
    let path = format!("/api/admin/users/{}", p.user.user_id);

    let response = api(
        app,
        Method::PATCH,
        &path,
        Some(&p.admin.access),
        Some(json!({"isActive": false})),
    )
    .await;

    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["data"]["user"]["isActive"], false);
    assert_eq!(error_code(app.me(&p.user.access).await).await.0, 403);
    assert_ne!(app.api_refresh(&p.user.refresh).await.status(), 200);
    let current = json(
        app.call_with(&p.user_browser, "auth/current-user", &[])
            .await,
    )
    .await;
    assert_eq!(current, Value::Null, "the browser session is gone");
    assert_eq!(
        error_code(app.api_login(USER, STRONG_PASSWORD).await).await,
        (403, "ACCOUNT_DISABLED".into())
    );

    let response = api(
        app,
        Method::PATCH,
        &path,
        Some(&p.admin.access),
        Some(json!({"isActive": true})),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.api_login(USER, STRONG_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_demoted_admin_loses_the_panel_at_their_next_request() {
    let p = panel().await;
    let app = &p.app;
    app.api_register("second@example.com").await;
    let second_id = app.make_admin("second@example.com").await;
    let second = app.api_tokens("second@example.com").await;
    let second_browser = signed_in(app, "second@example.com").await;
    assert_eq!(
        api(
            app,
            Method::GET,
            "/api/admin/stats",
            Some(&second.access),
            None
        )
        .await
        .status(),
        200
    );

    let response = api(
        app,
        Method::PATCH,
        &format!("/api/admin/users/{second_id}"),
        Some(&p.admin.access),
        Some(json!({"role": "user"})),
    )
    .await;

    assert_eq!(response.status(), 200);
    let stats = api(
        app,
        Method::GET,
        "/api/admin/stats",
        Some(&second.access),
        None,
    )
    .await;
    assert_eq!(
        error_code(stats).await,
        (403, "FORBIDDEN".into()),
        "the old token's role claim is not trusted"
    );
    let users = app.call_with(&second_browser, "admin/users", &[]).await;
    assert_eq!(rpc_code(users).await, (403, "FORBIDDEN".into()));
    assert_eq!(
        page(app, &second_browser, "/admin/users").await.status(),
        403
    );
}

#[tokio::test]
async fn an_admin_cannot_demote_deactivate_or_delete_themself_and_the_last_admin_stays() {
    let p = panel().await;
    let app = &p.app;
    let me = format!("/api/admin/users/{}", p.admin.user_id);
    for (method, body) in [
        (Method::PATCH, Some(json!({"role": "user"}))),
        (Method::PATCH, Some(json!({"isActive": false}))),
        (Method::DELETE, None),
    ] {
        let response = api(app, method.clone(), &me, Some(&p.admin.access), body).await;
        assert_eq!(
            error_code(response).await,
            (403, "FORBIDDEN".into()),
            "{method}"
        );
    }
    let form = [
        ("id", p.admin.user_id.as_str()),
        ("action", "set_role"),
        ("role", "user"),
        ("confirmed", "yes"),
    ];
    let response = app.call_with(&p.admin_browser, "admin/act", &form).await;
    assert_eq!(rpc_code(response).await, (403, "FORBIDDEN".into()));
    assert_eq!(
        api(
            app,
            Method::GET,
            "/api/admin/stats",
            Some(&p.admin.access),
            None
        )
        .await
        .status(),
        200,
        "still the admin"
    );

    // A role that does not exist is refused by name, and nothing changes.
    let path = format!("/api/admin/users/{}", p.user.user_id);
    let response = api(
        app,
        Method::PATCH,
        &path,
        Some(&p.admin.access),
        Some(json!({"role": "root", "isActive": false})),
    )
    .await;
    assert_eq!(json(response).await["details"][0]["field"], "role");
    assert_eq!(app.me(&p.user.access).await.status(), 200);
}

#[tokio::test]
async fn a_destructive_action_sent_without_its_confirmation_changes_nothing() {
    let p = panel().await;
    let app = &p.app;
    let id = p.user.user_id.as_str();
    // What a form posted without JavaScript (or curl) would send: the
    // button's fields and no `confirmed`.
    for form in [
        vec![("id", id), ("action", "delete")],
        vec![("id", id), ("action", "deactivate")],
        vec![("id", id), ("action", "revoke_sessions")],
        vec![("id", id), ("action", "set_role"), ("role", "admin")],
        vec![("id", id), ("action", "delete"), ("confirmed", "no")],
    ] {
        let response = app.call_with(&p.admin_browser, "admin/act", &form).await;
        assert_eq!(
            rpc_code(response).await,
            (400, "BAD_REQUEST".into()),
            "{form:?}"
        );
    }
    assert_eq!(
        app.me(&p.user.access).await.status(),
        200,
        "still signed in"
    );
    let user = json(
        app.call_with(&p.admin_browser, "admin/user", &[("id", id)])
            .await,
    )
    .await;
    assert_eq!(user["user"]["role"], "user");
    assert_eq!(user["user"]["isActive"], true);
    assert!(
        app.audit_log()
            .await
            .iter()
            .all(|row| !row.action.starts_with("admin_")),
        "nothing was done, so nothing was audited"
    );

    // Its confirmation page names the account and the effect, and its
    // form is the only thing that acts.
    let page = p
        .admin_browser
        .get(app.url(&format!("/admin/users/{id}/confirm?action=delete")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Delete Ada Lovelace?"), "{html}");
    assert!(html.contains("This cannot be undone."));
    assert!(html.contains(r#"name="confirmed" value="yes""#));
    assert_eq!(
        app.me(&p.user.access).await.status(),
        200,
        "a GET does nothing"
    );
}

async fn audit_actor(app: &TestApp, action: &str) -> Option<String> {
    use sqlx::Row;
    sqlx::query("SELECT actor_id FROM audit_log WHERE action = $1 ORDER BY id DESC LIMIT 1")
        .bind(action)
        .fetch_optional(&app.db.pool)
        .await
        .unwrap()
        .and_then(|row| row.try_get("actor_id").unwrap())
}

#[tokio::test]
async fn each_action_has_its_effect_and_is_audited_with_the_acting_admin() {
    let p = panel().await;
    let app = &p.app;
    let id = p.user.user_id.clone();
    let (admin_browser, target) = (&p.admin_browser, id.as_str());
    let act = move |action: &'static str| async move {
        {
            app.call_with(
                admin_browser,
                "admin/act",
                &[("id", target), ("action", action), ("confirmed", "yes")],
            )
            .await
        }
    };

    for _ in 0..5 {
        app.api_login(USER, "Wrong-Password-1!").await;
    }
    assert_eq!(
        error_code(app.api_login(USER, STRONG_PASSWORD).await)
            .await
            .1,
        "ACCOUNT_LOCKED"
    );
    assert_eq!(act("unlock").await.status(), 200);
    assert_eq!(app.api_login(USER, STRONG_PASSWORD).await.status(), 200);

    assert_eq!(act("revoke_sessions").await.status(), 200);
    assert_ne!(app.me(&p.user.access).await.status(), 200);
    assert_eq!(
        json(
            app.call_with(&p.user_browser, "auth/current-user", &[])
                .await
        )
        .await,
        Value::Null
    );

    assert_eq!(act("resend_verification").await.status(), 200);
    let verification = app.mail.last_to(USER, 2).await;
    assert!(
        verification.subject().contains("confirm your email"),
        "{}",
        verification.subject()
    );
    assert_eq!(act("send_password_reset").await.status(), 200);
    assert!(
        app.mail
            .last_to(USER, 3)
            .await
            .subject()
            .contains("password")
    );

    let promote = app
        .call_with(
            &p.admin_browser,
            "admin/act",
            &[
                ("id", id.as_str()),
                ("action", "set_role"),
                ("role", "admin"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(promote.status(), 200);
    let user = json(
        app.call_with(&p.admin_browser, "admin/user", &[("id", id.as_str())])
            .await,
    )
    .await;
    assert_eq!(user["user"]["role"], "admin");

    for action in [
        "admin_unlock",
        "admin_revoke_sessions",
        "admin_resend_verification",
        "admin_password_reset",
        "admin_set_role",
    ] {
        assert_eq!(
            audit_actor(app, action).await.as_deref(),
            Some(p.admin.user_id.as_str()),
            "{action}"
        );
    }

    let response = act("delete").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/admin/users?deleted=1"
    );
    let gone = app
        .call_with(&p.admin_browser, "admin/user", &[("id", id.as_str())])
        .await;
    assert_eq!(rpc_code(gone).await, (404, "NOT_FOUND".into()));
    assert_eq!(app.api_login(USER, STRONG_PASSWORD).await.status(), 401);
    assert_eq!(
        audit_actor(app, "admin_delete").await.as_deref(),
        Some(p.admin.user_id.as_str())
    );
    let log = app.audit_log().await;
    assert!(
        log.iter()
            .all(|row| row.user_id.as_deref() != Some(id.as_str())),
        "erased from the log"
    );
}

async fn seed(app: &TestApp) {
    // 30 users: names and roles vary, every fifth inactive, every seventh locked.
    let names = ["Lovelace", "Hopper", "Turing", "Liskov", "Knuth"];
    for n in 0..30i64 {
        sqlx::query(
            "INSERT INTO users (id, email, password_hash, first_name, last_name, email_verified, \
               is_active, role, locked_until, created_at, updated_at, last_login_at) \
             VALUES ($1, $2, 'x', $3, $4, $5, $6, $7, $8, $9, $9, $10)",
        )
        .bind(format!("seed-{n:02}"))
        .bind(format!("user{n:02}@seed.example"))
        .bind(if n % 2 == 0 { "Ada" } else { "Grace" })
        .bind(names[(n % 5) as usize])
        .bind(n % 3 != 0)
        .bind(n % 5 != 0)
        .bind(if n == 29 { "admin" } else { "user" })
        .bind(if n % 7 == 0 {
            Some(4_000_000_000i64)
        } else {
            None
        })
        .bind(1_700_000_000 + n * 1000)
        .bind(if n % 2 == 0 {
            Some(1_700_500_000 + n)
        } else {
            None
        })
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let response = api(
        app,
        Method::GET,
        &format!("/api/admin/users?{query}"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(response.status(), 200, "{query}");
    json(response).await["data"].clone()
}

fn emails(page: &Value) -> Vec<String> {
    page["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_filters_sorting_and_pages_select_the_right_users() {
    let p = panel().await;
    let app = &p.app;
    seed(app).await;
    let token = p.admin.access.as_str();

    let all = list(app, token, "").await;
    assert_eq!(all["total"], 32);
    assert_eq!(
        (
            all["page"].as_i64(),
            all["pages"].as_i64(),
            all["perPage"].as_i64()
        ),
        (Some(1), Some(2), Some(25))
    );
    assert_eq!(all["users"].as_array().unwrap().len(), 25);
    let second = list(app, token, "page=2").await;
    assert_eq!(second["users"].as_array().unwrap().len(), 7);
    let mut seen = emails(&all);
    seen.extend(emails(&second));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 32, "pages neither overlap nor skip");

    let search = list(app, token, "query=LOVE&perPage=100").await;
    assert_eq!(
        search["total"], 8,
        "Lovelace in any case: the two panel users and n = 0, 5, ..., 25"
    );
    let by_email = list(app, token, "query=user07%40SEED").await;
    assert_eq!(emails(&by_email), vec!["user07@seed.example"]);
    let wildcard = list(app, token, "query=%25").await;
    assert_eq!(wildcard["total"], 0, "% is a character, not a wildcard");

    assert_eq!(
        emails(&list(app, token, "role=admin&sort=email").await),
        vec![ADMIN, "user29@seed.example"]
    );
    let inactive = list(app, token, "status=inactive&perPage=100").await;
    assert_eq!(inactive["total"], 6);
    assert!(
        inactive["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["isActive"] == false)
    );
    let locked = list(app, token, "status=locked&perPage=100").await;
    assert_eq!(locked["total"], 5, "n = 0, 7, 14, 21, 28");
    let combined = list(app, token, "status=inactive,unverified&perPage=100").await;
    assert_eq!(
        combined["total"], 2,
        "n = 0 and 15: every fifth and every third"
    );
    let response = api(
        app,
        Method::GET,
        "/api/admin/users?status=active,inactive",
        Some(token),
        None,
    )
    .await;
    assert_eq!(json(response).await["details"][0]["field"], "status");
    let unverified = list(app, token, "status=unverified&perPage=100").await;
    assert_eq!(
        unverified["total"], 12,
        "n = 0, 3, ..., 27 and the two panel users"
    );

    let by_email = list(app, token, "sort=email&perPage=3").await;
    assert_eq!(emails(&by_email), vec![USER, ADMIN, "user00@seed.example"]);
    let descending = list(app, token, "sort=-email&perPage=1").await;
    assert_eq!(emails(&descending), vec!["user29@seed.example"]);
    let oldest = list(app, token, "sort=created&perPage=1").await;
    assert_eq!(emails(&oldest), vec!["user00@seed.example"]);
    let last_sign_in = list(app, token, "sort=-last_sign_in&perPage=100").await;
    let users = last_sign_in["users"].as_array().unwrap();
    assert!(
        users.last().unwrap()["lastLoginAt"].is_null(),
        "never signed in: last"
    );

    for (query, field) in [
        ("sort=name", "sort"),
        ("status=happy", "status"),
        ("page=0", "page"),
        ("perPage=1000", "perPage"),
        ("role=root", "role"),
    ] {
        let response = api(
            app,
            Method::GET,
            &format!("/api/admin/users?{query}"),
            Some(token),
            None,
        )
        .await;
        assert_eq!(response.status(), 400, "{query}");
        assert_eq!(
            json(response).await["details"][0]["field"],
            field,
            "{query}"
        );
    }

    // The page reads the same parameters from its URL.
    let html = page(
        app,
        &p.admin_browser,
        "/admin/users?q=hopper&status=active&sort=email",
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(html.contains("user01@seed.example") && !html.contains("user00@seed.example"));
    assert!(!html.contains(USER), "{html}");
    let html = page(
        app,
        &p.admin_browser,
        "/admin/users?active=inactive&verified=unverified",
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        html.contains("user15@seed.example") && html.contains("Page 1 of 1 (2 in all)"),
        "{html}"
    );
    assert!(html.contains("Page 1 of 1"));
}

#[tokio::test]
async fn html_in_names_is_escaped_in_the_table_and_detail_and_formulas_are_neutralised_in_the_csv()
{
    let p = panel().await;
    let app = &p.app;
    let evil = client();
    let response = evil
        .post(app.url("/rpc/auth/sign-up"))
        .header(header::ORIGIN, &app.address)
        .header(header::USER_AGENT, "=HYPERLINK(\"http://evil.example\")")
        .form(&[
            ("email", "mallory@example.com"),
            ("password", STRONG_PASSWORD),
            ("first_name", "<script>alert(1)</script>"),
            ("last_name", "=cmd|' /C calc'!A0"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let id: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM users WHERE email = 'mallory@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap()
    };

    for path in [
        "/admin/users?q=mallory".to_string(),
        format!("/admin/users/{id}"),
    ] {
        let html = page(app, &p.admin_browser, &path)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
        assert!(!html.contains("<script>alert(1)"), "{path}");
    }

    let response = page(
        app,
        &p.admin_browser,
        "/admin/audit.csv?user=mallory%40example.com",
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        "{csv}"
    );
    assert!(
        csv.contains("\"<script>alert(1)</script> '=cmd")
            || csv.contains("<script>alert(1)</script> =cmd"),
        "{csv}"
    );
    for line in csv.lines().skip(1) {
        for cell in line.split("\",\"") {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a live formula: {cell}"
            );
        }
    }
}

#[tokio::test]
async fn every_value_of_the_audit_csv_sits_under_its_own_heading() {
    let p = panel().await;
    let app = &p.app;
    app.api_login(USER, "Wrong-Password-1!").await;

    let csv = page(app, &p.admin_browser, "/admin/audit.csv")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();

    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "id",
            "time",
            "user_id",
            "user_email",
            "user_name",
            "admin",
            "action",
            "success",
            "reason",
            "ip",
            "user_agent"
        ]
    );
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(row.len(), headers.len(), "{row:?}");
        assert!(row[column("id")].parse::<i64>().is_ok(), "{row:?}");
        assert!(
            ["true", "false"].contains(&&row[column("success")]),
            "{row:?}"
        );
        let admin = &row[column("admin")];
        assert!(admin.is_empty() || admin.contains('@'), "{row:?}");
    }
    let failed = rows
        .iter()
        .find(|row| &row[column("reason")] == "wrong_password")
        .expect("the wrong password is in the log");
    assert_eq!(&failed[column("action")], "login");
    assert_eq!(&failed[column("user_email")], USER);
    assert_eq!(&failed[column("success")], "false");
    assert_eq!(&failed[column("ip")], "127.0.0.1");
}

#[tokio::test]
async fn the_audit_log_filters_by_user_action_result_date_and_address() {
    let p = panel().await;
    let app = &p.app;
    app.api_login(USER, "Wrong-Password-1!").await;
    let token = p.admin.access.as_str();
    let get = |query: &'static str| async move {
        let response = api(
            app,
            Method::GET,
            &format!("/api/admin/audit?{query}"),
            Some(token),
            None,
        )
        .await;
        assert_eq!(response.status(), 200, "{query}");
        json(response).await["data"].clone()
    };

    let failed = get("user=ada%40example.com&action=login&success=false").await;
    assert_eq!(failed["total"], 1);
    assert_eq!(failed["entries"][0]["userEmail"], USER);
    let all_user = get("user=ada%40example.com").await;
    assert!(
        all_user["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["userEmail"] == USER)
    );
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let from_today = api(
        app,
        Method::GET,
        &format!("/api/admin/audit?from={today}&until={today}"),
        Some(token),
        None,
    )
    .await;
    assert!(json(from_today).await["data"]["total"].as_i64().unwrap() > 0);
    let future = get("from=2999-01-01").await;
    assert_eq!(future["total"], 0);
    let by_ip = get("ip=127.0.0.1&perPage=5").await;
    assert_eq!(by_ip["entries"].as_array().unwrap().len(), 5);
    assert!(by_ip["pages"].as_i64().unwrap() >= 2);
    let newest_first = get("").await;
    let ids: Vec<i64> = newest_first["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
    for (query, field) in [("from=yesterday", "from"), ("success=maybe", "success")] {
        let response = api(
            app,
            Method::GET,
            &format!("/api/admin/audit?{query}"),
            Some(token),
            None,
        )
        .await;
        assert_eq!(json(response).await["details"][0]["field"], field);
    }
    let stats = json(api(app, Method::GET, "/api/admin/stats", Some(token), None).await).await;
    assert_eq!(stats["data"]["users"], 2);
    assert_eq!(stats["data"]["admins"], 1);
    assert_eq!(stats["data"]["signIns"].as_array().unwrap().len(), 30);
    let last_day = stats["data"]["signIns"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert!(
        last_day["values"][0].as_i64().unwrap() >= 2
            && last_day["values"][1].as_i64().unwrap() >= 1
    );
    assert_eq!(stats["data"]["methods"][0]["method"], "Password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_parallel_cross_demotions_leave_at_least_one_admin() {
    const GRACE: &str = "grace@example.com";
    let app = spawn_app().await;
    app.api_register(ADMIN).await;
    app.api_register(GRACE).await;
    let ada_id = app.make_admin(ADMIN).await;
    let grace_id = app.make_admin(GRACE).await;
    let ada = app.api_tokens(ADMIN).await;
    let grace = app.api_tokens(GRACE).await;

    let paths = [
        format!("/api/admin/users/{grace_id}"),
        format!("/api/admin/users/{ada_id}"),
    ];
    let demotions = (0..20).map(|n| {
        let token = if n % 2 == 0 {
            &ada.access
        } else {
            &grace.access
        };
        api(
            &app,
            Method::PATCH,
            &paths[n % 2],
            Some(token),
            Some(json!({"role": "user"})),
        )
    });
    let statuses: Vec<u16> = futures::future::join_all(demotions)
        .await
        .iter()
        .map(|response| response.status().as_u16())
        .collect();

    let admins: i64 = {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("n")
    };
    assert_eq!(admins, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|status| [200, 403, 409].contains(status)),
        "{statuses:?}"
    );
}
