use super::AuthCard;
use crate::{
    api::ForgotPassword,
    components::form::{FormAlert, SubmitButton, TextField, field_errors, form_error, kept_value},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.with(|query| query.get("sent")).is_some();
    let action = ServerAction::<ForgotPassword>::new();
    let result = action.value();

    view! {
        <Title text="Reset your password" />
        <AuthCard title="Reset your password">
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <ActionForm action=action attr:class="space-y-5">
                            <p class="text-sm text-slate-600">
                                "Enter your email address and we will send you a link to choose a new password."
                            </p>
                            <FormAlert message=form_error(result) />
                            <TextField
                                label="Email"
                                name="email"
                                input_type="email"
                                autocomplete="email"
                                errors=field_errors(result, "email")
                                value=kept_value(result, "email")
                            />
                            <SubmitButton label="Send the link" pending_label="Sending…" pending=action.pending() />
                        </ActionForm>
                    }
                }
            >
                <p role="status" class="text-slate-800">
                    "If an account has this address, we sent it a link to reset the password. It works for one hour."
                </p>
            </Show>
            <p class="mt-6 text-sm text-slate-600">
                <a href="/login" class="font-semibold text-indigo-700 underline">"Back to sign in"</a>
            </p>
        </AuthCard>
    }
}
