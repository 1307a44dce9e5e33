use crate::helpers::{STRONG_PASSWORD, spawn_app};
use reqwest::header;

#[tokio::test]
async fn an_unknown_page_gets_a_styled_404() {
    let app = spawn_app().await;

    let response = app.get_page("/no/such/page").await;

    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"));
    assert!(html.contains("/pkg/portcullis.css"));
}

#[tokio::test]
async fn the_forms_label_every_input_and_help_password_managers() {
    let app = spawn_app().await;

    let signup = app.get_page("/signup").await.text().await.unwrap();
    let login = app.get_page("/login").await.text().await.unwrap();

    for (name, autocomplete) in [
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("email", "email"),
        ("password", "new-password"),
    ] {
        assert!(
            signup.contains(&format!("<label for=\"field-{name}\"")),
            "{name}"
        );
        assert!(signup.contains(&format!("name=\"{name}\"")), "{name}");
        assert!(
            signup.contains(&format!("autocomplete=\"{autocomplete}\"")),
            "{name}"
        );
    }
    // The email field offers passkeys in its autofill too.
    assert!(login.contains("autocomplete=\"username webauthn\""));
    assert!(login.contains("autocomplete=\"current-password\""));
}

/// Without JavaScript the form posts itself; the server redirects back with
/// the error, and the page shows it next to the field.
#[tokio::test]
async fn without_javascript_errors_come_back_to_the_form() {
    let app = spawn_app().await;
    let form_page = app.url("/signup");

    let response = app
        .client
        .post(app.url("/rpc/auth/sign-up"))
        .header(header::ORIGIN, &app.address)
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, &form_page)
        .form(&[
            ("email", "ada@example.com"),
            ("password", "Password123!"),
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&form_page), "{location}");
    let html = app
        .client
        .get(&location)
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("common or easy-to-guess password"), "{html}");
    assert!(
        html.contains("value=\"ada@example.com\""),
        "the email is kept"
    );
    assert!(html.contains("value=\"Lovelace\""), "the last name is kept");
    assert!(
        !html.contains("Password123!") && !location.contains("Password123"),
        "never the password"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("aria-describedby=\"field-password-hint field-password-error\""));
}

