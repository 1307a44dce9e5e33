use super::AuthCard;
use crate::i18n::use_language;
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

    let t = use_language();
    view! {
        <Title text=t.t("forgot-title") />
        <AuthCard title=t.t("forgot-title")>
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <ActionForm action=action attr:class="space-y-5">
                            <p class="text-sm text-slate-600">
                                {t.t("forgot-intro")}
                            </p>
                            <FormAlert message=form_error(result) />
                            <TextField
                                label=t.t("field-email")
                                name="email"
                                input_type="email"
                                autocomplete="email"
                                errors=field_errors(result, "email")
                                value=kept_value(result, "email")
                            />
                            <SubmitButton label=t.t("forgot-submit") pending_label=t.t("forgot-pending") pending=action.pending() />
                        </ActionForm>
                    }
                }
            >
                <p role="status" class="text-slate-800">
                    {t.t("forgot-sent")}
                </p>
            </Show>
            <p class="mt-6 text-sm text-slate-600">
                <a href="/login" class="font-semibold text-indigo-700 underline">{t.t("forgot-back")}</a>
            </p>
        </AuthCard>
    }
}
