use crate::{
    api::SetLanguage,
    i18n::{Language, use_language},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_location;

/// The language picker, on every page. A plain form: the choice is kept in
/// a cookie and the page comes back rendered in the new language, with or
/// without JavaScript.
#[component]
pub fn Footer() -> impl IntoView {
    let t = use_language();
    let location = use_location();
    let back = move || format!("{}{}", location.pathname.get(), location.search.get());
    view! {
        <footer class="border-t border-slate-200 py-6 text-sm text-slate-600">
            <form
                method="post"
                action=SetLanguage::url()
                class="mx-auto flex max-w-5xl flex-wrap items-center gap-2 px-4 sm:px-6"
                data-testid="language-picker"
            >
                <input type="hidden" name="back" value=back />
                <label for="footer-language">{t.t("footer-language")}</label>
                <select
                    id="footer-language"
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
        </footer>
    }
}
