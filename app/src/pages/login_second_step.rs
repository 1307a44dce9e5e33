use super::AuthCard;
use crate::i18n::use_language;
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
    let t = use_language();
    let status = Resource::new(|| (), |_| second_step_status());
    view! {
        <Title text=t.t("second-step-title") />
        <AuthCard title=t.t("second-step-title")>
            <Suspense fallback=move || view! { <p class="text-slate-600">{t.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(view) => view! { <SecondStepForms view=view /> }.into_any(),
                        Err(error) => view! {
                            <p role="alert" class="text-sm text-slate-800" data-testid="second-step-expired">{error.message}</p>
                            <p class="mt-4 text-sm">
                                <a href="/login" class="font-semibold text-indigo-700 underline">{t.t("second-step-sign-in-again")}</a>
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
    let t = use_language();
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
        (true, true) => t.t("second-step-code-app-or-email"),
        (true, false) => t.t("second-step-code-app"),
        _ => t.t("second-step-code-email"),
    };
    view! {
        <p class="text-sm text-slate-600">
            {if app {
                t.t("second-step-intro-app")
            } else {
                t.t("second-step-intro-email")
            }}
        </p>
        <Show when=sent>
            <p role="status" class="mt-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
                {t.t("second-step-sent-before")} {masked.clone()} {t.t("second-step-sent-after")}
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
            <SubmitButton label=t.t("login-submit") pending_label=t.t("second-step-checking") pending=with_code.pending() />
        </ActionForm>
        {email.then(|| view! {
            <ActionForm action=send attr:class="mt-4">
                <FormAlert message=form_error(send.value()) />
                <BusyButton pending=send.pending() class="text-sm font-semibold text-indigo-700 underline disabled:opacity-60">
                    {if app { t.t("second-step-email-instead") } else { t.t("login-email-code") }}
                </BusyButton>
            </ActionForm>
        })}
        {passkey.then(|| view! { <PasskeySecondStep /> })}
        <details class="mt-6 text-sm">
            <summary class="cursor-pointer font-semibold text-indigo-700">{t.t("second-step-use-recovery")}</summary>
            <ActionForm action=with_recovery attr:class="mt-3 space-y-4">
                <FormAlert message=form_error(with_recovery.value()) />
                <TextField
                    label=t.t("field-recovery-code")
                    name="recovery_code"
                    autocomplete="off"
                    hint=t.t("second-step-recovery-hint")
                    errors=field_errors(with_recovery.value(), "recovery_code")
                />
                <TrustThisBrowser />
                <SubmitButton label=t.t("second-step-recovery-submit") pending_label=t.t("second-step-checking") pending=with_recovery.pending() />
            </ActionForm>
        </details>
    }
}

#[component]
fn TrustThisBrowser() -> impl IntoView {
    let t = use_language();
    view! {
        <label class="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="trust" value="on" class="h-4 w-4 rounded border-slate-300" />
            {t.t("second-step-trust")}
        </label>
    }
}
