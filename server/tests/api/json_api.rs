//! The JSON API's envelope and `POST /api/auth/register`.

use crate::helpers::{STRONG_PASSWORD, json, spawn_app};
use reqwest::header;
use serde_json::json;

#[tokio::test]
async fn registering_answers_201_with_the_user_in_the_envelope() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/auth/register"))
        .json(&json!({"email": "Ada@Example.com", "password": STRONG_PASSWORD, "firstName": "Ada", "lastName": "Lovelace"}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let body = json(response).await;
    assert_eq!(body["success"], true);
    let user = &body["data"]["user"];
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["firstName"], "Ada");
    assert_eq!(user["lastName"], "Lovelace");
    assert_eq!(user["emailVerified"], false);
    assert_eq!(user["role"], "user");
    assert!(user["id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(user["createdAt"].as_str().is_some());
    assert!(user.get("passwordHash").is_none() && !body.to_string().contains("argon2"));
}

#[tokio::test]
async fn fields_a_client_must_not_set_are_ignored() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/auth/register"))
        .json(&json!({"email": "ada@example.com", "password": STRONG_PASSWORD, "firstName": "Ada", "lastName": "Lovelace",
            "role": "admin", "id": "00000000-0000-0000-0000-000000000000", "emailVerified": true}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    let user = json(response).await["data"]["user"].clone();
    assert_eq!(user["role"], "user");
    assert_eq!(user["emailVerified"], false);
    assert_ne!(user["id"], "00000000-0000-0000-0000-000000000000");
}

#[tokio::test]
async fn validation_errors_name_their_fields() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/auth/register"))
        .json(&json!({"email": "nope", "password": "Welcome1!", "firstName": "", "lastName": "Lovelace"}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 400);
    let body = json(response).await;
    assert_eq!(body["success"], false);
    assert_eq!(body["error"], "VALIDATION_ERROR");
    let fields: Vec<&str> = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    for field in ["email", "password", "firstName"] {
        assert!(fields.contains(&field), "{field} missing in {body}");
    }
}

#[tokio::test]
async fn a_taken_email_answers_409() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;

    let response = app
        .client
        .post(app.url("/api/auth/register"))
        .json(&json!({"email": "ADA@example.com", "password": STRONG_PASSWORD, "firstName": "Ada", "lastName": "L"}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 409);
    assert_eq!(json(response).await["error"], "EMAIL_TAKEN");
}

#[tokio::test]
async fn malformed_bodies_get_a_4xx_envelope_never_plain_text() {
    let app = spawn_app().await;
    let url = app.url("/api/auth/register");
    let cases: Vec<(reqwest::RequestBuilder, u16, &str)> = vec![
        (
            app.client
                .post(&url)
                .header(header::CONTENT_TYPE, "application/json")
                .body("{not json"),
            400,
            "INVALID_JSON",
        ),
        (
            app.client
                .post(&url)
                .header(header::CONTENT_TYPE, "application/json")
                .body(""),
            400,
            "INVALID_JSON",
        ),
        (
            app.client.post(&url).body(r#"{"email":"a@b.co"}"#),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            app.client
                .post(&url)
                .header(header::CONTENT_TYPE, "text/plain")
                .body("{}"),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            app.client
                .post(&url)
                .json(&json!({"email": 42, "password": "x", "firstName": "A", "lastName": "B"})),
            400,
            "VALIDATION_ERROR",
        ),
        (
            app.client.post(&url).json(&json!({"email": "a@b.co"})),
            400,
            "VALIDATION_ERROR",
        ),
        (
            app.client.post(&url).json(&json!([1, 2, 3])),
            400,
            "VALIDATION_ERROR",
        ),
    ];

    for (request, status, code) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), status, "{code}");
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let text = response.text().await.unwrap();
        let body: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body["success"], false);
        assert_eq!(body["error"], code, "{text}");
        for internal in ["line 1", "column", "invalid type", "serde"] {
            assert!(!text.contains(internal), "{text}");
        }
    }
}

#[tokio::test]
async fn a_mistyped_or_missing_field_is_named_in_the_details() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"email": 42, "password": STRONG_PASSWORD, "firstName": "Ada", "lastName": "L"}),
            "email",
        ),
        (
            json!({"email": "ada@example.com", "password": STRONG_PASSWORD, "firstName": "Ada"}),
            "lastName",
        ),
    ];

    for (body, field) in cases {
        let response = app
            .client
            .post(app.url("/api/auth/register"))
            .json(&body)
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 400);
        assert_eq!(json(response).await["details"][0]["field"], field);
    }
}

#[tokio::test]
async fn unknown_api_routes_and_oversized_bodies_answer_in_the_envelope() {
    let app = spawn_app().await;

    let missing = app
        .client
        .get(app.url("/api/auth/nope"))
        .send()
        .await
        .unwrap();
    let wrong_method = app
        .client
        .get(app.url("/api/auth/register"))
        .send()
        .await
        .unwrap();
    let huge = app
        .client
        .post(app.url("/api/auth/register"))
        .header(header::CONTENT_TYPE, "application/json")
        .body("x".repeat(65 * 1024))
        .send()
        .await
        .unwrap();
    let cross_origin = app
        .client
        .post(app.url("/api/auth/register"))
        .header(header::ORIGIN, "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();

    assert_eq!(missing.status(), 404);
    assert_eq!(json(missing).await["error"], "NOT_FOUND");
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(json(wrong_method).await["error"], "METHOD_NOT_ALLOWED");
    assert_eq!(huge.status(), 413);
    assert_eq!(json(huge).await["error"], "PAYLOAD_TOO_LARGE");
    assert_eq!(cross_origin.status(), 403);
    assert_eq!(json(cross_origin).await["error"], "FORBIDDEN");
    let health = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(
        health.status(),
        200,
        "the health check is not swallowed by the API fallback"
    );
}
