//! The passkey buttons: sign in with one (and passkey autofill on the
//! email field), use one as the second step, add one to the profile.
//! WebAuthn is a browser API, so these work only with JavaScript: until the
//! page is hydrated (or for good, when scripts are off) the button is
//! hidden and a `<noscript>` note points to the other ways in.

use crate::i18n::use_language;
use crate::{
    passkey_api::{
        begin_passkey_confirmation, begin_passkey_registration, begin_passkey_sign_in,
        begin_second_step_passkey, finish_passkey_confirmation, finish_passkey_registration,
        finish_passkey_sign_in, finish_second_step_passkey, passkeys,
    },
    webauthn,
};
use leptos::prelude::*;

const PASSKEY_BUTTON: &str = "flex w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-900 shadow-sm hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60";

/// Whether this browser can do passkeys: `false` on the server and until
/// the page is hydrated.
fn passkeys_ready() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(webauthn::supported()));
    ready
}

/// Shown only when scripts are off. Its text is set as HTML so hydration
/// never walks into it (with scripts on, a browser keeps it as raw text).
#[component]
pub fn NoScriptNote(text: &'static str) -> impl IntoView {
    let text = use_language()
        .t(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;");
    let html = format!(
        "<p class=\"rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700\" \
         data-testid=\"passkeys-need-js\">{text}</p>"
    );
    view! { <noscript inner_html=html></noscript> }
}

/// A passkey error, or nothing.
#[component]
fn PasskeyAlert(message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p role="alert" class="mt-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
                {move || message.get()}
            </p>
        </Show>
    }
}

/// One passkey sign-in: the options, the browser's WebAuthn call (from the
/// autofill, or a dialog), and the answer sent back.
async fn passkey_sign_in(autofill: bool, next: String) -> Result<(), String> {
    let options = begin_passkey_sign_in().await.map_err(|e| e.message)?;
    let credential = webauthn::get_credential(&options, autofill)
        .await
        .map_err(|failure| failure.0)?;
    let next = (!next.is_empty()).then_some(next);
    finish_passkey_sign_in(credential, next)
        .await
        .map_err(|e| e.message)
}

/// {t.t("passkey-sign-in")}, and the passkey autofill of the email field
/// (`autocomplete="username webauthn"`) where the browser has it.
#[component]
pub fn PasskeySignIn(#[prop(into)] next: Signal<String>) -> impl IntoView {
    let t = use_language();
    let ready = passkeys_ready();
    let error = RwSignal::new(None::<String>);
    let asked = Action::new_local(move |_: &()| passkey_sign_in(false, next.get_untracked()));
    // Autofill waits quietly for the person to pick a passkey among the
    // email field's suggestions; a wait that is cancelled (the button asks
    // instead, the page moves on) or fails says nothing.
    let autofill = Action::new_local(move |_: &()| passkey_sign_in(true, next.get_untracked()));
    Effect::new(move |_| {
        if ready.get() {
            leptos::task::spawn_local(async move {
                if webauthn::autofill_available().await {
                    autofill.dispatch_local(());
                }
            });
        }
    });
    Effect::new(move |_| {
        if let Some(Err(message)) = asked.value().get() {
            error.set(Some(message));
        }
    });
    view! {
        <div class="mb-6">
            <Show when=move || ready.get()>
                <button
                    type="button"
                    class=PASSKEY_BUTTON
                    data-testid="passkey-sign-in"
                    disabled=move || asked.pending().get()
                    on:click=move |_| {
                        error.set(None);
                        asked.dispatch_local(());
                    }
                >
                    {move || if asked.pending().get() { t.t("passkey-waiting") } else { t.t("passkey-sign-in") }}
                </button>
            </Show>
            <PasskeyAlert message=error />
            <NoScriptNote text="passkey-needs-js-sign-in" />
        </div>
    }
}

