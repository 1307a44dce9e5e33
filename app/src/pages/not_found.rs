use crate::i18n::use_language;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    let t = use_language();
    view! {
        <Title text=t.t("not-found-title") />
        <section class="mx-auto max-w-xl py-16 text-center">
            <p class="text-sm font-semibold uppercase tracking-wide text-indigo-700">"404"</p>
            <h1 class="mt-2 text-3xl font-bold tracking-tight">{t.t("not-found-title")}</h1>
            <p class="mt-4 text-slate-600">{t.t("not-found-text")}</p>
            <a
                href="/"
                class="mt-8 inline-block rounded-md bg-indigo-600 px-5 py-2.5 font-semibold text-white hover:bg-indigo-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
                {t.t("not-found-back")}
            </a>
        </section>
    }
}
