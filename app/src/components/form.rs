use crate::{
    api::configured_password_rules,
    error::AppError,
    i18n::{Language, use_language},
    password_rules::PasswordRules,
};
use leptos::prelude::*;

/// An action's last result, as `ServerAction::value()` gives it.
pub trait LastResult<T>:
    With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static
{
}

impl<T, S> LastResult<T> for S where
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static
{
}

/// Something read off the last attempt's error; the default when there is none.
fn from_last_error<T, V>(
    result: impl LastResult<T>,
    read: impl Fn(&AppError) -> V + Send + Sync + 'static,
) -> Signal<V>
where
    T: Send + Sync + 'static,
    V: Default + Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        result.with(|result| match result {
            Some(Err(error)) => read(error),
            _ => V::default(),
        })
    })
}

/// The messages for one field.
pub fn field_errors<T: Send + Sync + 'static>(
    result: impl LastResult<T>,
    field: &'static str,
) -> Signal<Vec<String>> {
    from_last_error(result, move |error| error.field_messages(field))
}

/// What the user typed into `field` before the last attempt failed.
pub fn kept_value<T: Send + Sync + 'static>(
    result: impl LastResult<T>,
    field: &'static str,
) -> Signal<Option<String>> {
    from_last_error(result, move |error| error.value(field))
}

/// What went wrong with the last attempt: the form-wide message and each
/// field's messages, in the order the server found them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormProblem {
    pub message: String,
    pub fields: Vec<(String, String)>,
}

/// The last attempt's problem, for `FormAlert`.
pub fn form_error<T: Send + Sync + 'static>(
    result: impl LastResult<T>,
) -> Signal<Option<FormProblem>> {
    from_last_error(result, |error| {
        Some(FormProblem {
            message: error.message.clone(),
            fields: error
                .details
                .iter()
                .map(|detail| (detail.field.clone(), detail.message.clone()))
                .collect(),
        })
    })
}

/// The error summary at the top of a form: the message, then a link to
/// each field that needs attention. With JavaScript, a failed attempt moves
/// the focus to the first of those fields (or to the summary when the
/// problem is the form's own).
#[component]
pub fn FormAlert(#[prop(into)] message: Signal<Option<FormProblem>>) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(problem) = message.get() else { return };
        let field = problem.fields.first().and_then(|(name, _)| {
            document()
                .get_element_by_id(&format!("field-{name}"))
                .and_then(|element| {
                    leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlElement>(element)
                        .ok()
                })
        });
        match field {
            Some(field) => {
                let _ = field.focus();
            }
            None => {
                if let Some(summary) = summary.get() {
                    let _ = summary.focus();
                }
            }
        }
    });
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div
                node_ref=summary
                role="alert"
                tabindex="-1"
                class="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 focus:outline-none"
            >
                {move || message.get().map(|problem| problem.message)}
                {move || {
                    let fields = message.get().map(|problem| problem.fields).unwrap_or_default();
                    (!fields.is_empty()).then(|| view! {
                        <ul class="mt-2 list-disc space-y-0.5 pl-5" data-testid="error-summary">
                            {fields
                                .into_iter()
                                .map(|(name, text)| view! {
                                    <li><a href=format!("#field-{name}") class="underline">{text}</a></li>
                                })
                                .collect_view()}
                        </ul>
                    })
                }}
            </div>
        </Show>
    }
}

/// A line of a field's checklist: the rule, and whether the value typed so
/// far keeps it (`None`: only the server can tell).
pub type ChecklistItem = (String, Option<bool>);

/// The query flag under which password fields render as plain text, for
/// pages without JavaScript.
const SHOW_PASSWORD: &str = "show-password";

