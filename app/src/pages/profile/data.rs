use super::{DANGER_BUTTON, ProfileShell, RecentAuthentication, security::IdentityFields};
use crate::i18n::use_language;
use crate::{
    account_api::DeleteAccount,
    components::form::{FormAlert, TextField, field_errors, form_error},
    model::UserView,
};
use leptos::prelude::*;

#[component]
pub fn DataPage() -> impl IntoView {
    view! { <ProfileShell title="profile-nav-data" content=data /> }
}

fn data(user: UserView) -> impl IntoView {
    let t = use_language();
    let has_password = user.has_password;
    view! {
        <section aria-labelledby="export-heading" class="mt-6">
            <h2 id="export-heading" class="text-lg font-semibold">{t.t("data-download-title")}</h2>
            <p class="mt-1 text-sm text-slate-600">
                {t.t("data-download-intro")}
            </p>
            <RecentAuthentication back_to="/profile/data">
                <a
                    href="/profile/export"
                    download="portcullis-data.json"
                    rel="external"
                    class="mt-3 inline-block rounded-md border border-slate-300 px-3 py-2 text-sm font-semibold hover:bg-slate-50"
                >
                    {t.t("data-download")}
                </a>
            </RecentAuthentication>
        </section>
        <section aria-labelledby="delete-heading" class="mt-8 border-t border-slate-200 pt-6">
            <h2 id="delete-heading" class="text-lg font-semibold text-red-800">{t.t("data-delete-title")}</h2>
            <p class="mt-1 text-sm text-slate-600">
                {t.t("data-delete-intro")}
            </p>
            <RecentAuthentication back_to="/profile/data">
                <DeleteForm has_password=has_password email=user.email.clone() />
            </RecentAuthentication>
        </section>
    }
}

#[component]
fn DeleteForm(has_password: bool, email: String) -> impl IntoView {
    let t = use_language();
    let delete = ServerAction::<DeleteAccount>::new();
    let result = delete.value();
    view! {
        <ActionForm action=delete attr:class="mt-4 space-y-4">
            <FormAlert message=form_error(result) />
            <p class="text-sm text-slate-600">{t.t("data-your-address")} <strong>{email}</strong></p>
            <TextField
                label=t.t("data-type-email")
                name="confirm_email"
                input_type="email"
                autocomplete="off"
                errors=field_errors(result, "confirm_email")
            />
            <IdentityFields
                has_password=has_password
                password_errors=field_errors(result, "password")
                code_errors=field_errors(result, "code")
            />
            <button type="submit" class=DANGER_BUTTON disabled=move || delete.pending().get()>
                {t.t("data-delete")}
            </button>
        </ActionForm>
    }
}
