use super::AuthCard;
use crate::i18n::use_language;
use crate::{
    api::{ResetPassword, reset_link_account},
    components::form::{
        FormAlert, NewPasswordField, SubmitButton, field_errors, form_error, provide_password_rules,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    provide_password_rules();
    let query = use_query_map();
    let token = move || query.with(|query| query.get("token")).unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let result = action.value();
    let account = Resource::new(token, reset_link_account);

    let t = use_language();
    view! {
        <Title text=t.t("reset-title") />
        <AuthCard title=t.t("reset-title")>
            <Show
                when=move || !token().is_empty()
                fallback=move || {
                    view! {
                        <p class="text-slate-800">
                            {t.t("reset-needs-link")} " "
                            <a href="/forgot-password" class="font-semibold text-indigo-700 underline">
                                {t.t("reset-ask-again")}
                            </a>
                        </p>
                    }
                }
            >
                <ActionForm action=action attr:class="space-y-5">
                    <FormAlert message=form_error(result) />
                    <input type="hidden" name="token" value=token />
                    // No name, so not sent: it tells password managers whose password this is.
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            account.await.ok().flatten().map(|email| view! {
                                <input type="email" autocomplete="username" value=email hidden readonly />
                            })
                        })}
                    </Suspense>
                    <NewPasswordField
                        label=t.t("field-new-password")
                        name="new_password"
                        errors=field_errors(result, "new_password")
                    />
                    <SubmitButton label=t.t("reset-submit") pending_label=t.t("reset-pending") pending=action.pending() />
                </ActionForm>
            </Show>
        </AuthCard>
    }
}
