use super::AuthCard;
use crate::i18n::use_language;
use crate::{
    api::SignUp,
    components::form::{
        FormAlert, NewPasswordField, SubmitButton, TextField, field_errors, form_error, kept_value,
        provide_password_rules,
    },
    components::google::ContinueWithGoogle,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignUpPage() -> impl IntoView {
    provide_password_rules();
    let sign_up = ServerAction::<SignUp>::new();
    let result = sign_up.value();

    let t = use_language();
    view! {
        <Title text=t.t("signup-title") />
        <AuthCard title=t.t("signup-title")>
            <ContinueWithGoogle />
            <ActionForm action=sign_up attr:class="space-y-5">
                <FormAlert message=form_error(result) />
                <div class="grid gap-5 sm:grid-cols-2">
                    <TextField
                        label=t.t("field-first-name")
                        name="first_name"
                        autocomplete="given-name"
                        errors=field_errors(result, "first_name")
                        value=kept_value(result, "first_name")
                    />
                    <TextField
                        label=t.t("field-last-name")
                        name="last_name"
                        autocomplete="family-name"
                        errors=field_errors(result, "last_name")
                        value=kept_value(result, "last_name")
                    />
                </div>
                <TextField
                    label=t.t("field-email")
                    name="email"
                    input_type="email"
                    autocomplete="email"
                    errors=field_errors(result, "email")
                        value=kept_value(result, "email")
                />
                <NewPasswordField
                    label=t.t("field-password")
                    name="password"
                    errors=field_errors(result, "password")
                />
                <SubmitButton
                    label=t.t("signup-submit")
                    pending_label=t.t("signup-pending")
                    pending=sign_up.pending()
                />
            </ActionForm>
            <p class="mt-6 text-sm text-slate-600">
                {t.t("signup-have-account")} " "
                <a href="/login" class="font-semibold text-indigo-700 underline">
                    {t.t("signup-sign-in")}
                </a>
            </p>
        </AuthCard>
    }
}
