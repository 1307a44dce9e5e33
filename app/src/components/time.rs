//! Moments as people read them. The server renders a `<time datetime>` in
//! UTC ("2026-11-21 14:03 UTC"), the same for every viewer and readable
//! without JavaScript; the browser then shows it in the viewer's own time
//! zone, with the zone named, or as "2 hours ago" where recency matters
//! (devices, activity), keeping the full time in the tooltip.

use leptos::prelude::*;

/// "2026-11-21 14:03 UTC" from RFC 3339: what the server renders.
pub fn utc_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

#[component]
pub fn Time(
    /// RFC 3339, as the server functions send times.
    #[prop(into)]
    at: String,
    /// "2 hours ago" instead of the date and time.
    #[prop(optional)]
    relative: bool,
) -> impl IntoView {
    let text = RwSignal::new(utc_time(&at));
    let title = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    {
        let at = at.clone();
        Effect::new(move |_| {
            if let Some(local) = browser::local(&at) {
                if relative {
                    title.set(Some(local));
                    if let Some(ago) = browser::relative(&at) {
                        text.set(ago);
                    }
                } else {
                    text.set(local);
                }
            }
        });
    }
    let _ = relative;
    view! { <time datetime=at title=move || title.get()>{move || text.get()}</time> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use js_sys::{Array, Date, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;

    /// The page's language, so dates read like the words around them.
    fn locales() -> Array {
        let lang = leptos::prelude::document()
            .document_element()
            .map(|html| html.get_attribute("lang").unwrap_or_default())
            .unwrap_or_default();
        Array::of1(&JsValue::from_str(if lang.is_empty() {
            "en"
        } else {
            &lang
        }))
    }

    fn date(rfc3339: &str) -> Option<Date> {
        let date = Date::new(&JsValue::from_str(rfc3339));
        (!date.get_time().is_nan()).then_some(date)
    }

    /// "21 Nov 2026, 15:03 CET" in the browser's time zone.
    pub fn local(rfc3339: &str) -> Option<String> {
        let date = date(rfc3339)?;
        let options = Object::new();
        for (key, value) in [
            ("year", "numeric"),
            ("month", "short"),
            ("day", "numeric"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("timeZoneName", "short"),
        ] {
            Reflect::set(&options, &key.into(), &value.into()).ok()?;
        }
        let format = Intl::DateTimeFormat::new(&locales(), &options);
        format.format().call1(&format, &date).ok()?.as_string()
    }

    /// "2 hours ago", "in 3 days", "now".
    pub fn relative(rfc3339: &str) -> Option<String> {
        let seconds = (date(rfc3339)?.get_time() - Date::now()) / 1000.0;
        let (value, unit) = [
            (60.0, "second"),
            (3600.0, "minute"),
            (86_400.0, "hour"),
            (2_592_000.0, "day"),
            (31_536_000.0, "month"),
        ]
        .into_iter()
        .zip([1.0, 60.0, 3600.0, 86_400.0, 2_592_000.0])
        .find(|((limit, _), _)| seconds.abs() < *limit)
        .map(|((_, unit), size)| ((seconds / size).round(), unit))
        .unwrap_or(((seconds / 31_536_000.0).round(), "year"));
        let options = Object::new();
        Reflect::set(&options, &"numeric".into(), &"auto".into()).ok()?;
        let format = Intl::RelativeTimeFormat::new(&locales(), &options);
        Some(format.format(value, unit).into())
    }
}
