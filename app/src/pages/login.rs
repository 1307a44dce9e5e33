use super::AuthCard;
use crate::i18n::use_language;
use crate::{
    api::SignIn,
    components::form::{FormAlert, SubmitButton, TextField, field_errors, form_error, kept_value},
    components::google::ContinueWithGoogle,
    components::passkeys::PasskeySignIn,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let result = sign_in.value();
    let query = use_query_map();
    let next = move || query.with(|query| query.get("next")).unwrap_or_default();
    let after_reset = move || query.with(|query| query.get("reset")).is_some();
    let after_deletion = move || query.with(|query| query.get("deleted")).is_some();

    let t = use_language();
    view! {
        <Title text=t.t("login-title") />
        <AuthCard title=t.t("login-title")>
            <Show when=after_reset>
                <p role="status" class="mb-5 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
                    {t.t("login-after-reset")}
                </p>
            </Show>
            <Show when=after_deletion>
                <p role="status" class="mb-5 rounded-md bg-slate-100 p-3 text-sm text-slate-800">
                    {t.t("login-after-deletion")}
                </p>
            </Show>
            <PasskeySignIn next=Signal::derive(next) />
            <ContinueWithGoogle />
            <ActionForm action=sign_in attr:class="space-y-5">
                <FormAlert message=form_error(result) />
                <input type="hidden" name="next" value=next />
                <TextField
                    label=t.t("field-email")
                    name="email"
                    input_type="email"
                    autocomplete="username webauthn"
                    errors=field_errors(result, "email")
                        value=kept_value(result, "email")
                />
                <TextField
                    label=t.t("field-password")
                    name="password"
                    input_type="password"
                    autocomplete="current-password"
                    errors=field_errors(result, "password")
                />
                <SubmitButton label=t.t("login-submit") pending_label=t.t("login-pending") pending=sign_in.pending() />
            </ActionForm>
            <p class="mt-6 flex flex-wrap gap-x-4 gap-y-2 text-sm">
                <a href="/forgot-password" class="font-semibold text-indigo-700 underline">
                    {t.t("login-forgot")}
                </a>
                <a href="/login/code" class="font-semibold text-indigo-700 underline">
                    {t.t("login-email-code")}
                </a>
            </p>
            <p class="mt-4 text-sm text-slate-600">
                {t.t("login-new-here")} " "
                <a href="/signup" class="font-semibold text-indigo-700 underline">
                    {t.t("login-create-account")}
                </a>
            </p>
        </AuthCard>
    }
}
