use super::{Notice, ProfileShell, RecentAuthentication, SECONDARY_BUTTON};
use crate::i18n::{Language, use_language};
use crate::{
    components::{
        form::{BusyButton, FormAlert, form_error},
        passkeys::AddPasskey,
        time::Time,
    },
    model::{PasskeyView, UserView},
    passkey_api::{RemovePasskey, RenamePasskey, passkeys},
};
use leptos::prelude::*;

#[component]
pub fn PasskeysPage() -> impl IntoView {
    view! { <ProfileShell title="profile-nav-passkeys" content=passkey_list /> }
}

fn passkey_list(_user: UserView) -> impl IntoView {
    let t = use_language();
    let rename = ServerAction::<RenamePasskey>::new();
    let remove = ServerAction::<RemovePasskey>::new();
    let list = Resource::new(
        move || (rename.version().get(), remove.version().get()),
        |_| passkeys(),
    );
    view! {
        <p class="mt-2 text-sm text-slate-600">
            {t.t("passkeys-intro")}
            {t.t("passkeys-intro-two-step")}
        </p>
        <Notice key="added" value="1" text="passkeys-added" />
        <Notice key="renamed" value="1" text="passkeys-renamed" />
        <Notice key="removed" value="1" text="passkeys-removed" />
        <div class="mt-4 space-y-2">
            <FormAlert message=form_error(rename.value()) />
            <FormAlert message=form_error(remove.value()) />
        </div>
        <Suspense fallback=move || view! { <p class="mt-4 text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(keys) if keys.is_empty() => view! {
                        <p class="mt-4 text-sm text-slate-700" data-testid="no-passkeys">{t.t("passkeys-none")}</p>
                    }
                        .into_any(),
                    Ok(keys) => view! {
                        <ul class="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="passkeys">
                            {keys.into_iter().map(|key| view! { <PasskeyRow key=key rename=rename remove=remove /> }).collect_view()}
                        </ul>
                    }
                        .into_any(),
                    Err(error) => view! { <p role="alert" class="mt-4 text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section class="mt-8 border-t border-slate-200 pt-6" aria-labelledby="add-passkey-heading">
            <h2 id="add-passkey-heading" class="text-lg font-semibold">{t.t("passkeys-add")}</h2>
            <RecentAuthentication back_to="/profile/passkeys">
                <AddPasskey />
            </RecentAuthentication>
        </section>
    }
}

/// "iCloud Keychain · synced to your devices", "Passkey on one device"…
fn kind(key: &PasskeyView, t: Language) -> String {
    let sync = t.t(if key.synced {
        "passkeys-synced"
    } else {
        "passkeys-one-device"
    });
    match &key.authenticator {
        Some(make) => format!("{make} · {sync}"),
        None => t.t_with("passkeys-kind-unknown", [("sync", sync.into())]),
    }
}

#[component]
fn PasskeyRow(
    key: PasskeyView,
    rename: ServerAction<RenamePasskey>,
    remove: ServerAction<RemovePasskey>,
) -> impl IntoView {
    let t = use_language();
    let last_used = key
        .last_used_at
        .clone()
        .map(|at| view! { <Time at relative=true /> }.into_any())
        .unwrap_or_else(|| t.t("never").into_any());
    let (rename_id, remove_id) = (key.id.clone(), key.id.clone());
    view! {
        <li class="space-y-3 p-3" data-testid="passkey">
            <div>
                <p class="font-medium" data-testid="passkey-name">{key.name.clone()}</p>
                <p class="text-sm text-slate-600">
                    {kind(&key, t)} {t.t("passkeys-added-at")} <Time at=key.created_at.clone() relative=true /> {t.t("last-used")} {last_used}
                </p>
            </div>
            <div class="flex flex-wrap items-end gap-3">
                <ActionForm action=rename attr:class="flex flex-wrap items-end gap-2">
                    <input type="hidden" name="id" value=rename_id />
                    <label class="text-sm text-slate-700">
                        <span class="sr-only">{t.t("passkeys-new-name-for")} {key.name.clone()}</span>
                        <input
                            type="text"
                            name="name"
                            required
                            maxlength=64
                            value=key.name.clone()
                            class="w-48 rounded-md border border-slate-300 px-2 py-1 text-sm"
                        />
                    </label>
                    <BusyButton pending=rename.pending() class=SECONDARY_BUTTON>{t.t("rename")}</BusyButton>
                </ActionForm>
                <ActionForm action=remove>
                    <input type="hidden" name="id" value=remove_id />
                    <BusyButton pending=remove.pending() class=SECONDARY_BUTTON attr:data-testid="remove-passkey">{t.t("remove")}</BusyButton>
                </ActionForm>
            </div>
        </li>
    }
}
