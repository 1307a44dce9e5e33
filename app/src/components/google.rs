//! Sign in with Google: the button on the sign-in pages and the "Connected
//! accounts" section of the profile. Both show only when Google sign-in is
//! configured on the server.

use crate::{
    api::{UnlinkGoogle, google_sign_in_status},
    components::form::{FormAlert, form_error},
    navigation::query_string,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const LINK_CLASS: &str = "flex w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:bg-slate-50";

/// "Continue with Google", keeping where the user was going.
#[component]
pub fn ContinueWithGoogle() -> impl IntoView {
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
                                    "Continue with Google"
                                </a>
                                <p class="mt-4 text-center text-sm text-slate-500">"or"</p>
                            </div>
                        }
                    })
            })}
        </Suspense>
    }
}

/// Link or unlink Google from the profile.
#[component]
pub fn ConnectedAccounts() -> impl IntoView {
    let unlink = ServerAction::<UnlinkGoogle>::new();
    let status = Resource::new(move || unlink.version().get(), |_| google_sign_in_status());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let status = status.await.ok().filter(|status| status.enabled)?;
                Some(
                    view! {
                        <section aria-labelledby="connected-accounts" class="mt-8 border-t border-slate-200 pt-6">
                            <h2 id="connected-accounts" class="text-lg font-semibold">
                                "Connected accounts"
                            </h2>
                            <div
                                data-testid="google-connection"
                                class="mt-3 flex items-center justify-between gap-4 rounded-md border border-slate-200 p-3"
                            >
                                <span>
                                    "Google: "
                                    <strong>{if status.linked { "Linked" } else { "Not linked" }}</strong>
                                </span>
                                {if status.linked {
                                    view! {
                                        <ActionForm action=unlink>
                                            <button
                                                type="submit"
                                                class="rounded-md border border-slate-300 px-3 py-1 text-sm font-semibold hover:bg-slate-50"
                                            >
                                                "Unlink"
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <a
                                            href="/auth/google/link"
                                            rel="external"
                                            class="rounded-md border border-slate-300 px-3 py-1 text-sm font-semibold hover:bg-slate-50"
                                        >
                                            "Link"
                                        </a>
                                    }
                                        .into_any()
                                }}
                            </div>
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
