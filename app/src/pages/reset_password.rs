use super::AuthCard;
use crate::{
    api::{ResetPassword, reset_link_account},
    components::form::{FormAlert, NewPasswordField, SubmitButton, field_errors, form_error},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|query| query.get("token")).unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let result = action.value();
    let account = Resource::new(token, reset_link_account);

    view! {
        <Title text="Choose a new password" />
        <AuthCard title="Choose a new password">
            <Show
                when=move || !token().is_empty()
                fallback=|| {
                    view! {
                        <p class="text-slate-800">
                            "This page needs the link from the reset message. "
                            <a href="/forgot-password" class="font-semibold text-indigo-700 underline">
                                "Ask for a new link"
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
                        label="New password"
                        name="new_password"
                        errors=field_errors(result, "new_password")
                    />
                    <SubmitButton label="Change my password" pending_label="Changing…" pending=action.pending() />
                </ActionForm>
            </Show>
        </AuthCard>
    }
}
