use super::{AdminShell, BUTTON, INPUT, Pager, TABLE, TD, TH, current_params, param};
use crate::i18n::use_language;
use crate::{
    admin_api::admin_users, components::time::Time, model::AdminUserView, navigation::query_string,
};
use leptos::prelude::*;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! {
        <AdminShell title="admin-nav-users">
            <UsersTable />
        </AdminShell>
    }
}

/// The search, filters, sort and page live in the URL, so a view can be bookmarked.
#[component]
fn UsersTable() -> impl IntoView {
    let t = use_language();
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
                <span class="block font-medium">{t.t("admin-search")}</span>
                <input type="search" name="q" value=move || value("q") placeholder=t.t("admin-search-placeholder") class=INPUT />
            </label>
            <label class="text-sm">
                <span class="block font-medium">{t.t("admin-role")}</span>
                <select name="role" class=INPUT>
                    {[("", t.t("admin-any")), ("user", t.t("admin-role-user")), ("admin", t.t("admin-role-admin"))]
                        .into_iter()
                        .map(|(v, label)| view! { <option value=v selected=move || value("role") == v>{label}</option> })
                        .collect_view()}
                </select>
            </label>
            <StatusSelect name="active" label=t.t("admin-active") choices=[("active", t.t("admin-active")), ("inactive", t.t("admin-inactive"))] value=Signal::derive(move || value("active")) />
            <StatusSelect name="verified" label=t.t("admin-total-verified") choices=[("verified", t.t("admin-total-verified")), ("unverified", t.t("admin-not-verified"))] value=Signal::derive(move || value("verified")) />
            <StatusSelect name="locked" label=t.t("admin-locked") choices=[("locked", t.t("admin-locked")), ("unlocked", t.t("admin-not-locked"))] value=Signal::derive(move || value("locked")) />
            <input type="hidden" name="sort" value=move || value("sort") />
            <button type="submit" class=BUTTON>{t.t("admin-apply")}</button>
        </form>
        <Suspense fallback=move || view! { <p class="text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let params = params.get_untracked();
                match users.await {
                    Ok(page) => {
                        view! {
                            <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white p-4">
                                <table class=format!("{TABLE} min-w-[48rem]") data-testid="users">
                                    <thead>
                                        <tr>
                                            <th scope="col" class=format!("{TH} {STICKY}")>{t.t("profile-name")}</th>
                                            <SortHeader params=params.clone() key="email" label=t.t("field-email") />
                                            <th scope="col" class=TH>{t.t("admin-role")}</th>
                                            <th scope="col" class=TH>{t.t("admin-status")}</th>
                                            <SortHeader params=params.clone() key="created" label=t.t("admin-created") />
                                            <SortHeader params=params.clone() key="last_sign_in" label=t.t("profile-last-sign-in") />
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {if page.users.is_empty() {
                                            view! {
                                                <tr>
                                                    <td colspan="6" class="py-6 text-center text-slate-600" data-testid="empty">
                                                        {t.t("admin-no-users")}
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
    label: String,
    choices: [(&'static str, String); 2],
    value: Signal<String>,
) -> impl IntoView {
    let t = use_language();
    view! {
        <label class="text-sm">
            <span class="block font-medium">{label}</span>
            <select name=name class=INPUT>
                <option value="" selected=move || value.get().is_empty()>{t.t("admin-any")}</option>
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
fn SortHeader(params: Vec<(String, String)>, key: &'static str, label: String) -> impl IntoView {
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
    let t = use_language();
    let status = if user.erase_after.is_some() {
        t.t("admin-deleted")
    } else if !user.is_active {
        t.t("admin-inactive")
    } else if user.locked_until.is_some() {
        t.t("admin-locked")
    } else {
        t.t("admin-active")
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
                {(!user.email_verified).then_some(t.t("admin-not-verified-suffix"))}
            </td>
            <td class=TD>{user.role.to_string()}</td>
            <td class=TD data-testid="user-status">{status}</td>
            <td class=TD><Time at=user.created_at.clone() /></td>
            <td class=TD>{user.last_login_at.clone().map(|at| view! { <Time at relative=true /> }.into_any()).unwrap_or_else(|| "—".into_any())}</td>
        </tr>
    }
}
