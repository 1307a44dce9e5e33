use crate::i18n::use_language;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_language();
    view! {
        <Title text=t.t("home-title") />
        <section class="mx-auto max-w-2xl py-10 text-center">
            <h1 class="text-4xl font-bold tracking-tight sm:text-5xl">"Portcullis"</h1>
            <p class="mt-4 text-lg text-slate-600">
                {t.t("home-tagline")}
            </p>
            <div class="mt-8 flex flex-wrap justify-center gap-3">
                <a
                    href="/signup"
                    class="rounded-md bg-indigo-600 px-5 py-2.5 font-semibold text-white hover:bg-indigo-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                >
                    {t.t("home-create-account")}
                </a>
                <a
                    href="/login"
                    class="rounded-md border border-slate-300 bg-white px-5 py-2.5 font-semibold text-slate-800 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                >
                    {t.t("nav-sign-in")}
                </a>
            </div>
        </section>
    }
}