#[tokio::test]
async fn without_javascript_signing_in_redirects_to_next() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;

    let response = app
        .client
        .post(app.url("/rpc/auth/sign-in"))
        .header(header::ORIGIN, &app.address)
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url("/login?next=/profile"))
        .form(&[
            ("email", "ada@example.com"),
            ("password", STRONG_PASSWORD),
            ("next", "/profile"),
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/profile");
    let profile = app.get_page("/profile").await.text().await.unwrap();
    assert!(profile.contains("Ada Lovelace"));
    assert!(profile.contains("Sign out"));
}

#[tokio::test]
async fn the_compiled_front_end_is_served_and_revalidated() {
    let app = spawn_app().await;
    std::fs::create_dir_all(&app.pkg_dir).unwrap();
    std::fs::write(app.pkg_dir.join("portcullis.js"), "export default 1;").unwrap();

    let response = app
        .client
        .get(app.url("/pkg/portcullis.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert!(
        !response.headers().contains_key(header::CACHE_CONTROL),
        "assets are cacheable"
    );
    let last_modified = response.headers()[header::LAST_MODIFIED].clone();

    let revalidated = app
        .client
        .get(app.url("/pkg/portcullis.js"))
        .header(header::IF_MODIFIED_SINCE, last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);
    let missing = app
        .client
        .get(app.url("/pkg/missing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn every_new_password_field_shows_the_configured_rules_in_the_words_of_the_errors() {
    let app = crate::helpers::spawn_app_with(|settings| {
        settings.password_policy.min_length = 12;
        settings.password_policy.max_length = 64;
    })
    .await;
    let shows_rules = |html: &str| {
        [
            "Use at least 12 characters.",
            "Use at most 64 characters.",
            "Add an upper-case letter.",
            "Add a lower-case letter.",
            "Add a digit.",
            "Add a symbol, like ! or #.",
            "common or easy-to-guess password.",
            "use your name or email address in your password.",
        ]
        .iter()
        .all(|rule| html.contains(rule))
    };

    for path in ["/signup", "/reset-password?token=anything"] {
        let html = app.get_page(path).await.text().await.unwrap();
        assert!(shows_rules(&html), "{path}: {html}");
    }
    app.create_account("ada@example.com").await;
    app.sign_in("ada@example.com", STRONG_PASSWORD).await;
    let html = app
        .get_page("/profile/security")
        .await
        .text()
        .await
        .unwrap();
    assert!(shows_rules(&html), "{html}");

    let response = app
        .call(
            "auth/sign-up",
            &[
                ("email", "grace@example.com"),
                ("password", "Short-1!x"),
                ("first_name", "Grace"),
                ("last_name", "Hopper"),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("Use at least 12 characters."), "{body}");
}

async fn page_in(
    app: &crate::helpers::TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (String, reqwest::header::HeaderMap) {
    let mut request = crate::helpers::client()
        .get(app.url(path))
        .header(header::ACCEPT, "text/html");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    (response.text().await.unwrap(), headers)
}

#[tokio::test]
async fn a_german_browser_gets_the_pages_in_german_and_the_picked_language_wins() {
    let app = spawn_app().await;

    // Twice each, so the kept anonymous pages are read as well as made.
    for _ in 0..2 {
        let (html, headers) = page_in(
            &app,
            "/login",
            &[("accept-language", "de-DE,de;q=0.9,en;q=0.5")],
        )
        .await;
        assert!(html.contains(r#"<html lang="de""#), "{html}");
        assert!(html.contains("Passwort vergessen?"), "{html}");
        assert_eq!(headers[header::CONTENT_LANGUAGE], "de");
        assert!(
            headers
                .get_all(header::VARY)
                .iter()
                .any(|vary| vary.to_str().unwrap().contains("Accept-Language"))
        );
        let (html, _) = page_in(&app, "/login", &[("accept-language", "en-GB,en")]).await;
        assert!(html.contains(r#"<html lang="en""#));
        assert!(html.contains("Forgot your password?"));
    }
    // A language nobody here speaks: the default.
    let (html, _) = page_in(&app, "/signup", &[("accept-language", "fr-FR")]).await;
    assert!(html.contains("Create your account"));

    // The footer's choice, kept in a cookie, wins over the browser's.
    let response = app
        .call("language", &[("language", "en"), ("back", "/signup")])
        .await;
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("portcullis_lang=en;"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("Max-Age=31536000"));
    let (html, _) = page_in(
        &app,
        "/signup",
        &[("accept-language", "de"), ("cookie", "portcullis_lang=en")],
    )
    .await;
    assert!(html.contains("Create your account"), "{html}");

    // An unknown language is refused by name, and a way off the site is not followed.
    let response = app.call("language", &[("language", "xx")]).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("language"));
    let response = app
        .call(
            "language",
            &[("language", "de"), ("back", "//evil.example")],
        )
        .await;
    assert!(
        !response
            .headers()
            .get(header::LOCATION)
            .is_some_and(|to| to.to_str().unwrap().contains("evil"))
    );
}

#[tokio::test]
async fn the_server_names_broken_password_rules_in_the_pages_language() {
    let app = spawn_app().await;
    let response = crate::helpers::client()
        .post(app.url("/rpc/auth/sign-up"))
        .header(header::ORIGIN, &app.origin)
        .header("accept-language", "de")
        .form(&[
            ("email", "grace@example.com"),
            ("password", "kurz"),
            ("first_name", "Grace"),
            ("last_name", "Hopper"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("Mindestens 8 Zeichen verwenden."), "{body}");
}
