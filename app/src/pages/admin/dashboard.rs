use super::AdminShell;
use crate::i18n::use_language;
use crate::{
    admin_api::admin_dashboard,
    model::{DayCount, MethodCount},
};
use leptos::prelude::*;

#[component]
pub fn AdminDashboardPage() -> impl IntoView {
    view! {
        <AdminShell title="admin-nav-dashboard">
            <Dashboard />
        </AdminShell>
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let t = use_language();
    let data = Resource::new(|| (), |_| admin_dashboard());
    view! {
        <Suspense fallback=move || view! { <p class="text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let totals = [
                            (t.t("admin-total-users"), data.users),
                            (t.t("admin-total-verified"), data.verified),
                            (t.t("admin-total-active"), data.active_7_days),
                            (t.t("admin-total-locked"), data.locked),
                            (t.t("admin-total-admins"), data.admins),
                        ];
                        view! {
                            <dl class="grid grid-cols-2 gap-4 sm:grid-cols-5" data-testid="totals">
                                {totals
                                    .into_iter()
                                    .map(|(label, value)| {
                                        view! {
                                            <div class="rounded-lg border border-slate-200 bg-white p-4">
                                                <dt class="text-sm text-slate-600">{label}</dt>
                                                <dd class="mt-1 text-2xl font-bold">{value}</dd>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                            <div class="grid gap-6 lg:grid-cols-2">
                                <Chart title=t.t("admin-chart-signups") days=data.signups.clone() series=vec![(t.t("admin-series-signups"), "#4f46e5")] />
                                <Chart
                                    title=t.t("admin-chart-sign-ins")
                                    days=data.sign_ins.clone()
                                    series=vec![(t.t("admin-succeeded"), "#059669"), (t.t("admin-failed"), "#dc2626")]
                                />
                            </div>
                            <Methods methods=data.methods.clone() />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <p role="alert" class="text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 32.0;
const BOTTOM: f64 = 20.0;

/// Stacked bars, one per day, drawn as SVG on the server.
#[component]
fn Chart(title: String, days: Vec<DayCount>, series: Vec<(String, &'static str)>) -> impl IntoView {
    let max = days
        .iter()
        .map(|day| day.values.iter().sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (WIDTH - LEFT) / days.len().max(1) as f64;
    let scale = (HEIGHT - BOTTOM - 10.0) / max;
    let total: i64 = days.iter().flat_map(|day| day.values.iter()).sum();
    let description = use_language().t_with(
        "admin-chart-description",
        [
            ("title", title.clone().into()),
            ("total", total.into()),
            ("max", max.into()),
        ],
    );
    let bars = days
        .iter()
        .enumerate()
        .flat_map(|(index, day)| {
            let x = LEFT + index as f64 * slot + 1.0;
            let mut base = HEIGHT - BOTTOM;
            day.values
                .iter()
                .zip(series.iter())
                .map(|(value, (label, color))| {
                    let height = *value as f64 * scale;
                    base -= height;
                    let tip = format!("{}: {value} {}", day.day, label.to_lowercase());
                    view! {
                        <rect x=format!("{x:.1}") y=format!("{base:.1}") width=format!("{:.1}", (slot - 2.0).max(1.0)) height=format!("{height:.1}") fill=*color>
                            <title>{tip}</title>
                        </rect>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    let first = days.first().map(|day| day.day.clone()).unwrap_or_default();
    let last = days.last().map(|day| day.day.clone()).unwrap_or_default();
    let axis_y = HEIGHT - BOTTOM;
    view! {
        <figure class="rounded-lg border border-slate-200 bg-white p-4">
            <figcaption class="mb-2 font-semibold">{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=description class="h-auto w-full text-slate-600" data-testid="chart">
                <line x1=LEFT y1=axis_y x2=WIDTH y2=axis_y stroke="#94a3b8" />
                <text x="0" y="12" font-size="11" fill="currentColor">{max}</text>
                <text x="0" y=axis_y font-size="11" fill="currentColor">"0"</text>
                {bars}
                <text x=LEFT y=HEIGHT - 4.0 font-size="11" fill="currentColor">{first}</text>
                <text x=WIDTH y=HEIGHT - 4.0 font-size="11" fill="currentColor" text-anchor="end">{last}</text>
            </svg>
            <ul class="mt-2 flex gap-4 text-sm">
                {series
                    .iter()
                    .map(|(label, color)| {
                        view! {
                            <li class="flex items-center gap-1">
                                // A presentation attribute, not a style: the CSP allows no inline styles.
                                <svg viewBox="0 0 12 12" class="h-3 w-3" aria-hidden="true">
                                    <rect width="12" height="12" rx="2" fill=*color />
                                </svg>
                                {label.clone()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </figure>
    }
}

/// Successful sign-ins by method, as horizontal bars.
#[component]
fn Methods(methods: Vec<MethodCount>) -> impl IntoView {
    let t = use_language();
    let total: i64 = methods.iter().map(|m| m.count).sum();
    let rows = methods
        .into_iter()
        .enumerate()
        .map(|(index, MethodCount { method, count })| {
            let share = if total > 0 { count as f64 / total as f64 } else { 0.0 };
            let y = index as f64 * 28.0;
            view! {
                <text x="0" y=y + 16.0 font-size="12" fill="currentColor">{method.clone()}</text>
                <rect x="110" y=y + 4.0 width=format!("{:.1}", share * 380.0) height="16" fill="#4f46e5">
                    <title>{format!("{method}: {count}")}</title>
                </rect>
                <text x=format!("{:.1}", 116.0 + share * 380.0) y=y + 16.0 font-size="12" fill="currentColor">
                    {format!("{count} ({:.0}%)", share * 100.0)}
                </text>
            }
        })
        .collect_view();
    view! {
        <figure class="rounded-lg border border-slate-200 bg-white p-4">
            <figcaption class="mb-2 font-semibold">{t.t("admin-methods")}</figcaption>
            <svg viewBox="0 0 600 84" role="img" aria-label=t.t_with("admin-methods-label", [("total", total.into())]) class="h-auto w-full text-slate-900" data-testid="chart">
                {rows}
            </svg>
        </figure>
    }
}
