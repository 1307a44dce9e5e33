use super::{AdminShell, TABLE, TD, TH};
use crate::i18n::use_language;
use crate::{
    admin_actions::{AdminAction, CONFIRMED},
    admin_api::{AdminAct, admin_user},
    components::form::{BusyButton, FormAlert, form_error},
    components::time::Time,
    model::AdminUserDetail,
    pages::profile::SECONDARY_BUTTON,
    vocabulary::{Role, SecondFactorKind},
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

const CONFIRM_BUTTON: &str = "rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:cursor-wait disabled:opacity-70";

#[component]
pub fn AdminUserPage() -> impl IntoView {
    view! {
        <AdminShell title="admin-user-title">
            <UserDetail />
        </AdminShell>
    }
}

#[component]
fn UserDetail() -> impl IntoView {
    let t = use_language();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let act = ServerAction::<AdminAct>::new();
    let detail = Resource::new(
        move || (id(), act.version().get()),
        |(id, _)| admin_user(id),
    );
    let query = use_query_map();
    let done = move || {
        act.value().with(|r| matches!(r, Some(Ok(()))))
            || query.with(|query| query.get("done")).is_some()
    };
    view! {
        <FormAlert message=form_error(act.value()) />
        <Show when=done>
            <p role="status" class="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">{t.t("admin-done")}</p>
        </Show>
        <Suspense fallback=move || view! { <p class="text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <Detail detail act /> }.into_any(),
                    Err(error) => view! { <p role="alert" class="text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(detail: AdminUserDetail, act: ServerAction<AdminAct>) -> impl IntoView {
    let t = use_language();
    let user = detail.user.clone();
    let id = user.id.clone();
    let asking = RwSignal::new(None::<AdminAction>);
    let button = {
        let id = id.clone();
        move |action: AdminAction| view! { <ActionButton action user_id=id.clone() act asking /> }
    };
    let button = &button;
    let name = format!("{} {}", user.first_name, user.last_name);
    let time = |at: &str| view! { <Time at=at.to_string() /> }.into_any();
    let facts: [(String, AnyView); 11] = [
        (t.t("profile-name"), name.clone().into_any()),
        (t.t("field-email"), user.email.clone().into_any()),
        (t.t("admin-role"), user.role.to_string().into_any()),
        (
            t.t("admin-status"),
            if user.erase_after.is_some() {
                t.t("admin-deleted-waiting")
            } else if user.is_active {
                t.t("admin-active")
            } else {
                t.t("admin-inactive")
            }
            .into_any(),
        ),
        (
            t.t("profile-email-verified"),
            if user.email_verified {
                t.t("yes")
            } else {
                t.t("no")
            }
            .into_any(),
        ),
        (
            t.t("admin-locked"),
            user.locked_until
                .as_deref()
                .map_or(t.t("no").into_any(), |until| {
                    view! { {t.t("admin-until")} {time(until)} }.into_any()
                }),
        ),
        (
            t.t("field-password"),
            if detail.has_password {
                t.t("google-set")
            } else {
                t.t("admin-none")
            }
            .into_any(),
        ),
        (
            t.t("second-step-title"),
            if user.second_factors.is_empty() {
                t.t("two-step-off").into_any()
            } else {
                user.second_factors
                    .iter()
                    .map(|kind| match kind {
                        SecondFactorKind::App => t.t("admin-factor-app"),
                        SecondFactorKind::Email => t.t("admin-factor-email"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
                    .into_any()
            },
        ),
        (
            t.t("admin-connections"),
            if detail.connections.is_empty() {
                t.t("admin-none").into_any()
            } else {
                detail.connections.join(", ").into_any()
            },
        ),
        (t.t("admin-created"), time(&user.created_at)),
        (
            t.t("profile-last-sign-in"),
            user.last_login_at
                .as_deref()
                .map(time)
                .unwrap_or_else(|| "—".into_any()),
        ),
    ];
    let is_admin = user.role == Role::Admin;
    view! {
        <dl class="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[12rem_1fr]" data-testid="user-detail">
            {facts
                .into_iter()
                .map(|(label, value)| view! { <dt class="font-medium text-slate-600">{label}</dt><dd>{value}</dd> })
                .collect_view()}
        </dl>
        <section aria-labelledby="actions" class="space-y-3">
            <h2 id="actions" class="text-lg font-semibold">{t.t("admin-actions")}</h2>
            <div class="flex flex-wrap gap-2">
                {button(if user.is_active { AdminAction::Deactivate } else { AdminAction::Activate })}
                {user.locked_until.is_some().then(|| button(AdminAction::Unlock))}
                {button(AdminAction::RevokeSessions)}
                {(!user.email_verified).then(|| button(AdminAction::ResendVerification))}
                {button(AdminAction::SendPasswordReset)}
                {(!user.second_factors.is_empty()).then(|| button(AdminAction::ResetSecondFactor))}
                {button(AdminAction::SetRole(if is_admin { Role::User } else { Role::Admin }.as_str().into()))}
                {button(AdminAction::Delete)}
            </div>
            <ConfirmDialog detail=detail.clone() act asking />
        </section>
        <section aria-labelledby="devices" class="space-y-2">
            <h2 id="devices" class="text-lg font-semibold">{t.t("admin-sessions")}</h2>
            <ul class="list-disc pl-6 text-sm" data-testid="admin-devices">
                {detail
                    .devices
                    .iter()
                    .map(|device| {
                        view! {
                            <li>
                                {format!(
                                    "{}{} · {}",
                                    device.device,
                                    if device.kind == "api" { t.t("devices-app") } else { String::new() },
                                    device.ip.clone().unwrap_or_default(),
                                )}
                                {t.t("admin-signed-in-at")}
                                <Time at=device.created_at.clone() relative=true />
                                {t.t("last-used")}
                                <Time at=device.last_used_at.clone() relative=true />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="passkeys" class="space-y-2">
            <h2 id="passkeys" class="text-lg font-semibold">{t.t("profile-nav-passkeys")}</h2>
            {if detail.passkeys.is_empty() {
                view! { <p class="text-sm text-slate-600">{t.t("admin-none-dot")}</p> }.into_any()
            } else {
                view! {
                    <ul class="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white" data-testid="admin-passkeys">
                        {detail
                            .passkeys
                            .clone()
                            .into_iter()
                            .map(|key| {
                                let used = key.last_used_at.clone().map(|at| view! { <Time at relative=true /> }.into_any()).unwrap_or_else(|| t.t("never").into_any());
                                view! {
                                    <li class="flex flex-wrap items-center justify-between gap-3 p-3 text-sm">
                                        <span>
                                            <strong>{key.name.clone()}</strong>
                                            {format!(
                                                " · {}",
                                                key.authenticator.clone().unwrap_or_else(|| t.t(if key.synced { "admin-synced" } else { "admin-one-device" })),
                                            )}
                                            {t.t("admin-added-at")}
                                            <Time at=key.created_at.clone() relative=true />
                                            {t.t("last-used")}
                                            {used}
                                        </span>
                                        {button(AdminAction::RemovePasskey(key.id.clone()))}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <section aria-labelledby="events" class="space-y-2">
            <h2 id="events" class="text-lg font-semibold">{t.t("admin-events")}</h2>
            <table class=TABLE>
                <thead><tr><th scope="col" class=TH>{t.t("devices-when")}</th><th scope="col" class=TH>{t.t("devices-what")}</th><th scope="col" class=TH>{t.t("devices-address")}</th><th scope="col" class=TH>{t.t("devices-device")}</th></tr></thead>
                <tbody>
                    {detail
                        .events
                        .iter()
                        .map(|event| {
                            view! {
                                <tr>
                                    <td class=TD><Time at=event.at.clone() relative=true /></td>
                                    <td class=TD>{event.description.clone()}</td>
                                    <td class=TD>{event.ip.clone().unwrap_or_default()}</td>
                                    <td class=TD>{event.device.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// One action's button. An action that needs confirmation asks first:
/// with JavaScript in a dialog on this page; without, the button is a form
/// that leads to the action's confirmation page, so nothing happens on the
/// first click either way.
#[component]
fn ActionButton(
    action: AdminAction,
    user_id: String,
    act: ServerAction<AdminAct>,
    asking: RwSignal<Option<AdminAction>>,
) -> impl IntoView {
    let label = action.label(use_language());
    let fields = hidden_fields(&action);
    if action.needs_confirmation() {
        view! {
            <form
                method="get"
                action=format!("/admin/users/{user_id}/confirm")
                on:submit=move |event| {
                    event.prevent_default();
                    asking.set(Some(action.clone()));
                }
            >
                {fields}
                <button type="submit" class=SECONDARY_BUTTON disabled=move || act.pending().get()>
                    {label}
                </button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=act>
                <input type="hidden" name="id" value=user_id />
                {fields}
                <BusyButton pending=act.pending() class=SECONDARY_BUTTON>{label}</BusyButton>
            </ActionForm>
        }
        .into_any()
    }
}

fn hidden_fields(action: &AdminAction) -> impl IntoView + use<> {
    action
        .form_fields()
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view()
}

/// The in-page confirmation: a modal `<dialog>` (focus stays inside, Escape
/// closes it) holding the same question and form as the confirmation page.
#[component]
fn ConfirmDialog(
    detail: AdminUserDetail,
    act: ServerAction<AdminAct>,
    asking: RwSignal<Option<AdminAction>>,
) -> impl IntoView {
    let t = use_language();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        if asking.with(Option::is_some) {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    // The answer closes it; the page says what happened.
    Effect::new(move |_| {
        if act.value().with(Option::is_some) {
            asking.set(None);
        }
    });
    view! {
        <dialog
            node_ref=dialog
            aria-labelledby="confirm-title"
            on:close=move |_| asking.set(None)
            class="w-full max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
        >
            {move || {
                asking
                    .get()
                    .map(|action| {
                        view! {
                            <Confirmation action detail=detail.clone() act>
                                <button type="button" class=SECONDARY_BUTTON on:click=move |_| asking.set(None)>
                                    {t.t("cancel")}
                                </button>
                            </Confirmation>
                        }
                    })
            }}
        </dialog>
    }
}

/// The question, the effect and the one form that does the action
/// (`confirmed=yes`); `children` is the way back.
#[component]
fn Confirmation(
    action: AdminAction,
    detail: AdminUserDetail,
    act: ServerAction<AdminAct>,
    children: Children,
) -> impl IntoView {
    let t = use_language();
    view! {
        <div class="space-y-4" data-testid="confirmation">
            <h2 id="confirm-title" class="text-lg font-semibold">{action.question(&detail, t)}</h2>
            <p class="text-sm text-slate-700">{action.effect(t)}</p>
            <ActionForm action=act>
                <input type="hidden" name="id" value=detail.user.id.clone() />
                {hidden_fields(&action)}
                <input type="hidden" name="confirmed" value=CONFIRMED />
                <div class="flex flex-wrap items-center gap-3">
                    <BusyButton pending=act.pending() class=CONFIRM_BUTTON>{action.label(t)}</BusyButton>
                    {children()}
                </div>
            </ActionForm>
        </div>
    }
}

/// `/admin/users/:id/confirm?action=…`: where an action that needs
/// confirmation leads without JavaScript. Opening it changes nothing.
#[component]
pub fn AdminConfirmPage() -> impl IntoView {
    view! {
        <AdminShell title="admin-confirm-title">
            <ConfirmPage />
        </AdminShell>
    }
}

#[component]
fn ConfirmPage() -> impl IntoView {
    let t = use_language();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let act = ServerAction::<AdminAct>::new();
    let detail = Resource::new(id, admin_user);
    view! {
        <FormAlert message=form_error(act.value()) />
        <Suspense fallback=move || view! { <p class="text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let action = query.with_untracked(|q| {
                    AdminAction::from_form(&q.get("action").unwrap_or_default(), q.get("role"), q.get("passkey"))
                });
                match (detail.await, action) {
                    (Ok(detail), Ok(action)) => {
                        let back = format!("/admin/users/{}", detail.user.id);
                        view! {
                            <section class="max-w-xl rounded-lg border border-slate-200 bg-white p-6">
                                <Confirmation action detail act>
                                    <a href=back class="text-sm font-semibold text-indigo-700 underline">{t.t("cancel")}</a>
                                </Confirmation>
                            </section>
                        }
                            .into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => {
                        view! { <p role="alert" class="text-red-700">{error.message}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
