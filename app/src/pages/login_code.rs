use super::AuthCard;
use crate::{
    api::{SendCode, SignInWithCode},
    components::form::{FormAlert, SubmitButton, TextField, field_errors, form_error, kept_value},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Sign in without a password: the address first, then the mailed code.
#[component]
pub fn LoginCodePage() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.with(|query| query.get("sent")).is_some();
    let email = move || query.with(|query| query.get("email")).unwrap_or_default();
    let next = move || query.with(|query| query.get("next")).unwrap_or_default();
    let send = ServerAction::<SendCode>::new();
    let sign_in = ServerAction::<SignInWithCode>::new();
    let send_result = send.value();
    let sign_in_result = sign_in.value();

    view! {
        <Title text="Sign in with a code" />
        <AuthCard title="Sign in with a code">
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <ActionForm action=send attr:class="space-y-5">
                            <p class="text-sm text-slate-600">
                                "We will email you a 6-digit code to sign in with."
                            </p>
                            <FormAlert message=form_error(send_result) />
                            <input type="hidden" name="next" value=next />
                            <TextField
                                label="Email"
                                name="email"
                                input_type="email"
                                autocomplete="email"
                                errors=field_errors(send_result, "email")
                                value=kept_value(send_result, "email")
                            />
                            <SubmitButton label="Email me a code" pending_label="Sending…" pending=send.pending() />
                        </ActionForm>
                    }
                }
            >
                <ActionForm action=sign_in attr:class="space-y-5">
                    <p role="status" class="text-sm text-slate-600">
                        "If an account has " <strong>{email}</strong>
                        ", we sent it a code. It works for 10 minutes."
                    </p>
                    <FormAlert message=form_error(sign_in_result) />
                    <input type="hidden" name="email" value=email />
                    <input type="hidden" name="next" value=next />
                    <TextField
                        label="Code"
                        name="code"
                        autocomplete="one-time-code"
                        inputmode="numeric"
                        maxlength=6
                        errors=field_errors(sign_in_result, "code")
                    />
                    <SubmitButton label="Sign in" pending_label="Signing in…" pending=sign_in.pending() />
                </ActionForm>
                <p class="mt-6 text-sm text-slate-600">
                    <a href="/login/code" class="font-semibold text-indigo-700 underline">"Send a new code"</a>
                </p>
            </Show>
        </AuthCard>
    }
}
