use super::AuthCard;
use crate::i18n::use_language;
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
    let t = use_language();
    let query = use_query_map();
    let sent = move || query.with(|query| query.get("sent")).is_some();
    let email = move || query.with(|query| query.get("email")).unwrap_or_default();
    let next = move || query.with(|query| query.get("next")).unwrap_or_default();
    let send = ServerAction::<SendCode>::new();
    let sign_in = ServerAction::<SignInWithCode>::new();
    let send_result = send.value();
    let sign_in_result = sign_in.value();

    view! {
        <Title text=t.t("code-title") />
        <AuthCard title=t.t("code-title")>
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <ActionForm action=send attr:class="space-y-5">
                            <p class="text-sm text-slate-600">
                                {t.t("code-intro")}
                            </p>
                            <FormAlert message=form_error(send_result) />
                            <input type="hidden" name="next" value=next />
                            <TextField
                                label=t.t("field-email")
                                name="email"
                                input_type="email"
                                autocomplete="email"
                                errors=field_errors(send_result, "email")
                                value=kept_value(send_result, "email")
                            />
                            <SubmitButton label=t.t("login-email-code") pending_label=t.t("forgot-pending") pending=send.pending() />
                        </ActionForm>
                    }
                }
            >
                <ActionForm action=sign_in attr:class="space-y-5">
                    <p role="status" class="text-sm text-slate-600">
                        {t.t("code-sent-before")} <strong>{email}</strong>
                        {t.t("code-sent-after")}
                    </p>
                    <FormAlert message=form_error(sign_in_result) />
                    <input type="hidden" name="email" value=email />
                    <input type="hidden" name="next" value=next />
                    <TextField
                        label=t.t("field-code")
                        name="code"
                        autocomplete="one-time-code"
                        inputmode="numeric"
                        maxlength=6
                        errors=field_errors(sign_in_result, "code")
                    />
                    <SubmitButton label=t.t("login-submit") pending_label=t.t("login-pending") pending=sign_in.pending() />
                </ActionForm>
                <p class="mt-6 text-sm text-slate-600">
                    <a href="/login/code" class="font-semibold text-indigo-700 underline">{t.t("code-send-new")}</a>
                </p>
            </Show>
        </AuthCard>
    }
}