/// This page's address with the show-password flag flipped, the rest of the
/// query (a reset link's token, say) kept.
fn reload_toggling_show_password(
    location: &leptos_router::location::Location,
    shown: bool,
) -> String {
    use crate::navigation::percent_encode;
    let query = location.query.get_untracked();
    let mut pairs: Vec<String> = query
        .into_iter()
        .filter(|(key, _)| key.as_ref() != SHOW_PASSWORD)
        .map(|(key, value)| format!("{}={}", percent_encode(&key), percent_encode(&value)))
        .collect();
    if !shown {
        pairs.push(format!("{SHOW_PASSWORD}=1"));
    }
    let path = location.pathname.get_untracked();
    if pairs.is_empty() {
        path
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// A labelled input whose errors are announced with it (`aria-describedby`).
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    name: &'static str,
    autocomplete: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional, into)] hint: MaybeProp<String>,
    /// E.g. `numeric` for codes, so phones show a digit pad.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(into)] errors: Signal<Vec<String>>,
    /// Shown again after a failed attempt; never used for passwords.
    #[prop(optional, into)]
    value: Option<Signal<Option<String>>>,
    /// Rules shown as a list under the field instead of a one-line hint.
    #[prop(optional, into)]
    checklist: Option<Signal<Vec<ChecklistItem>>>,
    /// Told the value on every keystroke.
    #[prop(optional, into)]
    on_input: Option<Callback<String>>,
) -> impl IntoView {
    let value = value.unwrap_or_default();
    let language: Language = use_language();
    let is_password = input_type == "password";
    // Without a script the toggle is a link that reloads the page with the
    // field as plain text (what was typed is never sent anywhere); with one,
    // a checkbox switches the type in place.
    let location = leptos_router::hooks::use_location();
    let asked = is_password
        && location
            .query
            .with_untracked(|query| query.get_str(SHOW_PASSWORD).is_some());
    let shown = RwSignal::new(asked);
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let input_id = format!("field-{name}");
    let hint_id = format!("{input_id}-hint");
    let error_id = format!("{input_id}-error");
    let has_errors = move || errors.with(|errors| !errors.is_empty());
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.with(Option::is_some) || checklist.is_some() {
                ids.push(hint_id.clone());
            }
            if has_errors() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };

    view! {
        <div class="space-y-1">
            <label for=input_id.clone() class="block text-sm font-medium text-slate-800">
                {label}
            </label>
            <input
                id=input_id.clone()
                name=name
                type=move || if shown.get() { "text" } else { input_type }
                autocomplete=autocomplete
                spellcheck=is_password.then_some("false")
                autocapitalize=is_password.then_some("off")
                on:input=move |event| {
                    if let Some(on_input) = on_input {
                        on_input.run(event_target_value(&event));
                    }
                }
                inputmode=inputmode
                maxlength=maxlength
                value=move || value.get()
                required
                aria-invalid=move || if has_errors() { "true" } else { "false" }
                aria-describedby=described_by
                class=move || {
                    let border = if has_errors() {
                        "border-red-500"
                    } else {
                        "border-slate-300"
                    };
                    format!(
                        "block w-full rounded-md border {border} bg-white px-3 py-2 text-base shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600",
                    )
                }
            />
            {is_password.then(|| {
                let toggle_id = format!("{input_id}-show");
                view! {
                    <div class="flex items-center gap-2 text-sm text-slate-700" hidden=move || !interactive.get()>
                        <input
                            id=toggle_id.clone()
                            type="checkbox"
                            class="h-4 w-4 rounded border-slate-400"
                            aria-controls=input_id.clone()
                            prop:checked=move || shown.get()
                            on:change=move |event| shown.set(event_target_checked(&event))
                        />
                        <label for=toggle_id>{language.t("form-show-password")}</label>
                    </div>
                    <a
                        href=reload_toggling_show_password(&location, asked)
                        class="inline-block text-sm text-slate-700 underline"
                        hidden=move || interactive.get()
                        data-testid="show-password-link"
                    >
                        {language.t(if asked { "form-hide-password" } else { "form-show-password" })}
                    </a>
                }
            })}
            {match checklist {
                Some(items) => {
                    let hint_id = hint_id.clone();
                    view! {
                        <ul id=hint_id class="space-y-0.5 text-xs text-slate-600" data-testid="password-rules">
                            {move || {
                                items
                                    .get()
                                    .into_iter()
                                    .map(|(text, kept)| {
                                        let (mark, state) = match kept {
                                            Some(true) => ("✓", "form-rule-kept"),
                                            Some(false) => ("○", "form-rule-not-yet"),
                                            None => ("•", "form-rule-on-submit"),
                                        };
                                        let state = language.t(state);
                                        view! {
                                            <li class="flex gap-1.5" data-kept=kept.map(|kept| kept.to_string())>
                                                <span aria-hidden="true" class=if kept == Some(true) { "text-emerald-700" } else { "" }>{mark}</span>
                                                <span>{text}<span class="sr-only">{format!(" ({state})")}</span></span>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    }
                        .into_any()
                }
                None => {
                    let hint_id = hint_id.clone();
                    (move || {
                        hint.get()
                            .map(|hint| {
                                view! {
                                    <p id=hint_id.clone() class="text-xs text-slate-600">
                                        {hint}
                                    </p>
                                }
                            })
                    })
                        .into_any()
                }
            }}
            <Show when=has_errors>
                <ul id=error_id.clone() class="space-y-0.5 text-sm text-red-700">
                    {move || {
                        errors.get().into_iter().map(|message| view! { <li>{message}</li> }).collect_view()
                    }}
                </ul>
            </Show>
        </div>
    }
}

/// The configured password rules, loaded by a page before any of its
/// suspended parts. A resource made inside two parts that resolve in
/// either order on the server gets another number in the browser, and the
/// page then fails to hydrate.
#[derive(Clone, Copy)]
pub struct PasswordRulesResource(Resource<Result<PasswordRules, AppError>>);

/// For a page with a `NewPasswordField`: call it first thing in the page.
pub fn provide_password_rules() {
    provide_context(PasswordRulesResource(Resource::new(
        || (),
        |_| configured_password_rules(),
    )));
}

/// A field for a new password with the configured rules listed under it,
/// each ticked off as the password is typed (with JavaScript). The words
/// are the server's errors for the same rules (`PasswordRules::text`).
#[component]
pub fn NewPasswordField(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(into)] errors: Signal<Vec<String>>,
) -> impl IntoView {
    let rules = match use_context::<PasswordRulesResource>() {
        Some(PasswordRulesResource(rules)) => rules,
        None => Resource::new(|| (), |_| configured_password_rules()),
    };
    let typed = RwSignal::new(String::new());
    let language = use_language();
    let label = StoredValue::new(label);
    let field = move |rules: Option<PasswordRules>| {
        let label = label.get_value();
        let checklist = Signal::derive(move || {
            let Some(rules) = &rules else {
                return Vec::new();
            };
            typed.with(|typed| {
                rules
                    .rules()
                    .into_iter()
                    .map(|rule| {
                        let kept = rules.keeps(rule, typed).filter(|_| !typed.is_empty());
                        (rules.text(rule, language), kept)
                    })
                    .collect()
            })
        });
        view! {
            <TextField
                label=label
                name=name
                input_type="password"
                autocomplete="new-password"
                checklist=checklist
                on_input=Callback::new(move |value| typed.set(value))
                errors=errors
            />
        }
    };
    view! {
        <Suspense fallback=move || field(None)>
            {move || Suspend::new(async move { field(rules.await.ok()) })}
        </Suspense>
    }
}

#[component]
pub fn SubmitButton(
    #[prop(into)] label: String,
    #[prop(into)] pending_label: String,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            disabled=move || pending.get()
            aria-busy=move || if pending.get() { "true" } else { "false" }
            class="w-full rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-wait disabled:opacity-70"
        >
            {move || if pending.get() { pending_label.clone() } else { label.clone() }}
        </button>
    }
}

/// A form's submit button that disables itself while the form's request is
/// in flight, so a double click sends once.
#[component]
pub fn BusyButton(
    #[prop(into)] pending: Signal<bool>,
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=class
            disabled=move || pending.get()
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            {children()}
        </button>
    }
}
