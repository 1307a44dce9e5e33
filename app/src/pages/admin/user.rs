use super::{AdminShell, TABLE, TD, TH};
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
        <AdminShell title="User">
            <UserDetail />
        </AdminShell>
    }
}

#[component]
fn UserDetail() -> impl IntoView {
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
            <p role="status" class="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">"Done."</p>
        </Show>
        <Suspense fallback=|| view! { <p class="text-slate-600">"Loading…"</p> }>
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
    let facts: [(&str, AnyView); 11] = [
        ("Name", name.clone().into_any()),
        ("Email", user.email.clone().into_any()),
        ("Role", user.role.to_string().into_any()),
        (
            "Status",
            if user.erase_after.is_some() {
                "Deleted, waiting for erasure"
            } else if user.is_active {
                "Active"
            } else {
                "Inactive"
            }
            .into_any(),
        ),
        (
            "Email verified",
            if user.email_verified { "Yes" } else { "No" }.into_any(),
        ),
        (
            "Locked",
            user.locked_until
                .as_deref()
                .map_or("No".into_any(), |until| {
                    view! { "Until " {time(until)} }.into_any()
                }),
        ),
        (
            "Password",
            if detail.has_password { "Set" } else { "None" }.into_any(),
        ),
        (
            "Two-step sign-in",
            if user.second_factors.is_empty() {
                "Off".into_any()
            } else {
                user.second_factors
                    .iter()
                    .map(|kind| match kind {
                        SecondFactorKind::App => "authenticator app",
                        SecondFactorKind::Email => "emailed codes",
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
                    .into_any()
            },
        ),
        (
            "Connected accounts",
            if detail.connections.is_empty() {
                "None".into_any()
            } else {
                detail.connections.join(", ").into_any()
            },
        ),
        ("Created", time(&user.created_at)),
        (
            "Last sign-in",
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
            <h2 id="actions" class="text-lg font-semibold">"Actions"</h2>
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
            <h2 id="devices" class="text-lg font-semibold">"Active sessions"</h2>
            <ul class="list-disc pl-6 text-sm" data-testid="admin-devices">
                {detail
                    .devices
                    .iter()
                    .map(|device| {
                        view! {
                            <li>
                                {format!(
                                    "{}{} · {} · signed in ",
                                    device.device,
                                    if device.kind == "api" { " (app)" } else { "" },
                                    device.ip.clone().unwrap_or_default(),
                                )}
                                <Time at=device.created_at.clone() relative=true />
                                " · last used "
                                <Time at=device.last_used_at.clone() relative=true />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="passkeys" class="space-y-2">
            <h2 id="passkeys" class="text-lg font-semibold">"Passkeys"</h2>
            {if detail.passkeys.is_empty() {
                view! { <p class="text-sm text-slate-600">"None."</p> }.into_any()
            } else {
                view! {
                    <ul class="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white" data-testid="admin-passkeys">
                        {detail
                            .passkeys
                            .clone()
                            .into_iter()
                            .map(|key| {
                                let used = key.last_used_at.clone().map(|at| view! { <Time at relative=true /> }.into_any()).unwrap_or_else(|| "never".into_any());
                                view! {
                                    <li class="flex flex-wrap items-center justify-between gap-3 p-3 text-sm">
                                        <span>
                                            <strong>{key.name.clone()}</strong>
                                            {format!(
                                                " · {} · added ",
                                                key.authenticator.clone().unwrap_or_else(|| if key.synced { "synced".into() } else { "one device".into() }),
                                            )}
                                            <Time at=key.created_at.clone() relative=true />
                                            " · last used "
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
            <h2 id="events" class="text-lg font-semibold">"Recent events"</h2>
            <table class=TABLE>
                <thead><tr><th scope="col" class=TH>"When"</th><th scope="col" class=TH>"What"</th><th scope="col" class=TH>"Address"</th><th scope="col" class=TH>"Device"</th></tr></thead>
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
    let label = action.label();
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
                                    "Cancel"
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
    view! {
        <div class="space-y-4" data-testid="confirmation">
            <h2 id="confirm-title" class="text-lg font-semibold">{action.question(&detail)}</h2>
            <p class="text-sm text-slate-700">{action.effect()}</p>
            <ActionForm action=act>
                <input type="hidden" name="id" value=detail.user.id.clone() />
                {hidden_fields(&action)}
                <input type="hidden" name="confirmed" value=CONFIRMED />
                <div class="flex flex-wrap items-center gap-3">
                    <BusyButton pending=act.pending() class=CONFIRM_BUTTON>{action.label()}</BusyButton>
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
        <AdminShell title="Confirm an action">
            <ConfirmPage />
        </AdminShell>
    }
}

#[component]
fn ConfirmPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let act = ServerAction::<AdminAct>::new();
    let detail = Resource::new(id, admin_user);
    view! {
        <FormAlert message=form_error(act.value()) />
        <Suspense fallback=|| view! { <p class="text-slate-600">"Loading…"</p> }>
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
                                    <a href=back class="text-sm font-semibold text-indigo-700 underline">"Cancel"</a>
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
