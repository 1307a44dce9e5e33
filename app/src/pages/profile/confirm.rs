use super::{ProfileShell, security::SendCodeButton};
use crate::i18n::use_language;
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
    view! { <ProfileShell title="confirm-title" content=confirm /> }
}

fn confirm(user: UserView) -> impl IntoView {
    let t = use_language();
    let query = use_query_map();
    let next = move || query.with(|query| query.get("next")).unwrap_or_default();
    let reauthenticate = ServerAction::<Reauthenticate>::new();
    let result = reauthenticate.value();
    let with_factor = ServerAction::<Reauthenticate>::new();
    let factor_result = with_factor.value();
    view! {
        <p class="mt-2 text-sm text-slate-600">
            {t.t("confirm-intro")}
        </p>
        <ConfirmWithPasskey next=Signal::derive(next) />
        <ActionForm action=reauthenticate attr:class="mt-4 space-y-4">
            <FormAlert message=form_error(result) />
            <input type="hidden" name="next" value=next />
            {if user.has_password {
                view! {
                    <TextField
                        label=t.t("field-password")
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
                        label=t.t("second-step-code-email")
                        name="code"
                        autocomplete="one-time-code"
                        inputmode="numeric"
                        maxlength=6
                        errors=field_errors(result, "code")
                    />
                }
                    .into_any()
            }}
            <SubmitButton label=t.t("confirm") pending_label=t.t("second-step-checking") pending=reauthenticate.pending() />
        </ActionForm>
        {user.has_second_factor.then(|| view! {
            <details class="mt-6 text-sm">
                <summary class="cursor-pointer font-semibold text-indigo-700">{t.t("confirm-use-factor")}</summary>
                <ActionForm action=with_factor attr:class="mt-3 space-y-4">
                    <FormAlert message=form_error(factor_result) />
                    <input type="hidden" name="next" value=next />
                    <TextField
                        label=t.t("confirm-factor-code")
                        name="second_factor"
                        autocomplete="one-time-code"
                        errors=field_errors(factor_result, "second_factor")
                    />
                    <SubmitButton label=t.t("confirm") pending_label=t.t("second-step-checking") pending=with_factor.pending() />
                </ActionForm>
            </details>
        })}
    }
}
