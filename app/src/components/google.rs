//! Sign in with Google: the button on the sign-in pages (shown only when
//! Google sign-in is configured), and the profile's {t.t("google-methods")}
//! section.

use crate::i18n::use_language;
use crate::{
    api::{UnlinkGoogle, google_sign_in_status},
    components::form::{BusyButton, FormAlert, form_error},
    navigation::query_string,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const LINK_CLASS: &str = "flex w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:bg-slate-50";

/// {t.t("google-continue")}, keeping where the user was going.
#[component]
pub fn ContinueWithGoogle() -> impl IntoView {
    let t = use_language();
    let status = Resource::new(|| (), |_| google_sign_in_status());
    let query = use_query_map();
    let href = move || match query.with(|query| query.get("next")) {
        Some(next) => format!("/auth/google/start?{}", query_string(&[("next", &next)])),
        None => "/auth/google/start".to_string(),
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let enabled = status.await.map(|status| status.enabled).unwrap_or(false);
                enabled
                    .then(|| {
                        view! {
                            <div class="mb-6">
                                <a href=href rel="external" class=LINK_CLASS>
                                    {t.t("google-continue")}
                                </a>
                                <p class="mt-4 text-center text-sm text-slate-500">{t.t("or")}</p>
                            </div>
                        }
                    })
            })}
        </Suspense>
    }
}

/// Every way into the account, on the profile: the password, mailed codes
/// and (when configured) Google, which is linked with a POST and unlinked
/// with a recent sign-in.
#[component]
pub fn ConnectedAccounts() -> impl IntoView {
    let t = use_language();
    let unlink = ServerAction::<UnlinkGoogle>::new();
    let status = Resource::new(move || unlink.version().get(), |_| google_sign_in_status());
    let row = "mt-3 flex items-center justify-between gap-4 rounded-md border border-slate-200 p-3";
    let button =
        "rounded-md border border-slate-300 px-3 py-1 text-sm font-semibold hover:bg-slate-50";
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let status = status.await.ok()?;
                Some(
                    view! {
                        <section aria-labelledby="connected-accounts" class="mt-8 border-t border-slate-200 pt-6">
                            <h2 id="connected-accounts" class="text-lg font-semibold">
                                {t.t("google-methods")}
                            </h2>
                            <div data-testid="password-method" class=row>
                                <span>
                                    {t.t("google-password")}
                                    <strong>{if status.has_password { t.t("google-set") } else { t.t("google-not-set") }}</strong>
                                </span>
                            </div>
                            <div data-testid="code-method" class=row>
                                <span>{t.t("google-code")} <strong>{t.t("google-always-on")}</strong></span>
                            </div>
                            {status.enabled.then(|| view! {
                                <div data-testid="google-connection" class=row>
                                    <span>
                                        {t.t("google-google")}
                                        <strong>{if status.linked { t.t("google-linked") } else { t.t("google-not-linked") }}</strong>
                                    </span>
                                    {if status.linked {
                                        view! {
                                            <ActionForm action=unlink>
                                                <BusyButton pending=unlink.pending() class=button>{t.t("google-unlink")}</BusyButton>
                                            </ActionForm>
                                        }
                                            .into_any()
                                    } else {
                                        // A plain POST: linking adds a way into the
                                        // account, so it is never a link to follow.
                                        view! {
                                            <form method="post" action="/auth/google/link">
                                                <button type="submit" class=button>{t.t("google-link")}</button>
                                            </form>
                                        }
                                            .into_any()
                                    }}
                                </div>
                            })}
                            <div class="mt-3">
                                <FormAlert message=form_error(unlink.value()) />
                            </div>
                        </section>
                    },
                )
            })}
        </Suspense>
    }
}
