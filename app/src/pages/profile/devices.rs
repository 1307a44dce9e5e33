use super::{ProfileShell, SECONDARY_BUTTON};
use crate::components::time::Time;
use crate::i18n::use_language;
use crate::{
    account_api::{RevokeDevice, SignOutOtherDevices, devices, recent_activity},
    components::form::{BusyButton, FormAlert, form_error},
    model::UserView,
    two_step_api::{RevokeTrustedBrowser, trusted_browsers},
};
use leptos::prelude::*;

#[component]
pub fn DevicesPage() -> impl IntoView {
    view! { <ProfileShell title="profile-nav-devices" content=device_list /> }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    view! { <ProfileShell title="devices-activity-title" content=activity_list /> }
}

fn device_list(_user: UserView) -> impl IntoView {
    let t = use_language();
    let revoke = ServerAction::<RevokeDevice>::new();
    let others = ServerAction::<SignOutOtherDevices>::new();
    let list = Resource::new(
        move || (revoke.version().get(), others.version().get()),
        |_| devices(),
    );
    view! {
        <p class="mt-2 text-sm text-slate-600">
            {t.t("devices-intro")}
        </p>
        <div class="mt-4 space-y-2">
            <FormAlert message=form_error(revoke.value()) />
            <FormAlert message=form_error(others.value()) />
        </div>
        <Suspense fallback=move || view! { <p class="mt-4 text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(devices) => {
                        view! {
                            <ul class="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="devices">
                                {devices
                                    .into_iter()
                                    .map(|device| {
                                        let id = device.id.clone();
                                        view! {
                                            <li class="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="device">
                                                <div>
                                                    <p class="font-medium">
                                                        {device.device.clone()}
                                                        {(device.kind == "api").then_some(t.t("devices-app"))}
                                                        {device.current.then(|| view! {
                                                            <span class="ml-2 rounded bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900">{t.t("devices-this")}</span>
                                                        })}
                                                    </p>
                                                    <p class="text-sm text-slate-600">
                                                        {device.ip.clone().unwrap_or_else(|| t.t("devices-unknown-address"))}
                                                        {t.t("devices-signed-in-at")} <Time at=device.created_at.clone() relative=true />
                                                        {t.t("last-used")} <Time at=device.last_used_at.clone() relative=true />
                                                    </p>
                                                </div>
                                                {(!device.current).then(|| view! {
                                                    <ActionForm action=revoke>
                                                        <input type="hidden" name="id" value=id />
                                                        <BusyButton pending=revoke.pending() class=SECONDARY_BUTTON>{t.t("nav-sign-out")}</BusyButton>
                                                    </ActionForm>
                                                })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <p role="alert" class="mt-4 text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
        <ActionForm action=others attr:class="mt-6">
            <BusyButton pending=others.pending() class=SECONDARY_BUTTON>{t.t("devices-sign-out-others")}</BusyButton>
        </ActionForm>
        <TrustedBrowsers />
    }
}

/// Browsers that skip the second step of a sign-in, each revocable.
#[component]
fn TrustedBrowsers() -> impl IntoView {
    let t = use_language();
    let revoke = ServerAction::<RevokeTrustedBrowser>::new();
    let list = Resource::new(move || revoke.version().get(), |_| trusted_browsers());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let browsers = list.await.unwrap_or_default();
                (!browsers.is_empty()).then(|| view! {
                    <section class="mt-8 border-t border-slate-200 pt-6" aria-labelledby="trusted-heading">
                        <h2 id="trusted-heading" class="text-lg font-semibold">{t.t("devices-trusted")}</h2>
                        <p class="mt-1 text-sm text-slate-600">{t.t("devices-trusted-intro")}</p>
                        <FormAlert message=form_error(revoke.value()) />
                        <ul class="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="trusted-browsers">
                            {browsers.into_iter().map(|browser| view! {
                                <li class="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="trusted-browser">
                                    <div>
                                        <p class="font-medium">{browser.device.clone()}</p>
                                        <p class="text-sm text-slate-600">
                                            {browser.ip.clone().unwrap_or_else(|| t.t("devices-unknown-address"))}
                                            {t.t("devices-trusted-at")} <Time at=browser.created_at.clone() relative=true />
                                            {t.t("devices-until")} <Time at=browser.expires_at.clone() />
                                        </p>
                                    </div>
                                    <ActionForm action=revoke>
                                        <input type="hidden" name="id" value=browser.id.clone() />
                                        <BusyButton pending=revoke.pending() class=SECONDARY_BUTTON>{t.t("devices-stop-trusting")}</BusyButton>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

fn activity_list(_user: UserView) -> impl IntoView {
    let t = use_language();
    let events = Resource::new(|| (), |_| recent_activity());
    view! {
        <p class="mt-2 text-sm text-slate-600">{t.t("devices-activity-intro")}</p>
        <Suspense fallback=move || view! { <p class="mt-4 text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(events) => {
                        view! {
                            <div class="mt-4 overflow-x-auto">
                                <table class="w-full text-left text-sm" data-testid="activity">
                                    <thead class="border-b border-slate-200 text-slate-600">
                                        <tr>
                                            <th scope="col" class="py-2 pr-4 font-medium">{t.t("devices-when")}</th>
                                            <th scope="col" class="py-2 pr-4 font-medium">{t.t("devices-what")}</th>
                                            <th scope="col" class="py-2 pr-4 font-medium">{t.t("devices-address")}</th>
                                            <th scope="col" class="py-2 font-medium">{t.t("devices-device")}</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-slate-100">
                                        {events
                                            .into_iter()
                                            .map(|event| {
                                                view! {
                                                    <tr>
                                                        <td class="whitespace-nowrap py-2 pr-4"><Time at=event.at.clone() relative=true /></td>
                                                        <td class=if event.success { "py-2 pr-4" } else { "py-2 pr-4 text-red-800" }>
                                                            {event.description}
                                                        </td>
                                                        <td class="py-2 pr-4">{event.ip.unwrap_or_default()}</td>
                                                        <td class="py-2">{event.device}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <p role="alert" class="mt-4 text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
