//! The OpenAPI 3.1 document, generated from the handlers (utoipa), and a
//! plain HTML rendering of it at `/api/docs` that needs no script and no CDN.

use super::{account, admin, auth, passkeys};
use crate::startup::AppState;
use app::error::{ErrorCode, FieldError};
use axum::{
    Json,
    extract::State,
    http::header,
    response::{Html, IntoResponse},
};
use html_escape::encode_double_quoted_attribute;
use serde::Serialize;
use std::fmt::Write;
use utoipa::{
    Modify, OpenApi, ToSchema,
    openapi::{
        self, RefOr, Response,
        path::Operation,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

/// A successful answer (what `Envelope` sends).
#[derive(Serialize, ToSchema)]
pub struct Success<T> {
    #[schema(example = true)]
    pub success: bool,
    pub message: String,
    pub data: T,
}

/// A failed answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    #[schema(example = false)]
    pub success: bool,
    /// A sentence for people.
    pub message: String,
    /// A stable code for programs.
    pub error: ErrorCode,
    /// One entry per invalid field (validation errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<FieldError>>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portcullis API",
        description = "Accounts and tokens for non-browser clients. Every answer under \
            `/api/auth` is an envelope: `{success, message, data}` or \
            `{success: false, message, error, details?}`. Access tokens are JWTs (EdDSA) \
            that expire after 15 minutes by default; verify them with the JWKS."
    ),
    paths(
        auth::register,
        auth::login,
        auth::refresh,
        auth::logout,
        auth::logout_all,
        auth::me,
        auth::update_me,
        auth::sessions,
        auth::revoke_session,
        auth::verify_email,
        auth::resend_verification,
        auth::forgot_password,
        auth::reset_password,
        auth::send_otp,
        auth::verify_otp,
        auth::google,
        auth::mfa_verify,
        auth::mfa_email_code,
        auth::change_password,
        account::change_email,
        account::confirm_email_change,
        account::export,
        account::delete_me,
        passkeys::list,
        passkeys::register_begin,
        passkeys::register_finish,
        passkeys::rename,
        passkeys::remove,
        passkeys::sign_in_begin,
        passkeys::sign_in_finish,
        passkeys::mfa_begin,
        passkeys::mfa_finish,
        admin::users,
        admin::user,
        admin::update_user,
        admin::delete_user,
        admin::unlock,
        admin::revoke_sessions,
        admin::reset_second_factor,
        admin::remove_passkey,
        admin::audit,
        admin::stats,
        auth::jwks,
    ),
    tags(
        (name = "auth", description = "Accounts, sign-in and tokens"),
        (name = "passkeys", description = "Passkeys (WebAuthn): registering them, signing in with one, and one as the second step"),
        (name = "admin", description = "The admin panel: users, audit log, statistics (admins only)"),
        (name = "keys", description = "Public keys for verifying access tokens"),
    ),
    modifiers(&Conventions)
)]
pub struct ApiDoc;

/// What every operation shares: the Bearer scheme, and an error envelope for
/// any status not listed (413, 500...).
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, openapi: &mut openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        let error = error_response("An error envelope");
        // Every Bearer route refuses a missing, invalid or expired token the
        // same way: written here once instead of on each route.
        let unauthenticated = error_response("`MISSING_TOKEN`, `INVALID_TOKEN` or `TOKEN_EXPIRED`");
        for item in openapi.paths.paths.values_mut() {
            for operation in operations(item) {
                let takes_bearer = operation
                    .security
                    .as_ref()
                    .is_some_and(|requirements| !requirements.is_empty());
                let responses = &mut operation.responses.responses;
                if takes_bearer {
                    responses
                        .entry("401".into())
                        .or_insert_with(|| RefOr::T(unauthenticated.clone()));
                }
                responses
                    .entry("default".into())
                    .or_insert_with(|| RefOr::T(error.clone()));
            }
        }
    }
}

