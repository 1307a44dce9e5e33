use super::AuthCard;
use crate::i18n::use_language;
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
    let t = use_language();
    let restore = ServerAction::<RestoreAccount>::new();
    let result = restore.value();
    let offer = Resource::new(|| (), |_| restore_offer());
    view! {
        <Title text=t.t("restore-title") />
        <AuthCard title=t.t("restore-title")>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match offer.await {
                        Ok(Some(erase_on)) => {
                            view! {
                                <p class="text-slate-700" data-testid="restore-offer">
                                    {t.t("restore-offer-before")}
                                    <strong><Time at=erase_on.clone() /></strong>
                                    {t.t("restore-offer-after")}
                                </p>
                                <ActionForm action=restore attr:class="mt-6 space-y-4">
                                    <FormAlert message=form_error(result) />
                                    <SubmitButton label=t.t("restore-submit") pending_label=t.t("restore-pending") pending=restore.pending() />
                                </ActionForm>
                                <p class="mt-4 text-sm text-slate-600">
                                    <a href="/login" class="font-semibold text-indigo-700 underline">{t.t("restore-keep-deleted")}</a>
                                </p>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <p class="text-slate-700">
                                    {t.t("restore-sign-in-first")}
                                </p>
                                <a href="/login" class="mt-4 inline-block font-semibold text-indigo-700 underline">{t.t("login-submit")}</a>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </AuthCard>
    }
}
