use crate::i18n::use_language;
use leptos::prelude::*;

/// The links between the pages of one area (the profile, the admin panel),
/// with the current one marked for the eye and for screen readers. The
/// label and the links' texts are catalogue keys.
#[component]
pub fn SectionNav(
    label: &'static str,
    sections: &'static [(&'static str, &'static str)],
    current: String,
    #[prop(default = "flex flex-wrap gap-1")] list_class: &'static str,
) -> impl IntoView {
    let t = use_language();
    view! {
        <nav aria-label=t.t(label)>
            <ul class=list_class>
                {sections
                    .iter()
                    .map(|(href, text)| {
                        let active = current == *href;
                        view! {
                            <li>
                                <a
                                    href=*href
                                    aria-current=active.then_some("page")
                                    class=if active {
                                        "block rounded px-3 py-2 text-sm font-semibold bg-indigo-50 text-indigo-800"
                                    } else {
                                        "block rounded px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
                                    }
                                >
                                    {t.t(text)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
