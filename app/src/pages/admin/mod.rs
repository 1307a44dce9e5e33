//! The admin panel under `/admin`. The pages only show; every server
//! function they call checks the role again.

pub mod audit;
pub mod dashboard;
pub mod user;
pub mod users;

use crate::components::section_nav::SectionNav;
use crate::{Viewer, i18n::use_language, navigation::query_string};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_location};

const SECTIONS: [(&str, &str); 3] = [
    ("/admin", "admin-nav-dashboard"),
    ("/admin/users", "admin-nav-users"),
    ("/admin/audit", "admin-nav-audit"),
];

pub const TABLE: &str = "w-full text-left text-sm";
pub const TH: &str = "border-b border-slate-200 py-2 pr-4 font-medium text-slate-600";
pub const TD: &str = "border-b border-slate-100 py-2 pr-4 align-top";
pub const INPUT: &str = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";
pub const BUTTON: &str =
    "rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500";

/// An admin page: the content for an admin, 403 for anyone else signed in,
/// and a redirect to sign in for visitors. `title` is a catalogue key.
#[component]
pub fn AdminShell(title: &'static str, children: ChildrenFn) -> impl IntoView {
    let Viewer { user, .. } = expect_context::<Viewer>();
    let location = use_location();
    let t = use_language();
    let title = t.t(title);
    view! {
        <Title text=title.clone() />
        <Suspense fallback=move || view! { <p class="text-slate-600">{t.t("loading")}</p> }>
            {move || {
                let children = children.clone();
                let title = title.clone();
                let here = location.pathname.get_untracked();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) if user.must_set_up_second_factor => {
                            view! { <Redirect path="/profile/two-step?required=1" /> }.into_any()
                        }
                        Ok(Some(user)) if user.role == crate::vocabulary::Role::Admin => {
                            view! {
                                <div class="space-y-6">
                                    <SectionNav label="nav-admin" sections=&SECTIONS current=here />
                                    <h1 class="text-2xl font-bold tracking-tight">{title}</h1>
                                    {children()}
                                </div>
                            }
                                .into_any()
                        }
                        Ok(Some(_)) => {
                            #[cfg(feature = "ssr")]
                            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                                response.set_status(http::StatusCode::FORBIDDEN);
                            }
                            view! {
                                <section class="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
                                    <h1 class="text-2xl font-bold tracking-tight">{t.t("admin-only-title")}</h1>
                                    <p class="mt-3 text-slate-700" data-testid="forbidden">
                                        {t.t("error-forbidden")}
                                    </p>
                                </section>
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            let next = query_string(&[("next", here.as_str())]);
                            view! { <Redirect path=format!("/login?{next}") /> }.into_any()
                        }
                        Err(error) => view! { <p role="alert" class="text-red-700">{error.message}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// "Page 2 of 7" with previous and next links that keep the other parameters.
#[component]
pub fn Pager(
    path: &'static str,
    params: Vec<(String, String)>,
    page: i64,
    pages: i64,
    total: i64,
) -> impl IntoView {
    let t = use_language();
    let link = move |to: i64| {
        let mut pairs: Vec<(&str, &str)> = params
            .iter()
            .filter(|(key, value)| key != "page" && !value.is_empty())
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect();
        let to = to.to_string();
        pairs.push(("page", to.as_str()));
        format!("{path}?{}", query_string(&pairs))
    };
    view! {
        <nav aria-label=t.t("admin-pages") class="flex items-center gap-4 text-sm">
            {(page > 1).then(|| view! { <a href=link(page - 1) class="font-semibold text-indigo-700 underline">{t.t("admin-previous")}</a> })}
            <span data-testid="page-count">
                {t.t_with("admin-page-count", [("page", page.into()), ("pages", pages.into()), ("total", total.into())])}
            </span>
            {(page < pages).then(|| view! { <a href=link(page + 1) class="font-semibold text-indigo-700 underline">{t.t("admin-next")}</a> })}
        </nav>
    }
}

/// The current query parameters, for links and forms that keep them.
pub fn current_params() -> Memo<Vec<(String, String)>> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        query.with(|query| {
            query
                .into_iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect()
        })
    })
}

pub fn param(params: &[(String, String)], key: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, value)| value.clone())
        .filter(|value| !value.is_empty())
}
