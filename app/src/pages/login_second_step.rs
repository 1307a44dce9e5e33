use super::AuthCard;
use crate::{
    components::form::{BusyButton, FormAlert, SubmitButton, TextField, field_errors, form_error},
    components::passkeys::PasskeySecondStep,
    model::SecondStepView,
    two_step_api::{FinishSecondStep, SendSecondStepCode, second_step_status},
    vocabulary::SecondStepMethod,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The second step of a sign-in: a code from the app or the mail, or a
/// recovery code. Plain forms, so it works without JavaScript.
#[component]
pub fn SecondStepPage() -> impl IntoView {
    let status = Resource::new(|| (), |_| second_step_status());
    view! {
        <Title text="Two-step sign-in" />
        <AuthCard title="Two-step sign-in">
            <Suspense fallback=|| view! { <p class="text-slate-600">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(view) => view! { <SecondStepForms view=view /> }.into_any(),
                        Err(error) => view! {
                            <p role="alert" class="text-sm text-slate-800" data-testid="second-step-expired">{error.message}</p>
                            <p class="mt-4 text-sm">
                                <a href="/login" class="font-semibold text-indigo-700 underline">"Sign in again"</a>
                            </p>
                        }
                            .into_any(),
                    }
                })}
            </Suspense>
        </AuthCard>
    }
}

#[component]
fn SecondStepForms(view: SecondStepView) -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.with(|query| query.get("sent")).is_some();
    let with_code = ServerAction::<FinishSecondStep>::new();
    let with_recovery = ServerAction::<FinishSecondStep>::new();
    let send = ServerAction::<SendSecondStepCode>::new();
    let app = view.methods.contains(&SecondStepMethod::App);
    let email = view.methods.contains(&SecondStepMethod::Email);
    let passkey = view.methods.contains(&SecondStepMethod::Passkey);
    let masked = view.masked_email.clone();
    let code_label = match (app, email) {
        (true, true) => "Code from your authenticator app or the email",
        (true, false) => "Code from your authenticator app",
        _ => "Code from the email",
    };
    view! {
        <p class="text-sm text-slate-600">
            {if app {
                "Your password was right. Enter the 6-digit code your authenticator app shows."
            } else {
                "Your password was right. We can email a code to finish signing in."
            }}
        </p>
        <Show when=sent>
            <p role="status" class="mt-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
                "We sent a code to " {masked.clone()} ". It works for 10 minutes."
            </p>
        </Show>
        <ActionForm action=with_code attr:class="mt-5 space-y-5">
            <FormAlert message=form_error(with_code.value()) />
            <TextField
                label=code_label
                name="code"
                autocomplete="one-time-code"
                inputmode="numeric"
                maxlength=6
                errors=field_errors(with_code.value(), "code")
            />
            <TrustThisBrowser />
            <SubmitButton label="Sign in" pending_label="Checking…" pending=with_code.pending() />
        </ActionForm>
        {email.then(|| view! {
            <ActionForm action=send attr:class="mt-4">
                <FormAlert message=form_error(send.value()) />
                <BusyButton pending=send.pending() class="text-sm font-semibold text-indigo-700 underline disabled:opacity-60">
                    {if app { "Email me a code instead" } else { "Email me a code" }}
                </BusyButton>
            </ActionForm>
        })}
        {passkey.then(|| view! { <PasskeySecondStep /> })}
        <details class="mt-6 text-sm">
            <summary class="cursor-pointer font-semibold text-indigo-700">"Use a recovery code"</summary>
            <ActionForm action=with_recovery attr:class="mt-3 space-y-4">
                <FormAlert message=form_error(with_recovery.value()) />
                <TextField
                    label="Recovery code"
                    name="recovery_code"
                    autocomplete="off"
                    hint="One of the codes you saved when you set up two-step sign-in."
                    errors=field_errors(with_recovery.value(), "recovery_code")
                />
                <TrustThisBrowser />
                <SubmitButton label="Sign in with a recovery code" pending_label="Checking…" pending=with_recovery.pending() />
            </ActionForm>
        </details>
    }
}

#[component]
fn TrustThisBrowser() -> impl IntoView {
    view! {
        <label class="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="trust" value="on" class="h-4 w-4 rounded border-slate-300" />
            "Trust this browser for 30 days"
        </label>
    }
}
