use super::AuthCard;
use crate::{
    account_api::{RestoreAccount, restore_offer},
    components::form::{FormAlert, SubmitButton, form_error},
    components::time::Time,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// After a sign-in to a deleted account: bring it back, or leave it be.
#[component]
pub fn RestoreAccountPage() -> impl IntoView {
    let restore = ServerAction::<RestoreAccount>::new();
    let result = restore.value();
    let offer = Resource::new(|| (), |_| restore_offer());
    view! {
        <Title text="Restore your account" />
        <AuthCard title="Restore your account">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match offer.await {
                        Ok(Some(erase_on)) => {
                            view! {
                                <p class="text-slate-700" data-testid="restore-offer">
                                    "This account was deleted. Its data will be erased on "
                                    <strong><Time at=erase_on.clone() /></strong>
                                    ". Restore it to use it again; nothing is lost."
                                </p>
                                <ActionForm action=restore attr:class="mt-6 space-y-4">
                                    <FormAlert message=form_error(result) />
                                    <SubmitButton label="Restore my account" pending_label="Restoring…" pending=restore.pending() />
                                </ActionForm>
                                <p class="mt-4 text-sm text-slate-600">
                                    <a href="/login" class="font-semibold text-indigo-700 underline">"Keep it deleted"</a>
                                </p>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <p class="text-slate-700">
                                    "Sign in with the deleted account's password or an email code to restore it."
                                </p>
                                <a href="/login" class="mt-4 inline-block font-semibold text-indigo-700 underline">"Sign in"</a>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </AuthCard>
    }
}
