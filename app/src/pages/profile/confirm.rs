use super::{ProfileShell, security::SendCodeButton};
use crate::{
    account_api::Reauthenticate,
    components::{
        form::{FormAlert, SubmitButton, TextField, field_errors, form_error},
        passkeys::ConfirmWithPasskey,
    },
    model::UserView,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Confirms it's the account's owner before a sensitive action.
#[component]
pub fn ConfirmIdentityPage() -> impl IntoView {
    view! { <ProfileShell title="Confirm it's you" content=confirm /> }
}

fn confirm(user: UserView) -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|query| query.get("next")).unwrap_or_default();
    let reauthenticate = ServerAction::<Reauthenticate>::new();
    let result = reauthenticate.value();
    let with_factor = ServerAction::<Reauthenticate>::new();
    let factor_result = with_factor.value();
    view! {
        <p class="mt-2 text-sm text-slate-600">
            "You signed in a while ago. Before changing your password, email or account, confirm it's you."
        </p>
        <ConfirmWithPasskey next=Signal::derive(next) />
        <ActionForm action=reauthenticate attr:class="mt-4 space-y-4">
            <FormAlert message=form_error(result) />
            <input type="hidden" name="next" value=next />
            {if user.has_password {
                view! {
                    <TextField
                        label="Password"
                        name="password"
                        input_type="password"
                        autocomplete="current-password"
                        errors=field_errors(result, "password")
                    />
                }
                    .into_any()
            } else {
                view! {
                    <SendCodeButton />
                    <TextField
                        label="Code from the email"
                        name="code"
                        autocomplete="one-time-code"
                        inputmode="numeric"
                        maxlength=6
                        errors=field_errors(result, "code")
                    />
                }
                    .into_any()
            }}
            <SubmitButton label="Confirm" pending_label="Checking…" pending=reauthenticate.pending() />
        </ActionForm>
        {user.has_second_factor.then(|| view! {
            <details class="mt-6 text-sm">
                <summary class="cursor-pointer font-semibold text-indigo-700">"Use your authenticator app or a recovery code instead"</summary>
                <ActionForm action=with_factor attr:class="mt-3 space-y-4">
                    <FormAlert message=form_error(factor_result) />
                    <input type="hidden" name="next" value=next />
                    <TextField
                        label="Code from the app, or a recovery code"
                        name="second_factor"
                        autocomplete="one-time-code"
                        errors=field_errors(factor_result, "second_factor")
                    />
                    <SubmitButton label="Confirm" pending_label="Checking…" pending=with_factor.pending() />
                </ActionForm>
            </details>
        })}
    }
}
