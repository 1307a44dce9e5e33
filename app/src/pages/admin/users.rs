use super::{AdminShell, BUTTON, INPUT, Pager, TABLE, TD, TH, current_params, param};
use crate::{
    admin_api::admin_users, components::time::Time, model::AdminUserView, navigation::query_string,
};
use leptos::prelude::*;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! {
        <AdminShell title="Users">
            <UsersTable />
        </AdminShell>
    }
}

/// The search, filters, sort and page live in the URL, so a view can be bookmarked.
#[component]
fn UsersTable() -> impl IntoView {
    let params = current_params();
    let users = Resource::new(
        move || params.get(),
        |params| {
            admin_users(
                param(&params, "q"),
                param(&params, "role"),
                status(&params),
                param(&params, "sort"),
                param(&params, "page"),
            )
        },
    );
    let value = move |key: &'static str| param(&params.get(), key).unwrap_or_default();
    view! {
        <form method="get" action="/admin/users" class="flex flex-wrap items-end gap-3" role="search">
            <label class="text-sm">
                <span class="block font-medium">"Search"</span>
                <input type="search" name="q" value=move || value("q") placeholder="email or name" class=INPUT />
            </label>
            <label class="text-sm">
                <span class="block font-medium">"Role"</span>
                <select name="role" class=INPUT>
                    {[("", "Any"), ("user", "User"), ("admin", "Admin")]
                        .into_iter()
                        .map(|(v, label)| view! { <option value=v selected=move || value("role") == v>{label}</option> })
                        .collect_view()}
                </select>
            </label>
            <StatusSelect name="active" label="Active" choices=[("active", "Active"), ("inactive", "Inactive")] value=Signal::derive(move || value("active")) />
            <StatusSelect name="verified" label="Verified" choices=[("verified", "Verified"), ("unverified", "Not verified")] value=Signal::derive(move || value("verified")) />
            <StatusSelect name="locked" label="Locked" choices=[("locked", "Locked"), ("unlocked", "Not locked")] value=Signal::derive(move || value("locked")) />
            <input type="hidden" name="sort" value=move || value("sort") />
            <button type="submit" class=BUTTON>"Apply"</button>
        </form>
        <Suspense fallback=|| view! { <p class="text-slate-600">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let params = params.get_untracked();
                match users.await {
                    Ok(page) => {
                        view! {
                            <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white p-4">
                                <table class=format!("{TABLE} min-w-[48rem]") data-testid="users">
                                    <thead>
                                        <tr>
                                            <th scope="col" class=format!("{TH} {STICKY}")>"Name"</th>
                                            <SortHeader params=params.clone() key="email" label="Email" />
                                            <th scope="col" class=TH>"Role"</th>
                                            <th scope="col" class=TH>"Status"</th>
                                            <SortHeader params=params.clone() key="created" label="Created" />
                                            <SortHeader params=params.clone() key="last_sign_in" label="Last sign-in" />
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {if page.users.is_empty() {
                                            view! {
                                                <tr>
                                                    <td colspan="6" class="py-6 text-center text-slate-600" data-testid="empty">
                                                        "No users match these filters."
                                                    </td>
                                                </tr>
                                            }
                                                .into_any()
                                        } else {
                                            page.users.into_iter().map(|user| view! { <UserRow user /> }).collect_view().into_any()
                                        }}
                                    </tbody>
                                </table>
                            </div>
                            <Pager path="/admin/users" params=params page=page.page pages=page.pages total=page.total />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <p role="alert" class="text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The status filters of the URL: `active`, `verified` and `locked` (the
/// page's selects) and `status` (as the API takes it), combined.
fn status(params: &[(String, String)]) -> Option<String> {
    let statuses: Vec<String> = ["status", "active", "verified", "locked"]
        .into_iter()
        .filter_map(|key| param(params, key))
        .collect();
    (!statuses.is_empty()).then(|| statuses.join(","))
}

#[component]
fn StatusSelect(
    name: &'static str,
    label: &'static str,
    choices: [(&'static str, &'static str); 2],
    value: Signal<String>,
) -> impl IntoView {
    view! {
        <label class="text-sm">
            <span class="block font-medium">{label}</span>
            <select name=name class=INPUT>
                <option value="" selected=move || value.get().is_empty()>"Any"</option>
                {choices
                    .into_iter()
                    .map(|(v, text)| view! { <option value=v selected=move || value.get() == v>{text}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The name column stays in view while a narrow screen scrolls the table.
const STICKY: &str = "sticky left-0 bg-white";

/// A column header that sorts by `key`, flipping the direction when it
/// already does; `aria-sort` tells screen readers the current order.
#[component]
fn SortHeader(
    params: Vec<(String, String)>,
    key: &'static str,
    label: &'static str,
) -> impl IntoView {
    let current = param(&params, "sort").unwrap_or_else(|| "-created".into());
    let (next, marker, sort) = if current == key {
        (format!("-{key}"), " ↑", "ascending")
    } else if current == format!("-{key}") {
        (key.to_string(), " ↓", "descending")
    } else {
        (key.to_string(), "", "none")
    };
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| k != "sort" && k != "page")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    pairs.push(("sort", next.as_str()));
    let href = format!("/admin/users?{}", query_string(&pairs));
    view! {
        <th scope="col" class=TH aria-sort=sort>
            <a href=href class="underline">{label}<span aria-hidden="true">{marker}</span></a>
        </th>
    }
}

#[component]
fn UserRow(user: AdminUserView) -> impl IntoView {
    let status = if user.erase_after.is_some() {
        "Deleted"
    } else if !user.is_active {
        "Inactive"
    } else if user.locked_until.is_some() {
        "Locked"
    } else {
        "Active"
    };
    view! {
        <tr data-testid="user-row">
            <td class=format!("{TD} {STICKY}")>
                <a href=format!("/admin/users/{}", user.id) class="font-medium text-indigo-700 underline">
                    {format!("{} {}", user.first_name, user.last_name)}
                </a>
            </td>
            <td class=TD>
                {user.email.clone()}
                {(!user.email_verified).then_some(" (not verified)")}
            </td>
            <td class=TD>{user.role.to_string()}</td>
            <td class=TD data-testid="user-status">{status}</td>
            <td class=TD><Time at=user.created_at.clone() /></td>
            <td class=TD>{user.last_login_at.clone().map(|at| view! { <Time at relative=true /> }.into_any()).unwrap_or_else(|| "—".into_any())}</td>
        </tr>
    }
}
