use super::{AdminShell, BUTTON, INPUT, Pager, TABLE, TD, TH, current_params, param};
use crate::i18n::use_language;
use crate::{
    admin_api::admin_audit, components::time::Time, navigation::query_string,
    vocabulary::AuditAction,
};
use leptos::prelude::*;

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    view! {
        <AdminShell title="admin-nav-audit">
            <AuditLog />
        </AdminShell>
    }
}

const FILTERS: [&str; 6] = ["user", "action", "success", "from", "until", "ip"];

#[component]
fn AuditLog() -> impl IntoView {
    let t = use_language();
    let params = current_params();
    let entries = Resource::new(
        move || params.get(),
        |params| {
            admin_audit(
                param(&params, "user"),
                param(&params, "action"),
                param(&params, "success"),
                param(&params, "from"),
                param(&params, "until"),
                param(&params, "ip"),
                param(&params, "page"),
            )
        },
    );
    let value = move |key: &'static str| param(&params.get(), key).unwrap_or_default();
    let csv_href = move || {
        let params = params.get();
        let pairs: Vec<(&str, &str)> = params
            .iter()
            .filter(|(key, _)| FILTERS.contains(&key.as_str()))
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect();
        format!("/admin/audit.csv?{}", query_string(&pairs))
    };
    view! {
        <form method="get" action="/admin/audit" class="flex flex-wrap items-end gap-3" role="search">
            <label class="text-sm">
                <span class="block font-medium">{t.t("admin-audit-user")}</span>
                <input type="text" name="user" value=move || value("user") class=INPUT />
            </label>
            <label class="text-sm">
                <span class="block font-medium">{t.t("admin-audit-action")}</span>
                <select name="action" class=INPUT>
                    <option value="" selected=move || value("action").is_empty()>{t.t("admin-any")}</option>
                    {AuditAction::ALL
                        .iter()
                        .map(|action| {
                            let name = action.as_str();
                            view! { <option value=name selected=move || value("action") == name>{action.label(t)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="text-sm">
                <span class="block font-medium">{t.t("admin-audit-result")}</span>
                <select name="success" class=INPUT>
                    {[("", t.t("admin-any")), ("true", t.t("admin-succeeded")), ("false", t.t("admin-failed"))]
                        .into_iter()
                        .map(|(v, label)| view! { <option value=v selected=move || value("success") == v>{label}</option> })
                        .collect_view()}
                </select>
            </label>
            <label class="text-sm">
                <span class="block font-medium">{t.t("admin-audit-from")}</span>
                <input type="date" name="from" value=move || value("from") class=INPUT />
            </label>
            <label class="text-sm">
                <span class="block font-medium">{t.t("admin-audit-until")}</span>
                <input type="date" name="until" value=move || value("until") class=INPUT />
            </label>
            <label class="text-sm">
                <span class="block font-medium">{t.t("admin-audit-ip")}</span>
                <input type="text" name="ip" value=move || value("ip") class=INPUT />
            </label>
            <button type="submit" class=BUTTON>{t.t("admin-apply")}</button>
            <a href=csv_href rel="external" download="audit-log.csv" class="text-sm font-semibold text-indigo-700 underline">{t.t("admin-audit-csv")}</a>
        </form>
        <Suspense fallback=move || view! { <p class="text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let params = params.get_untracked();
                match entries.await {
                    Ok(page) => {
                        view! {
                            <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white p-4">
                                <table class=format!("{TABLE} min-w-[56rem]") data-testid="audit">
                                    <thead>
                                        <tr>
                                            <th scope="col" class=TH>{t.t("devices-when")}</th>
                                            <th scope="col" class=TH>{t.t("admin-audit-user-column")}</th>
                                            <th scope="col" class=TH>{t.t("admin-audit-action")}</th>
                                            <th scope="col" class=TH>{t.t("admin-audit-result")}</th>
                                            <th scope="col" class=TH>{t.t("admin-audit-by")}</th>
                                            <th scope="col" class=TH>{t.t("devices-address")}</th>
                                            <th scope="col" class=TH>{t.t("admin-audit-user-agent")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.entries.is_empty().then(|| view! {
                                            <tr>
                                                <td colspan="7" class="py-6 text-center text-slate-600" data-testid="empty">
                                                    {t.t("admin-no-events")}
                                                </td>
                                            </tr>
                                        })}
                                        {page
                                            .entries
                                            .into_iter()
                                            .map(|entry| {
                                                view! {
                                                    <tr>
                                                        <td class=TD><Time at=entry.at.clone() /></td>
                                                        <td class=TD>{entry.user_email.or(entry.user_id).unwrap_or_default()}</td>
                                                        <td class=TD>
                                                            {entry.description}
                                                            <span class="block text-xs text-slate-600">{entry.action}{entry.reason.map(|r| format!(" · {r}"))}</span>
                                                        </td>
                                                        <td class=TD>{if entry.success { t.t("admin-succeeded") } else { t.t("admin-failed") }}</td>
                                                        <td class=TD>{entry.actor_email.unwrap_or_default()}</td>
                                                        <td class=TD>{entry.ip.unwrap_or_default()}</td>
                                                        <td class="border-b border-slate-100 py-2 text-xs text-slate-600">{entry.user_agent.unwrap_or_default()}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager path="/admin/audit" params=params page=page.page pages=page.pages total=page.total />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <p role="alert" class="text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
