use super::{Notice, ProfileShell, SECONDARY_BUTTON};
use crate::components::time::Time;
use crate::i18n::use_language;
use crate::{
    account_api::UpdateNames,
    api::ResendVerification as Resend,
    components::{
        footer::LanguagePicker,
        form::{FormAlert, SubmitButton, TextField, field_errors, form_error, kept_value},
        google::ConnectedAccounts,
    },
    model::UserView,
};
use leptos::prelude::*;

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <ProfileShell title="profile-title" content=details /> }
}

fn details(user: UserView) -> impl IntoView {
    let t = use_language();
    let last_sign_in = user
        .last_login_at
        .clone()
        .map(|at| view! { <Time at relative=true /> }.into_any())
        .unwrap_or_else(|| "—".into_any());
    view! {
        <Notice key="restored" value="1" text="profile-restored" />
        <Notice key="saved" value="1" text="profile-saved" />
        <dl class="mt-6 grid gap-4 sm:grid-cols-[10rem_1fr]">
            <dt class="font-medium text-slate-600">{t.t("profile-name")}</dt>
            <dd data-testid="profile-name">{user.display_name()}</dd>
            <dt class="font-medium text-slate-600">{t.t("field-email")}</dt>
            <dd data-testid="profile-email">{user.email.clone()}</dd>
            <dt class="font-medium text-slate-600">{t.t("profile-email-verified")}</dt>
            <dd data-testid="profile-email-verified">
                {if user.email_verified { t.t("yes") } else { t.t("profile-not-yet") }}
                <Show when=move || !user.email_verified>
                    <ResendVerification />
                </Show>
            </dd>
            <dt class="font-medium text-slate-600">{t.t("profile-member-since")}</dt>
            <dd><Time at=user.created_at.clone() /></dd>
            <dt class="font-medium text-slate-600">{t.t("profile-last-sign-in")}</dt>
            <dd data-testid="profile-last-sign-in">{last_sign_in}</dd>
        </dl>
        <EditNames user=user.clone() />
        <section aria-labelledby="language-heading" class="mt-8 border-t border-slate-200 pt-6" data-testid="profile-language">
            <h2 id="language-heading" class="text-lg font-semibold">{t.t("profile-language")}</h2>
            <p class="mt-1 text-sm text-slate-600">{t.t("profile-language-intro")}</p>
            <LanguagePicker id="profile-language" class="mt-3 flex flex-wrap items-center gap-2 text-sm" />
        </section>
        <ConnectedAccounts />
    }
}

#[component]
fn EditNames(user: UserView) -> impl IntoView {
    let t = use_language();
    let update = ServerAction::<UpdateNames>::new();
    let result = update.value();
    // What the fields show: the last attempt's input, else the stored names.
    let shown = move |field: &'static str, stored: String| {
        let kept = kept_value(result, field);
        Signal::derive(move || kept.get().or_else(|| Some(stored.clone())))
    };
    view! {
        <section aria-labelledby="edit-names" class="mt-8 border-t border-slate-200 pt-6">
            <h2 id="edit-names" class="text-lg font-semibold">{t.t("profile-edit-name")}</h2>
            <ActionForm action=update attr:class="mt-4 grid gap-4 sm:grid-cols-2">
                <div class="sm:col-span-2">
                    <FormAlert message=form_error(result) />
                </div>
                <TextField
                    label=t.t("field-first-name")
                    name="first_name"
                    autocomplete="given-name"
                    errors=field_errors(result, "first_name")
                    value=shown("first_name", user.first_name.clone())
                />
                <TextField
                    label=t.t("field-last-name")
                    name="last_name"
                    autocomplete="family-name"
                    errors=field_errors(result, "last_name")
                    value=shown("last_name", user.last_name.clone())
                />
                <div class="sm:col-span-2 sm:w-48">
                    <SubmitButton label=t.t("profile-save-name") pending_label=t.t("saving") pending=update.pending() />
                </div>
            </ActionForm>
        </section>
    }
}

/// Sends a new verification message (the older one stops working).
#[component]
fn ResendVerification() -> impl IntoView {
    let t = use_language();
    let resend = ServerAction::<Resend>::new();
    let result = resend.value();
    let sent = move || result.with(|result| matches!(result, Some(Ok(()))));
    view! {
        <ActionForm action=resend attr:class="mt-2 space-y-2">
            <FormAlert message=form_error(result) />
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <button type="submit" class=SECONDARY_BUTTON disabled=move || resend.pending().get()>
                            {t.t("profile-resend")}
                        </button>
                    }
                }
            >
                <p role="status" class="text-sm text-emerald-800">{t.t("profile-resent")}</p>
            </Show>
        </ActionForm>
    }
}
