//! Use cases the server functions call. `app` defines them; the `server` crate
//! implements them and hands them to Leptos through context.

use crate::{
    error::AppError,
    model::{GoogleStatus, UserView},
};
use async_trait::async_trait;
use std::sync::Arc;

/// Who is calling, as far as the transport can tell.
#[derive(Clone, Debug, Default)]
pub struct ClientMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
}

pub struct LoginInput {
    pub email: String,
    pub password: String,
}

#[async_trait]
pub trait Register: Send + Sync {
    async fn register(
        &self,
        input: RegisterInput,
        client: &ClientMeta,
    ) -> Result<UserView, AppError>;
}

#[async_trait]
pub trait Login: Send + Sync {
    async fn login(&self, input: LoginInput, client: &ClientMeta) -> Result<UserView, AppError>;
}

#[async_trait]
pub trait Logout: Send + Sync {
    async fn logout(&self, user_id: &str, client: &ClientMeta) -> Result<(), AppError>;
}

#[async_trait]
pub trait CurrentUser: Send + Sync {
    /// The user behind a session, or `None` when the account can no longer be used.
    async fn current_user(&self, user_id: &str) -> Result<Option<UserView>, AppError>;
}

/// How a user proves they read a verification message.
pub enum EmailProofInput {
    Token(String),
    Code { email: String, code: String },
}

#[async_trait]
pub trait EmailVerification: Send + Sync {
    async fn verify_email(
        &self,
        proof: EmailProofInput,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
    /// `false` when the address is already verified.
    async fn resend_verification(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<bool, AppError>;
}

#[async_trait]
pub trait PasswordReset: Send + Sync {
    /// Answers the same whether or not an account has the address.
    async fn start_reset(&self, email: &str, client: &ClientMeta) -> Result<(), AppError>;
    async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError>;
}

#[async_trait]
pub trait CodeSignIn: Send + Sync {
    /// Answers the same whether or not an account has the address.
    async fn send_code(&self, email: &str, client: &ClientMeta) -> Result<(), AppError>;
    async fn sign_in_with_code(
        &self,
        email: &str,
        code: &str,
        client: &ClientMeta,
    ) -> Result<UserView, AppError>;
}

#[async_trait]
pub trait ConnectedAccounts: Send + Sync {
    async fn google_status(&self, user_id: Option<&str>) -> Result<GoogleStatus, AppError>;
    /// Refused while Google is the account's only way to sign in.
    async fn unlink_google(&self, user_id: &str, client: &ClientMeta) -> Result<(), AppError>;
}

/// Everything the server functions need, cheap to clone into each request's context.
#[derive(Clone)]
pub struct Services {
    pub register: Arc<dyn Register>,
    pub login: Arc<dyn Login>,
    pub logout: Arc<dyn Logout>,
    pub current_user: Arc<dyn CurrentUser>,
    pub email_verification: Arc<dyn EmailVerification>,
    pub password_reset: Arc<dyn PasswordReset>,
    pub code_sign_in: Arc<dyn CodeSignIn>,
    pub connected_accounts: Arc<dyn ConnectedAccounts>,
}
