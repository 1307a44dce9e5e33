use super::{ConfirmFirst, DANGER_BUTTON, Notice, ProfileShell, SECONDARY_BUTTON};
use crate::i18n::use_language;
use crate::{
    account_api::recently_authenticated,
    components::form::{BusyButton, FormAlert, SubmitButton, TextField, field_errors, form_error},
    error::{AppError, ErrorCode},
    model::{AppEnrolment, TwoStepView},
    two_step_api::{
        ConfirmApp, EnableEmailSecondFactor, RecoveryCodesSaved, RegenerateRecoveryCodes,
        RemoveSecondFactor, fresh_recovery_codes, start_app_enrolment, two_step_overview,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

// Each page makes its resources once, at its top, not inside the profile's
// Suspense: the server renders that content more than once, and resources
// made there would not line up with the browser's when it hydrates.

#[component]
pub fn TwoStepPage() -> impl IntoView {
    let status = Resource::new(|| (), |_| two_step_overview());
    let recent = Resource::new(|| (), |_| recently_authenticated());
    view! { <ProfileShell title="second-step-title" content=move |_| overview(status, recent) /> }
}

#[component]
pub fn AppEnrolmentPage() -> impl IntoView {
    let enrolment = Resource::new(|| (), |_| start_app_enrolment());
    view! {
        <ProfileShell title="two-step-app-title" content=move |_| app_enrolment(enrolment) />
    }
}

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let codes = Resource::new(|| (), |_| fresh_recovery_codes());
    view! { <ProfileShell title="two-step-codes-title" content=move |_| recovery_codes(codes) /> }
}

type Loaded<T> = Resource<Result<T, AppError>>;

fn overview(status: Loaded<TwoStepView>, recent: Loaded<bool>) -> impl IntoView {
    let t = use_language();
    let query = use_query_map();
    let codes_left = move || query.with(|query| query.get("codes_left"));
    let required = move || query.with(|query| query.get("required")).is_some();
    view! {
        <p class="mt-2 text-sm text-slate-600">
            {t.t("two-step-intro")}
        </p>
        <Show when=required>
            <p role="alert" class="mt-4 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="two-step-required">
                {t.t("two-step-required")}
            </p>
        </Show>
        <Show when=move || codes_left().is_some()>
            <p role="alert" class="mt-4 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="codes-low">
                {move || t.t_with(
                    "two-step-codes-low",
                    [("count", codes_left().unwrap_or_default().into())],
                )}
            </p>
        </Show>
        <Notice key="added" value="app" text="two-step-app-added" />
        <Notice key="added" value="email" text="two-step-email-added" />
        <Notice key="removed" value="1" text="two-step-removed" />
        <Suspense fallback=move || view! { <p class="mt-4 text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match (status.await, recent.await) {
                    (Ok(status), Ok(recent)) => view! { <Factors status=status recent=recent /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <p role="alert" class="mt-4 text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Factors(status: TwoStepView, recent: bool) -> impl IntoView {
    let t = use_language();
    let remove = ServerAction::<RemoveSecondFactor>::new();
    let enable_email = ServerAction::<EnableEmailSecondFactor>::new();
    let regenerate = ServerAction::<RegenerateRecoveryCodes>::new();
    let any = status.app || status.email;
    let state = if any {
        t.t("two-step-on")
    } else {
        t.t("two-step-off")
    };
    view! {
        <p class="mt-4 text-sm">
            {t.t("two-step-state")} <strong data-testid="two-step-state">{state}</strong>
        </p>
        <div class="mt-2 space-y-2">
            <FormAlert message=form_error(remove.value()) />
            <FormAlert message=form_error(enable_email.value()) />
            <FormAlert message=form_error(regenerate.value()) />
        </div>
        <Show when=move || recent fallback=|| view! { <ConfirmFirst back_to="/profile/two-step" /> }>
            <ul class="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200">
                <li class="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="factor-app">
                    <div>
                        <p class="font-medium">{t.t("two-step-app")}</p>
                        <p class="text-sm text-slate-600">
                            {if status.app { t.t("two-step-set-up-done") } else { t.t("two-step-app-examples") }}
                        </p>
                    </div>
                    {if status.app {
                        view! {
                            <ActionForm action=remove>
                                <input type="hidden" name="kind" value="app" />
                                <BusyButton pending=remove.pending() class=SECONDARY_BUTTON>{t.t("remove")}</BusyButton>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! { <a href="/profile/two-step/app" class=SECONDARY_BUTTON>{t.t("two-step-set-up")}</a> }.into_any()
                    }}
                </li>
                <li class="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="factor-email">
                    <div>
                        <p class="font-medium">{t.t("two-step-email")}</p>
                        <p class="text-sm text-slate-600">
                            {if status.email { t.t("two-step-on-dot") } else { t.t("two-step-off-dot") }}
                        </p>
                    </div>
                    {if status.email {
                        view! {
                            <ActionForm action=remove>
                                <input type="hidden" name="kind" value="email" />
                                <BusyButton pending=remove.pending() class=SECONDARY_BUTTON>{t.t("turn-off")}</BusyButton>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! {
                            <ActionForm action=enable_email>
                                <BusyButton pending=enable_email.pending() class=SECONDARY_BUTTON>{t.t("turn-on")}</BusyButton>
                            </ActionForm>
                        }
                            .into_any()
                    }}
                </li>
            </ul>
            {any.then(|| view! {
                <section class="mt-6" aria-labelledby="recovery-heading">
                    <h2 id="recovery-heading" class="text-lg font-semibold">{t.t("two-step-recovery")}</h2>
                    <p class="mt-1 text-sm text-slate-600">
                        {t.t("two-step-recovery-intro")}
                        <strong data-testid="codes-left">{status.recovery_codes_left}</strong>
                        {t.t("two-step-recovery-left")}
                    </p>
                    <ActionForm action=regenerate attr:class="mt-3">
                        <BusyButton pending=regenerate.pending() class=DANGER_BUTTON>{t.t("two-step-recovery-new")}</BusyButton>
                    </ActionForm>
                </section>
            })}
        </Show>
    }
}

fn app_enrolment(enrolment: Loaded<AppEnrolment>) -> impl IntoView {
    let t = use_language();
    let confirm = ServerAction::<ConfirmApp>::new();
    view! {
        <Suspense fallback=move || view! { <p class="mt-4 text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match enrolment.await {
                    Ok(enrolment) => view! {
                        <ol class="mt-4 list-decimal space-y-4 pl-5 text-sm text-slate-800">
                            <li>
                                {t.t("two-step-scan")}
                                <div class="mt-2 w-52 rounded border border-slate-200 bg-white p-1" data-testid="qr" inner_html=enrolment.qr_svg.clone()></div>
                                <p class="mt-2">{t.t("two-step-type-key")}</p>
                                <code class="mt-1 block select-all break-all rounded bg-slate-100 p-2 font-mono text-base" data-testid="app-secret">
                                    {enrolment.secret.clone()}
                                </code>
                            </li>
                            <li>{t.t("two-step-enter-code")}</li>
                        </ol>
                        <ActionForm action=confirm attr:class="mt-3 space-y-4">
                            <FormAlert message=form_error(confirm.value()) />
                            <TextField
                                label=t.t("two-step-code-from-app")
                                name="code"
                                autocomplete="one-time-code"
                                inputmode="numeric"
                                maxlength=6
                                errors=field_errors(confirm.value(), "code")
                            />
                            <SubmitButton label=t.t("turn-on") pending_label=t.t("second-step-checking") pending=confirm.pending() />
                        </ActionForm>
                    }
                        .into_any(),
                    Err(error) if error.code == ErrorCode::ReauthenticationRequired => {
                        view! { <ConfirmFirst back_to="/profile/two-step/app" /> }.into_any()
                    }
                    Err(error) => view! { <p role="alert" class="mt-4 text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn recovery_codes(codes: Loaded<Option<Vec<String>>>) -> impl IntoView {
    let t = use_language();
    let saved = ServerAction::<RecoveryCodesSaved>::new();
    view! {
        <Suspense fallback=move || view! { <p class="mt-4 text-slate-600">{t.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match codes.await {
                    Ok(Some(codes)) => {
                        let text = codes.join("\n");
                        let download = format!(
                            "data:text/plain;charset=utf-8,{}",
                            crate::navigation::percent_encode(&format!("{}\n\n{text}\n", t.t("two-step-codes-file")))
                        );
                        view! {
                            <p role="status" class="mt-2 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
                                {t.t("two-step-codes-save")}
                            </p>
                            <ul class="mt-4 grid grid-cols-2 gap-2 font-mono text-base" data-testid="recovery-codes">
                                {codes.into_iter().map(|code| view! { <li class="rounded bg-slate-100 px-2 py-1" data-testid="recovery-code">{code}</li> }).collect_view()}
                            </ul>
                            <textarea readonly rows="3" class="mt-4 w-full rounded border border-slate-300 p-2 font-mono text-xs" aria-label=t.t("two-step-codes-text")>{text}</textarea>
                            <div class="mt-4 flex flex-wrap gap-3">
                                <a href=download download="portcullis-recovery-codes.txt" class=SECONDARY_BUTTON>{t.t("two-step-codes-download")}</a>
                                <ActionForm action=saved>
                                    <BusyButton pending=saved.pending() class=SECONDARY_BUTTON>{t.t("two-step-codes-saved")}</BusyButton>
                                </ActionForm>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(None) => view! {
                        <p class="mt-4 text-sm text-slate-700">
                            {t.t("two-step-codes-gone-before")}
                            <a href="/profile/two-step" class="font-semibold text-indigo-700 underline">{t.t("two-step-codes-gone-link")}</a>
                            "."
                        </p>
                    }
                        .into_any(),
                    Err(error) => view! { <p role="alert" class="mt-4 text-red-700">{error.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
