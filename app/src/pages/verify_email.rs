use super::AuthCard;
use crate::i18n::use_language;
use crate::{
    api::VerifyEmail,
    components::form::{FormAlert, SubmitButton, TextField, field_errors, form_error, kept_value},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Opening the link does not verify by itself (mail scanners open links):
/// the user confirms with a button, or types the code.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let t = use_language();
    let query = use_query_map();
    let token = move || query.with(|query| query.get("token")).unwrap_or_default();
    let verified = move || query.with(|query| query.get("verified")).is_some();
    let by_link = ServerAction::<VerifyEmail>::new();
    let by_code = ServerAction::<VerifyEmail>::new();
    let link_result = by_link.value();
    let code_result = by_code.value();

    view! {
        <Title text=t.t("verify-title") />
        <AuthCard title=t.t("verify-title")>
            <Show
                when=verified
                fallback=move || {
                    view! {
                        <Show when=move || !token().is_empty()>
                            <ActionForm action=by_link attr:class="space-y-4">
                                <FormAlert message=form_error(link_result) />
                                <input type="hidden" name="token" value=token />
                                <SubmitButton
                                    label=t.t("verify-confirm")
                                    pending_label=t.t("verify-confirming")
                                    pending=by_link.pending()
                                />
                            </ActionForm>
                            <p class="my-6 text-center text-sm text-slate-500">{t.t("or")}</p>
                        </Show>
                        <ActionForm action=by_code attr:class="space-y-5">
                            <FormAlert message=form_error(code_result) />
                            <TextField
                                label=t.t("field-email")
                                name="email"
                                input_type="email"
                                autocomplete="email"
                                errors=field_errors(code_result, "email")
                                value=kept_value(code_result, "email")
                            />
                            <TextField
                                label=t.t("verify-code")
                                name="code"
                                autocomplete="one-time-code"
                                inputmode="numeric"
                                maxlength=6
                                errors=field_errors(code_result, "code")
                            />
                            <SubmitButton label=t.t("verify-submit") pending_label=t.t("verify-pending") pending=by_code.pending() />
                        </ActionForm>
                    }
                }
            >
                <p role="status" class="text-slate-800">{t.t("verify-done")}</p>
                <p class="mt-4">
                    <a href="/profile" class="font-semibold text-indigo-700 underline">{t.t("verify-to-profile")}</a>
                </p>
            </Show>
        </AuthCard>
    }
}
