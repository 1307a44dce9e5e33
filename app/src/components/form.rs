use crate::{api::configured_password_rules, error::AppError};
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

/// The form-wide message.
pub fn form_error<T: Send + Sync + 'static>(result: impl LastResult<T>) -> Signal<Option<String>> {
    from_last_error(result, |error| Some(error.message.clone()))
}

#[component]
pub fn FormAlert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div
                role="alert"
                class="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
            >
                {move || message.get()}
            </div>
        </Show>
    }
}

/// A labelled input whose errors are announced with it (`aria-describedby`).
#[component]
pub fn TextField(
    label: &'static str,
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
) -> impl IntoView {
    let value = value.unwrap_or_default();
    let input_id = format!("field-{name}");
    let hint_id = format!("{input_id}-hint");
    let error_id = format!("{input_id}-error");
    let has_errors = move || errors.with(|errors| !errors.is_empty());
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.with(Option::is_some) {
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
                id=input_id
                name=name
                type=input_type
                autocomplete=autocomplete
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
            {move || {
                hint.get()
                    .map(|hint| {
                        view! {
                            <p id=hint_id.clone() class="text-xs text-slate-600">
                                {hint}
                            </p>
                        }
                    })
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

/// A field for a new password, with the configured rules as its hint.
#[component]
pub fn NewPasswordField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] errors: Signal<Vec<String>>,
) -> impl IntoView {
    let rules = Resource::new(|| (), |_| configured_password_rules());
    let field = move |hint: Option<String>| {
        view! {
            <TextField
                label=label
                name=name
                input_type="password"
                autocomplete="new-password"
                hint=hint
                errors=errors
            />
        }
    };
    view! {
        <Suspense fallback=move || field(None)>
            {move || Suspend::new(async move {
                field(rules.await.ok().map(|rules| rules.summary()))
            })}
        </Suspense>
    }
}

#[component]
pub fn SubmitButton(
    label: &'static str,
    pending_label: &'static str,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            disabled=move || pending.get()
            aria-busy=move || if pending.get() { "true" } else { "false" }
            class="w-full rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-wait disabled:opacity-70"
        >
            {move || if pending.get() { pending_label } else { label }}
        </button>
    }
}
