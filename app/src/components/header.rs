use crate::i18n::use_language;
use crate::{Viewer, components::form::BusyButton};
use leptos::prelude::*;

const NAV_LINK: &str = "rounded px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600";

#[component]
pub fn Header() -> impl IntoView {
    let Viewer { user, sign_out } = expect_context::<Viewer>();
    let t = use_language();

    view! {
        <header class="border-b border-slate-200 bg-white">
            <nav
                aria-label=t.t("nav-main")
                class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3 sm:px-6"
            >
                <a
                    href="/"
                    class="text-lg font-bold tracking-tight text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                    "Portcullis"
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(user)) => {
                                view! {
                                    <div class="flex items-center gap-2">
                                        <span class="hidden text-sm text-slate-600 sm:inline" data-testid="signed-in-as">
                                            {t.t_with("nav-signed-in-as", [("name", user.display_name().into())])}
                                        </span>
                                        {(user.role == crate::vocabulary::Role::Admin).then(|| view! {
                                            <a href="/admin" class=NAV_LINK>{t.t("nav-admin")}</a>
                                        })}
                                        <a href="/profile" class=NAV_LINK>
                                            {t.t("nav-profile")}
                                        </a>
                                        <ActionForm action=sign_out>
                                            <BusyButton pending=sign_out.pending() class=NAV_LINK>
                                                {t.t("nav-sign-out")}
                                            </BusyButton>
                                        </ActionForm>
                                    </div>
                                }
                                    .into_any()
                            }
                            _ => {
                                view! {
                                    <div class="flex items-center gap-2">
                                        <a href="/login" class=NAV_LINK>
                                            {t.t("nav-sign-in")}
                                        </a>
                                        <a
                                            href="/signup"
                                            class="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                                        >
                                            {t.t("nav-sign-up")}
                                        </a>
                                    </div>
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Transition>
            </nav>
        </header>
    }
}