/// An answer whose body is the error envelope.
fn error_response(description: &str) -> Response {
    Response::builder()
        .description(description)
        .content(
            "application/json",
            openapi::content::Content::new(Some(RefOr::Ref(openapi::Ref::from_schema_name(
                "ErrorBody",
            )))),
        )
        .build()
}

fn operations(item: &mut openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.post.as_mut(),
        item.put.as_mut(),
        item.patch.as_mut(),
        item.delete.as_mut(),
    ]
    .into_iter()
    .flatten()
}

pub async fn openapi_json(State(state): State<AppState>) -> impl IntoResponse {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![openapi::Server::new(state.settings.token_issuer())]);
    ([(header::CACHE_CONTROL, "public, max-age=300")], Json(doc))
}

/// Every route, its parameters, body and answers, as one page.
pub async fn docs_page() -> Html<String> {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    Html(render(&doc))
}

fn render(doc: &serde_json::Value) -> String {
    let mut html = String::new();
    let title = text(&doc["info"]["title"]);
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/portcullis.css\"></head>\
         <body class=\"bg-slate-50 text-slate-900\"><main class=\"mx-auto max-w-4xl p-6 space-y-6\">\
         <h1 class=\"text-2xl font-semibold\">{title}</h1><p>{}</p>\
         <p>Machine-readable: <a class=\"underline\" href=\"/api/openapi.json\">/api/openapi.json</a> (OpenAPI {}).</p>",
        text(&doc["info"]["description"]),
        text(&doc["openapi"]),
    );
    let empty = serde_json::Map::new();
    let paths = doc["paths"].as_object().unwrap_or(&empty);
    for (path, item) in paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let _ = write!(
                html,
                "<section class=\"rounded border border-slate-200 bg-white p-4 space-y-2\" id=\"{}\">\
                 <h2 class=\"font-mono font-semibold\">{} {}</h2><p>{}</p>",
                encode_double_quoted_attribute(&format!("{method}-{path}")),
                method.to_uppercase(),
                encode_double_quoted_attribute(path),
                text(&operation["summary"]),
            );
            if let Some(description) = operation["description"].as_str() {
                let _ = write!(
                    html,
                    "<p>{}</p>",
                    encode_double_quoted_attribute(description)
                );
            }
            if operation.get("security").is_some() {
                html.push_str("<p><strong>Auth:</strong> <code>Authorization: Bearer &lt;access token&gt;</code></p>");
            }
            if let Some(body) = operation["requestBody"]["content"]["application/json"]["schema"]
                .get("$ref")
                .and_then(|r| r.as_str())
            {
                let name = body.rsplit('/').next().unwrap_or_default();
                let _ = write!(
                    html,
                    "<p><strong>Body</strong> (JSON): {}</p>",
                    schema_fields(doc, name)
                );
            }
            html.push_str("<ul class=\"list-disc pl-6\">");
            if let Some(responses) = operation["responses"].as_object() {
                for (status, response) in responses {
                    let _ = write!(
                        html,
                        "<li><code>{}</code> {}</li>",
                        encode_double_quoted_attribute(status),
                        text(&response["description"])
                    );
                }
            }
            html.push_str("</ul></section>");
        }
    }
    html.push_str("</main></body></html>");
    html
}

fn schema_fields(doc: &serde_json::Value, name: &str) -> String {
    let schema = &doc["components"]["schemas"][name];
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|fields| fields.iter().filter_map(|f| f.as_str()).collect())
        .unwrap_or_default();
    let Some(properties) = schema["properties"].as_object() else {
        return String::new();
    };
    properties
        .keys()
        .map(|field| {
            let optional = if required.contains(&field.as_str()) {
                ""
            } else {
                " (optional)"
            };
            format!(
                "<code>{}</code>{optional}",
                encode_double_quoted_attribute(field)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn text(value: &serde_json::Value) -> String {
    encode_double_quoted_attribute(value.as_str().unwrap_or_default()).into_owned()
}
