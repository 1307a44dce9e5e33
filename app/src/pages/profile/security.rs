use super::{Notice, ProfileShell, RecentAuthentication, SECONDARY_BUTTON};
use crate::{
    account_api::{
        ChangePassword, ConfirmEmailChange, SendConfirmationCode, SetPassword, StartEmailChange,
        pending_email_change,
    },
    components::form::{
        FormAlert, NewPasswordField, SubmitButton, TextField, field_errors, form_error, kept_value,
        provide_password_rules,
    },
    i18n::use_language,
    model::UserView,
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn SecurityPage() -> impl IntoView {
    provide_password_rules();
    view! { <ProfileShell title="profile-nav-security" content=security /> }
}

fn security(user: UserView) -> impl IntoView {
    let t = use_language();
    let has_password = user.has_password;
    let email = user.email.clone();
    view! {
        <Notice key="changed" value="password" text="security-password-changed" />
        <Notice key="changed" value="email" text="security-email-changed" />
        <section aria-labelledby="password-heading" class="mt-6">
            <h2 id="password-heading" class="text-lg font-semibold">
                {if has_password { t.t("security-change-password") } else { t.t("security-set-password") }}
            </h2>
            <RecentAuthentication back_to="/profile/security">
                {
                    let email = email.clone();
                    move || {
                        let email = email.clone();
                        if has_password {
                            view! { <ChangePasswordForm email /> }.into_any()
                        } else {
                            view! { <SetPasswordForm email /> }.into_any()
                        }
                    }
                }
            </RecentAuthentication>
        </section>
        <section aria-labelledby="email-heading" class="mt-8 border-t border-slate-200 pt-6">
            <h2 id="email-heading" class="text-lg font-semibold">{t.t("security-change-email")}</h2>
            <p class="mt-1 text-sm text-slate-600">
                {t.t("security-now")} <strong data-testid="current-email">{user.email.clone()}</strong>
            </p>
            <RecentAuthentication back_to="/profile/security">
                <EmailChange has_password=has_password />
            </RecentAuthentication>
        </section>
    }
}

#[component]
fn ChangePasswordForm(email: String) -> impl IntoView {
    let t = use_language();
    let change = ServerAction::<ChangePassword>::new();
    let result = change.value();
    view! {
        <ActionForm action=change attr:class="mt-4 space-y-4">
            <FormAlert message=form_error(result) />
            <AccountName email />
            <TextField
                label=t.t("field-current-password")
                name="current_password"
                input_type="password"
                autocomplete="current-password"
                errors=field_errors(result, "current_password")
            />
            <NewPasswordField
                label=t.t("field-new-password")
                name="new_password"
                errors=field_errors(result, "new_password")
            />
            <p class="text-sm text-slate-600">{t.t("security-others-signed-out")}</p>
            <SubmitButton label=t.t("security-change-password-submit") pending_label=t.t("reset-pending") pending=change.pending() />
        </ActionForm>
    }
}

/// For accounts that sign in with Google or codes only.
#[component]
fn SetPasswordForm(email: String) -> impl IntoView {
    let t = use_language();
    let set = ServerAction::<SetPassword>::new();
    let result = set.value();
    view! {
        <p class="mt-2 text-sm text-slate-600">
            {t.t("security-no-password")}
        </p>
        <SendCodeButton />
        <ActionForm action=set attr:class="mt-4 space-y-4">
            <FormAlert message=form_error(result) />
            <AccountName email />
            <CodeField errors=field_errors(result, "code") />
            <NewPasswordField
                label=t.t("field-new-password")
                name="new_password"
                errors=field_errors(result, "new_password")
            />
            <SubmitButton label=t.t("security-set-password-submit") pending_label=t.t("saving") pending=set.pending() />
        </ActionForm>
    }
}

#[component]
fn EmailChange(has_password: bool) -> impl IntoView {
    let t = use_language();
    let start = ServerAction::<StartEmailChange>::new();
    let confirm = ServerAction::<ConfirmEmailChange>::new();
    let pending = Resource::new(move || start.version().get(), |_| pending_email_change());
    let start_result = start.value();
    let confirm_result = confirm.value();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let waiting = pending.await.ok().flatten();
                view! {
                    {waiting
                        .map(|address| {
                            view! {
                                <ActionForm action=confirm attr:class="mt-4 space-y-4">
                                    <p role="status" class="text-sm text-slate-700" data-testid="email-change-pending">
                                        {t.t("second-step-sent-before")} <strong>{address}</strong>
                                        {t.t("security-email-pending-after")}
                                    </p>
                                    <FormAlert message=form_error(confirm_result) />
                                    <CodeField errors=field_errors(confirm_result, "code") />
                                    <SubmitButton label=t.t("security-confirm-new-address") pending_label=t.t("verify-confirming") pending=confirm.pending() />
                                </ActionForm>
                            }
                        })}
                    <ActionForm action=start attr:class="mt-4 space-y-4">
                        <FormAlert message=form_error(start_result) />
                        <TextField
                            label=t.t("field-new-email")
                            name="new_email"
                            input_type="email"
                            autocomplete="email"
                            errors=field_errors(start_result, "new_email")
                            value=kept_value(start_result, "new_email")
                        />
                        <IdentityFields
                            has_password=has_password
                            password_errors=field_errors(start_result, "password")
                            code_errors=field_errors(start_result, "code")
                        />
                        <SubmitButton label=t.t("security-send-code-new-address") pending_label=t.t("forgot-pending") pending=start.pending() />
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}

/// The password, or for an account without one a mailed code.
#[component]
pub fn IdentityFields(
    has_password: bool,
    #[prop(into)] password_errors: Signal<Vec<String>>,
    #[prop(into)] code_errors: Signal<Vec<String>>,
) -> impl IntoView {
    let t = use_language();
    if has_password {
        view! {
            <TextField
                label=t.t("field-current-password")
                name="password"
                input_type="password"
                autocomplete="current-password"
                errors=password_errors
            />
        }
        .into_any()
    } else {
        view! {
            <SendCodeButton />
            <CodeField errors=code_errors />
        }
        .into_any()
    }
}

#[component]
fn CodeField(#[prop(into)] errors: Signal<Vec<String>>) -> impl IntoView {
    let t = use_language();
    view! {
        <TextField
            label=t.t("second-step-code-email")
            name="code"
            autocomplete="one-time-code"
            inputmode="numeric"
            maxlength=6
            errors=errors
        />
    }
}

/// Mails a code that confirms it's the account's owner.
#[component]
pub fn SendCodeButton() -> impl IntoView {
    let t = use_language();
    let send = ServerAction::<SendConfirmationCode>::new();
    let result = send.value();
    let sent = move || result.with(|result| matches!(result, Some(Ok(()))));
    // It sits inside the caller's form: without JavaScript, `formaction`
    // posts that form to this function instead (its fields are ignored);
    // with JavaScript, the click sends the code alone.
    view! {
        <div class="mt-2 space-y-2">
            <FormAlert message=form_error(result) />
            <button
                type="submit"
                formaction=SendConfirmationCode::url()
                formmethod="post"
                formnovalidate=true
                class=SECONDARY_BUTTON
                disabled=move || send.pending().get()
                on:click=move |event| {
                    event.prevent_default();
                    send.dispatch(SendConfirmationCode {});
                }
            >
                {t.t("login-email-code")}
            </button>
            <Show when=sent>
                <p role="status" class="text-sm text-emerald-800">{t.t("security-code-sent")}</p>
            </Show>
        </div>
    }
}

/// Tells password managers which login a new password belongs to; it has
/// no name, so the form does not send it.
#[component]
fn AccountName(email: String) -> impl IntoView {
    view! { <input type="email" autocomplete="username" value=email hidden readonly /> }
}
