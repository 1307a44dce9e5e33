use super::AuthCard;
use crate::{
    api::SignUp,
    components::form::{
        FormAlert, NewPasswordField, SubmitButton, TextField, field_errors, form_error, kept_value,
    },
    components::google::ContinueWithGoogle,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let sign_up = ServerAction::<SignUp>::new();
    let result = sign_up.value();

    view! {
        <Title text="Create your account" />
        <AuthCard title="Create your account">
            <ContinueWithGoogle />
            <ActionForm action=sign_up attr:class="space-y-5">
                <FormAlert message=form_error(result) />
                <div class="grid gap-5 sm:grid-cols-2">
                    <TextField
                        label="First name"
                        name="first_name"
                        autocomplete="given-name"
                        errors=field_errors(result, "first_name")
                        value=kept_value(result, "first_name")
                    />
                    <TextField
                        label="Last name"
                        name="last_name"
                        autocomplete="family-name"
                        errors=field_errors(result, "last_name")
                        value=kept_value(result, "last_name")
                    />
                </div>
                <TextField
                    label="Email"
                    name="email"
                    input_type="email"
                    autocomplete="email"
                    errors=field_errors(result, "email")
                        value=kept_value(result, "email")
                />
                <NewPasswordField
                    label="Password"
                    name="password"
                    errors=field_errors(result, "password")
                />
                <SubmitButton
                    label="Create account"
                    pending_label="Creating your account…"
                    pending=sign_up.pending()
                />
            </ActionForm>
            <p class="mt-6 text-sm text-slate-600">
                "Already have an account? "
                <a href="/login" class="font-semibold text-indigo-700 underline">
                    "Sign in"
                </a>
            </p>
        </AuthCard>
    }
}
