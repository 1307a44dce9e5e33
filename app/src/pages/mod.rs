pub mod admin;
pub mod forgot_password;
pub mod home;
pub mod login;
pub mod login_code;
pub mod login_second_step;
pub mod not_found;
pub mod profile;
pub mod reset_password;
pub mod restore_account;
pub mod signup;
pub mod verify_email;

use leptos::prelude::*;

/// The narrow card the sign-in and sign-up forms sit in.
#[component]
pub fn AuthCard(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <section class="mx-auto w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
            <h1 class="mb-6 text-2xl font-bold tracking-tight">{title}</h1>
            {children()}
        </section>
    }
}
