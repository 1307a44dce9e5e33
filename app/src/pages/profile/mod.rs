//! The signed-in user's own pages under `/profile`.

pub mod confirm;
pub mod data;
pub mod details;
pub mod devices;
pub mod passkeys;
pub mod security;
pub mod two_step;

use crate::components::section_nav::SectionNav;
use crate::i18n::use_language;
use crate::{Viewer, account_api::recently_authenticated, model::UserView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_location};

pub const SECONDARY_BUTTON: &str = "rounded-md border border-slate-300 px-3 py-1 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60";
pub const DANGER_BUTTON: &str = "w-full rounded-md bg-red-700 px-4 py-2 font-semibold text-white shadow-sm hover:bg-red-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:opacity-70";

const SECTIONS: [(&str, &str); 7] = [
    ("/profile", "profile-nav-details"),
    ("/profile/security", "profile-nav-security"),
    ("/profile/passkeys", "profile-nav-passkeys"),
    ("/profile/two-step", "profile-nav-two-step"),
    ("/profile/devices", "profile-nav-devices"),
    ("/profile/activity", "profile-nav-activity"),
    ("/profile/data", "profile-nav-data"),
];

/// A profile page: the signed-in user's view, or a redirect to sign in.
/// `title` is a catalogue key.
#[component]
pub fn ProfileShell<F, V>(title: &'static str, content: F) -> impl IntoView
where
    F: Fn(UserView) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let Viewer { user, .. } = expect_context::<Viewer>();
    let location = use_location();
    let t = use_language();
    let title = t.t(title);
    view! {
        <Title text=title.clone() />
        <Suspense fallback=move || view! { <p class="text-slate-600">{t.t("profile-loading")}</p> }>
            {move || {
                let content = content.clone();
                let title = title.clone();
                let here = location.pathname.get_untracked();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) => {
                            view! {
                                <div class="mx-auto grid max-w-4xl gap-6 md:grid-cols-[12rem_1fr]">
                                    <SectionNav label="nav-profile" sections=&SECTIONS current=here list_class="flex flex-wrap gap-1 md:flex-col" />
                                    <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                                        <h1 class="text-2xl font-bold tracking-tight">{title}</h1>
                                        {content(user).into_any()}
                                    </section>
                                </div>
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            // `here` is one of the profile's own paths: nothing to encode.
                            view! { <Redirect path=format!("/login?next={here}") /> }.into_any()
                        }
                        Err(error) => view! { <p role="alert" class="text-red-700">{error.message}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Shows `children` if the user signed in or confirmed it's them recently;
/// otherwise a link to confirm first, coming back to `back_to`.
#[component]
pub fn RecentAuthentication(back_to: &'static str, children: ChildrenFn) -> impl IntoView {
    let recent = Resource::new(|| (), |_| recently_authenticated());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    if matches!(recent.await, Ok(true)) {
                        children().into_any()
                    } else {
                        view! { <ConfirmFirst back_to=back_to /> }.into_any()
                    }
                })
            }}
        </Suspense>
    }
}

/// A change that needs a recent sign-in: the way to confirm it's you first,
/// coming back to `back_to`.
#[component]
pub fn ConfirmFirst(back_to: &'static str) -> impl IntoView {
    let t = use_language();
    let href = format!(
        "/profile/confirm?{}",
        crate::navigation::query_string(&[("next", back_to)])
    );
    view! {
        <div data-testid="confirm-needed" class="mt-4 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
            <p>{t.t("profile-confirm-first")}</p>
            <a href=href class="mt-2 inline-block font-semibold text-indigo-700 underline">
                {t.t("profile-confirm-link")}
            </a>
        </div>
    }
}

/// A short success message (`text`, a catalogue key), shown when the
/// page's query has `key=value`.
#[component]
pub fn Notice(key: &'static str, value: &'static str, text: &'static str) -> impl IntoView {
    let text = use_language().t(text);
    let query = leptos_router::hooks::use_query_map();
    let shown = move || query.with(|query| query.get(key)).as_deref() == Some(value);
    view! {
        <Show when=shown>
            <p role="status" class="mt-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
                {text.clone()}
            </p>
        </Show>
    }
}
