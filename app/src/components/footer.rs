use crate::{
    api::SetLanguage,
    i18n::{Language, use_language},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_location;

/// The language picker, on every page.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="border-t border-slate-200 py-6 text-sm text-slate-600">
            <LanguagePicker id="footer-language" class="mx-auto flex max-w-5xl flex-wrap items-center gap-2 px-4 sm:px-6" />
        </footer>
    }
}

/// Picks the language: a plain form, so the page comes back rendered in
/// the new language with or without JavaScript. The choice is kept for
/// this browser (a cookie) and, when someone is signed in, for the
/// account, whose mails follow it (`set_language`).
#[component]
pub fn LanguagePicker(id: &'static str, class: &'static str) -> impl IntoView {
    let t = use_language();
    let location = use_location();
    let back = move || format!("{}{}", location.pathname.get(), location.search.get());
    view! {
        <form method="post" action=SetLanguage::url() class=class data-testid="language-picker">
            <input type="hidden" name="back" value=back />
            <label for=id>{t.t("footer-language")}</label>
            <select
                id=id
                name="language"
                class="rounded-md border border-slate-300 bg-white px-2 py-1 text-slate-800"
            >
                {Language::ALL
                    .into_iter()
                    .map(|language| {
                        view! {
                            <option value=language.code() lang=language.code() selected=language == t>
                                {language.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button
                type="submit"
                class="rounded-md border border-slate-300 px-3 py-1 font-semibold text-slate-800 hover:bg-slate-100"
            >
                {t.t("footer-change-language")}
            </button>
        </form>
    }
}