/// The second step with one of the account's passkeys.
#[component]
pub fn PasskeySecondStep() -> impl IntoView {
    let t = use_language();
    let ready = passkeys_ready();
    let error = RwSignal::new(None::<String>);
    let trust = RwSignal::new(false);
    let verify = Action::new_local(move |_: &()| {
        let trust = trust.get_untracked().then(|| "on".to_string());
        async move {
            let options = begin_second_step_passkey().await.map_err(|e| e.message)?;
            let credential = webauthn::get_credential(&options, false)
                .await
                .map_err(|failure| failure.0)?;
            finish_second_step_passkey(credential, trust)
                .await
                .map_err(|e| e.message)
        }
    });
    Effect::new(move |_| {
        if let Some(Err(message)) = verify.value().get() {
            error.set(Some(message));
        }
    });
    view! {
        <section class="mt-5 rounded-md border border-slate-200 p-4" aria-labelledby="passkey-step-heading">
            <h2 id="passkey-step-heading" class="font-semibold">{t.t("passkey-use")}</h2>
            <Show
                when=move || ready.get()
                fallback=|| view! {
                    <NoScriptNote text="passkey-needs-js-second-step" />
                }
            >
                <label class="mt-3 flex items-center gap-2 text-sm text-slate-700">
                    <input
                        type="checkbox"
                        class="h-4 w-4 rounded border-slate-300"
                        on:change=move |event| trust.set(event_target_checked(&event))
                    />
                    {t.t("second-step-trust")}
                </label>
                <button
                    type="button"
                    class=format!("mt-3 {PASSKEY_BUTTON}")
                    data-testid="passkey-second-step"
                    disabled=move || verify.pending().get()
                    on:click=move |_| {
                        error.set(None);
                        verify.dispatch_local(());
                    }
                >
                    {move || if verify.pending().get() { t.t("passkey-waiting") } else { t.t("passkey-use") }}
                </button>
            </Show>
            <PasskeyAlert message=error />
        </section>
    }
}

/// "Confirm it's you" with one of the account's passkeys, where it has any
/// and the browser can use them.
#[component]
pub fn ConfirmWithPasskey(#[prop(into)] next: Signal<String>) -> impl IntoView {
    let t = use_language();
    let ready = passkeys_ready();
    let has_passkeys = Resource::new(|| (), |_| passkeys());
    let error = RwSignal::new(None::<String>);
    let confirm = Action::new_local(move |_: &()| {
        let next = next.get_untracked();
        async move {
            let options = begin_passkey_confirmation().await.map_err(|e| e.message)?;
            let credential = webauthn::get_credential(&options, false)
                .await
                .map_err(|failure| failure.0)?;
            let next = (!next.is_empty()).then_some(next);
            finish_passkey_confirmation(credential, next)
                .await
                .map_err(|e| e.message)
        }
    });
    Effect::new(move |_| {
        if let Some(Err(message)) = confirm.value().get() {
            error.set(Some(message));
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let any = has_passkeys.await.is_ok_and(|keys| !keys.is_empty());
                any.then(|| view! {
                    <Show when=move || ready.get()>
                        <button
                            type="button"
                            class=format!("mt-4 {PASSKEY_BUTTON}")
                            data-testid="confirm-with-passkey"
                            disabled=move || confirm.pending().get()
                            on:click=move |_| {
                                error.set(None);
                                confirm.dispatch_local(());
                            }
                        >
                            {move || if confirm.pending().get() { t.t("passkey-waiting") } else { t.t("passkey-confirm") }}
                        </button>
                    </Show>
                    <PasskeyAlert message=error />
                })
            })}
        </Suspense>
    }
}

/// Names and registers a new passkey on this device (or a phone or
/// security key the browser offers).
#[component]
pub fn AddPasskey() -> impl IntoView {
    let t = use_language();
    let ready = passkeys_ready();
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let add = Action::new_local(move |_: &()| {
        let name = name.get_untracked();
        async move {
            let options = begin_passkey_registration().await.map_err(|e| e.message)?;
            let credential = webauthn::create(&options)
                .await
                .map_err(|failure| failure.0)?;
            finish_passkey_registration(name, credential)
                .await
                .map_err(|e| e.message)
        }
    });
    Effect::new(move |_| {
        if let Some(Err(message)) = add.value().get() {
            error.set(Some(message));
        }
    });
    view! {
        <Show
            when=move || ready.get()
            fallback=|| view! {
                <NoScriptNote text="passkey-needs-js-add" />
            }
        >
            <form
                class="mt-4 flex flex-wrap items-end gap-3"
                on:submit=move |event| {
                    event.prevent_default();
                    error.set(None);
                    add.dispatch_local(());
                }
            >
                <label class="block text-sm font-medium text-slate-800">
                    {t.t("passkey-name-optional")}
                    <input
                        type="text"
                        name="name"
                        maxlength=64
                        placeholder="e.g. Work laptop"
                        autocomplete="off"
                        class="mt-1 block w-64 rounded-md border border-slate-300 px-3 py-2 shadow-sm"
                        on:input=move |event| name.set(event_target_value(&event))
                        prop:value=move || name.get()
                    />
                </label>
                <button
                    type="submit"
                    class="rounded-md bg-indigo-700 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-600 disabled:opacity-60"
                    data-testid="add-passkey"
                    disabled=move || add.pending().get()
                >
                    {move || if add.pending().get() { t.t("passkey-waiting-device") } else { t.t("passkeys-add") }}
                </button>
            </form>
        </Show>
        <PasskeyAlert message=error />
    }
}
