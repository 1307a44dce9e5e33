//! The OpenAPI document and its human-readable page.

use crate::helpers::{json, spawn_app};
use reqwest::header;

const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/auth/register"),
    ("post", "/api/auth/login"),
    ("post", "/api/auth/refresh"),
    ("post", "/api/auth/logout"),
    ("post", "/api/auth/logout-all"),
    ("get", "/api/auth/me"),
    ("patch", "/api/auth/me"),
    ("get", "/api/auth/sessions"),
    ("delete", "/api/auth/sessions/{id}"),
    ("post", "/api/auth/verify-email"),
    ("post", "/api/auth/resend-verification"),
    ("post", "/api/auth/forgot-password"),
    ("post", "/api/auth/reset-password"),
    ("post", "/api/auth/send-otp"),
    ("post", "/api/auth/verify-otp"),
    ("post", "/api/auth/google"),
    ("post", "/api/auth/change-password"),
    ("post", "/api/auth/change-email"),
    ("post", "/api/auth/confirm-email-change"),
    ("get", "/api/auth/export"),
    ("delete", "/api/auth/me"),
    ("get", "/.well-known/jwks.json"),
];

#[tokio::test]
async fn the_openapi_document_is_3_1_and_describes_every_route() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let doc = json(response).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["servers"][0]["url"], app.address);
    for &(method, path) in ROUTES {
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is missing");
        assert!(
            operation["responses"]["default"].is_object(),
            "{method} {path}: errors"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for schema in ["ErrorBody", "TokenData", "ApiUser", "RegisterRequest"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

#[tokio::test]
async fn the_docs_page_lists_every_route_and_loads_nothing_from_elsewhere() {
    let app = spawn_app().await;

    let response = app.client.get(app.url("/api/docs")).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    for &(method, path) in ROUTES {
        assert!(
            page.contains(&format!("{} {}", method.to_uppercase(), path)),
            "{method} {path}"
        );
    }
    assert!(!page.contains("<script"), "readable without JavaScript");
    for attribute in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(
            !page.contains(attribute),
            "an external resource: {attribute}"
        );
    }
}

#[tokio::test]
async fn every_bearer_route_documents_the_refused_token_answer_and_the_error_shape() {
    let app = spawn_app().await;
    let doc = json(
        app.client
            .get(app.url("/api/openapi.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;

    let mut bearer_routes = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let route = format!("{method} {path}");
            if operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty())
            {
                bearer_routes += 1;
                let refused = &operation["responses"]["401"];
                assert!(
                    refused["description"]
                        .as_str()
                        .unwrap()
                        .contains("MISSING_TOKEN"),
                    "{route}"
                );
            }
            assert!(operation["responses"]["default"].is_object(), "{route}");
        }
    }
    assert!(bearer_routes >= 19, "{bearer_routes}");
    let codes = &doc["components"]["schemas"]["ErrorCode"];
    assert!(codes.to_string().contains("INVALID_CREDENTIALS"), "{codes}");
}
