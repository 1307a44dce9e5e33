//! Portcullis' pages and server functions, compiled twice: for the server
//! (`ssr`) and for the browser (`hydrate`).

pub mod account_api;
pub mod admin_actions;
pub mod admin_api;
pub mod api;
pub mod clock;
mod components;
pub mod error;
#[cfg(feature = "ssr")]
pub mod guards;
pub mod i18n;
pub mod model;
pub mod navigation;
mod pages;
pub mod passkey_api;
pub mod password_rules;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod session;
pub mod two_step_api;
pub mod vocabulary;
mod webauthn;

use crate::{
    api::{SignOut, current_user},
    components::{footer::Footer, header::Header},
    error::AppError,
    model::UserView,
    pages::{
        admin::{
            audit::AdminAuditPage,
            dashboard::AdminDashboardPage,
            user::{AdminConfirmPage, AdminUserPage},
            users::AdminUsersPage,
        },
        forgot_password::ForgotPasswordPage,
        home::HomePage,
        login::LoginPage,
        login_code::LoginCodePage,
        login_second_step::SecondStepPage,
        not_found::NotFound,
        profile::{
            confirm::ConfirmIdentityPage,
            data::DataPage,
            details::ProfilePage,
            devices::{ActivityPage, DevicesPage},
            passkeys::PasskeysPage,
            security::SecurityPage,
            two_step::{AppEnrolmentPage, RecoveryCodesPage, TwoStepPage},
        },
        reset_password::ResetPasswordPage,
        restore_account::RestoreAccountPage,
        signup::SignUpPage,
        verify_email::VerifyEmailPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{Link, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    hooks::use_location,
    path,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=i18n::use_language().code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The signed-in user (or `None`), shared by the header and the pages.
#[derive(Clone, Copy)]
pub struct Viewer {
    pub user: Resource<Result<Option<UserView>, AppError>>,
    pub sign_out: ServerAction<SignOut>,
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // The server provides the request's language; the browser reads it back
    // from the <html lang> the server rendered.
    provide_context(i18n::use_language());
    // Effects only run in the browser, once the page is interactive: the
    // marker lets people (and end-to-end tests) tell a hydrated page apart.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/portcullis.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title formatter=|title: String| format!("{title} · Portcullis") />
        <Router>
            <Layout />
        </Router>
    }
}

#[component]
fn Layout() -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let location = use_location();
    // Signing in, up or out and saving the profile always end in a
    // navigation, so following the URL keeps the header and the pages in step with the session.
    let user = Resource::new(
        move || {
            (
                location.pathname.get(),
                location.search.get(),
                sign_out.version().get(),
            )
        },
        |_| current_user(),
    );
    provide_context(Viewer { user, sign_out });

    view! {
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
            {i18n::use_language().t("skip-to-content")}
        </a>
        <Header />
        <main id="main" class="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6">
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                <Route path=path!("/signup") view=SignUpPage ssr=SsrMode::Async />
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/login/code") view=LoginCodePage ssr=SsrMode::Async />
                <Route path=path!("/login/second-step") view=SecondStepPage ssr=SsrMode::Async />
                <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async />
                <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async />
                <Route path=path!("/profile/security") view=SecurityPage ssr=SsrMode::Async />
                <Route path=path!("/profile/devices") view=DevicesPage ssr=SsrMode::Async />
                <Route path=path!("/profile/passkeys") view=PasskeysPage ssr=SsrMode::Async />
                <Route path=path!("/profile/two-step") view=TwoStepPage ssr=SsrMode::Async />
                <Route path=path!("/profile/two-step/app") view=AppEnrolmentPage ssr=SsrMode::Async />
                <Route path=path!("/profile/two-step/recovery-codes") view=RecoveryCodesPage ssr=SsrMode::Async />
                <Route path=path!("/profile/activity") view=ActivityPage ssr=SsrMode::Async />
                <Route path=path!("/profile/data") view=DataPage ssr=SsrMode::Async />
                <Route path=path!("/profile/confirm") view=ConfirmIdentityPage ssr=SsrMode::Async />
                <Route path=path!("/restore-account") view=RestoreAccountPage ssr=SsrMode::Async />
                <Route path=path!("/admin") view=AdminDashboardPage ssr=SsrMode::Async />
                <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                <Route path=path!("/admin/users/:id") view=AdminUserPage ssr=SsrMode::Async />
                <Route path=path!("/admin/users/:id/confirm") view=AdminConfirmPage ssr=SsrMode::Async />
                <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async />
            </Routes>
        </main>
        <Footer />
    }
}
