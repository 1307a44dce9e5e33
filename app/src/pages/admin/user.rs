use super::{AdminShell, TABLE, TD, TH};
use crate::{
    admin_api::{AdminAct, admin_user},
    components::form::{FormAlert, form_error},
    model::AdminUserDetail,
    pages::profile::{SECONDARY_BUTTON, readable_time},
    vocabulary::{Role, SecondFactorKind},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

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
    view! {
        <FormAlert message=form_error(act.value()) />
        <Show when=move || act.value().with(|r| matches!(r, Some(Ok(()))))>
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
    let new_role = if user_is_admin(&detail) {
        Role::User
    } else {
        Role::Admin
    }
    .as_str();
    let make_button = move |action: &'static str, label: &'static str, question: String| {
        let id = id.clone();
        view! {
            <ActionForm action=act>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="action" value=action />
                {(action == "set_role").then(|| view! { <input type="hidden" name="role" value=new_role /> })}
                <button
                    type="submit"
                    class=SECONDARY_BUTTON
                    on:click=move |event| {
                        if !window().confirm_with_message(&question).unwrap_or(false) {
                            event.prevent_default();
                        }
                    }
                >
                    {label}
                </button>
            </ActionForm>
        }
    };
    let button = &make_button;
    let name = format!("{} {}", user.first_name, user.last_name);
    let facts = [
        ("Name", name.clone()),
        ("Email", user.email.clone()),
        ("Role", user.role.to_string()),
        (
            "Status",
            if user.erase_after.is_some() {
                "Deleted, waiting for erasure".into()
            } else if user.is_active {
                "Active".into()
            } else {
                "Inactive".into()
            },
        ),
        (
            "Email verified",
            if user.email_verified { "Yes" } else { "No" }.into(),
        ),
        (
            "Locked",
            user.locked_until.as_deref().map_or("No".into(), |until| {
                format!("Until {}", readable_time(until))
            }),
        ),
        (
            "Password",
            if detail.has_password { "Set" } else { "None" }.into(),
        ),
        (
            "Two-step sign-in",
            if user.second_factors.is_empty() {
                "Off".into()
            } else {
                user.second_factors
                    .iter()
                    .map(|kind| match kind {
                        SecondFactorKind::App => "authenticator app",
                        SecondFactorKind::Email => "emailed codes",
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            "Connected accounts",
            if detail.connections.is_empty() {
                "None".into()
            } else {
                detail.connections.join(", ")
            },
        ),
        ("Created", readable_time(&user.created_at)),
        (
            "Last sign-in",
            user.last_login_at
                .as_deref()
                .map(readable_time)
                .unwrap_or_else(|| "—".into()),
        ),
    ];
    let is_admin = user.role == Role::Admin;
    let passkey_owner = user.id.clone();
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
                {if user.is_active {
                    button("deactivate", "Deactivate", format!("Deactivate {name}? They are signed out everywhere at once.")).into_any()
                } else {
                    button("activate", "Activate", format!("Activate {name}?")).into_any()
                }}
                {user.locked_until.is_some().then(|| button("unlock", "Unlock", format!("Unlock {name}?")))}
                {button("revoke_sessions", "Sign out everywhere", format!("Sign {name} out of every device?"))}
                {(!user.email_verified).then(|| button("resend_verification", "Resend verification", format!("Send {name} a new verification email?")))}
                {button("send_password_reset", "Send password reset", format!("Send {name} a password reset link?"))}
                {(!user.second_factors.is_empty()).then(|| button("reset_second_factor", "Turn off two-step sign-in", format!("Turn off two-step sign-in for {name}? Their password alone will sign them in; they are told by email.")))}
                {if is_admin {
                    button("set_role", "Make user", format!("Remove admin rights from {name}?")).into_any()
                } else {
                    button("set_role", "Make admin", format!("Give {name} admin rights?")).into_any()
                }}
                {button("delete", "Delete", format!("Delete {name} and erase their data now? This cannot be undone."))}
            </div>
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
                                    "{}{} · {} · signed in {} · last used {}",
                                    device.device,
                                    if device.kind == "api" { " (app)" } else { "" },
                                    device.ip.clone().unwrap_or_default(),
                                    readable_time(&device.created_at),
                                    readable_time(&device.last_used_at),
                                )}
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
                                let user_id = passkey_owner.clone();
                                let question = format!(
                                    "Remove the passkey “{}” from {name}? It stops signing them in; they are told by email.",
                                    key.name,
                                );
                                let used = key.last_used_at.as_deref().map(readable_time).unwrap_or_else(|| "never".into());
                                view! {
                                    <li class="flex flex-wrap items-center justify-between gap-3 p-3 text-sm">
                                        <span>
                                            <strong>{key.name.clone()}</strong>
                                            {format!(
                                                " · {} · added {} · last used {used}",
                                                key.authenticator.clone().unwrap_or_else(|| if key.synced { "synced".into() } else { "one device".into() }),
                                                readable_time(&key.created_at),
                                            )}
                                        </span>
                                        <ActionForm action=act>
                                            <input type="hidden" name="id" value=user_id />
                                            <input type="hidden" name="action" value="remove_passkey" />
                                            <input type="hidden" name="passkey" value=key.id.clone() />
                                            <button
                                                type="submit"
                                                class=SECONDARY_BUTTON
                                                on:click=move |event| {
                                                    if !window().confirm_with_message(&question).unwrap_or(false) {
                                                        event.prevent_default();
                                                    }
                                                }
                                            >
                                                "Remove"
                                            </button>
                                        </ActionForm>
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
                                    <td class=TD>{readable_time(&event.at)}</td>
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

fn user_is_admin(detail: &AdminUserDetail) -> bool {
    detail.user.role == Role::Admin
}
