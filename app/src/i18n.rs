//! The languages Portcullis speaks and its message catalogues: one Fluent
//! file per language under `app/locales/`, compiled into both the server
//! and the browser bundle, so a page reads the same words wherever it is
//! rendered. A key missing from any catalogue fails
//! `every_catalogue_has_every_key`.
//!
//! Which language a request gets is decided once, on the server
//! (`Language::negotiate`): the account's preference, else the browser's
//! `Accept-Language`, else `DEFAULT_LANGUAGE`. Pages read it from the
//! context (`use_language`); the browser reads it back from `<html lang>`.

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use serde::{Deserialize, Serialize};
use std::{fmt, sync::OnceLock};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
}

/// The cookie that keeps the language picked in the footer (a year).
pub const LANGUAGE_COOKIE: &str = "portcullis_lang";

/// The catalogues, in `Language::ALL`'s order.
const CATALOGUES: [&str; 2] = [
    include_str!("../locales/en/portcullis.ftl"),
    include_str!("../locales/de/portcullis.ftl"),
];

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::De];

    /// The BCP 47 tag: `<html lang>`, the cookie, the stored preference.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
        }
    }

    /// The language's own name, as its speakers look for it in a picker.
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "Deutsch",
        }
    }

    /// From a tag such as `de`, `de-AT` or `EN-gb` (its primary subtag).
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|language| language.code() == primary)
    }

    /// The best language of an `Accept-Language` header we speak, by its
    /// q-values (ties keep the header's order).
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut offers: Vec<(f32, usize, Language)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let language = Self::parse(parts.next()?)?;
                let quality = parts
                    .find_map(|part| part.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (quality > 0.0).then_some((quality, position, language))
            })
            .collect();
        offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.first().map(|(_, _, language)| *language)
    }

    /// The account's preference, else the browser's, else the default.
    pub fn negotiate(
        preference: Option<Language>,
        accept_language: Option<&str>,
        default: Language,
    ) -> Language {
        preference
            .or_else(|| accept_language.and_then(Self::from_accept_language))
            .unwrap_or(default)
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: OnceLock<Vec<FluentBundle<FluentResource>>> = OnceLock::new();
        let bundles = BUNDLES.get_or_init(|| {
            Self::ALL
                .into_iter()
                .zip(CATALOGUES)
                .map(|(language, source)| {
                    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(
                        |(_, errors)| panic!("the {language} catalogue does not parse: {errors:?}"),
                    );
                    let tag: unic_langid::LanguageIdentifier =
                        language.code().parse().expect("a valid language tag");
                    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
                    // No invisible isolation marks around arguments: the
                    // texts go into mails, headers and tests as they read.
                    bundle.set_use_isolating(false);
                    bundle
                        .add_resource(resource)
                        .expect("no message defined twice");
                    bundle
                })
                .collect()
        });
        &bundles[self as usize]
    }

    /// The message `key` in this language (English when this catalogue
    /// lacks it, which a test forbids).
    pub fn t(self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with its `{ $name }` arguments filled in.
    pub fn t_with<'a>(
        self,
        key: &str,
        args: impl IntoIterator<Item = (&'a str, FluentValue<'a>)>,
    ) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(name, value);
        }
        self.format(key, Some(&fluent_args))
    }

    fn format(self, key: &str, args: Option<&FluentArgs>) -> String {
        for language in [self, Language::En] {
            let bundle = language.bundle();
            if let Some(pattern) = bundle.get_message(key).and_then(|message| message.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        key.to_string()
    }
}

impl std::str::FromStr for Language {
    type Err = String;

    fn from_str(tag: &str) -> Result<Self, String> {
        Self::parse(tag).ok_or_else(|| {
            let known: Vec<_> = Self::ALL.iter().map(|language| language.code()).collect();
            format!("one of {} was expected", known.join(", "))
        })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    static REQUEST_LANGUAGE: Language;
}

/// Runs `work` (a request's handling) with `language` as the one messages
/// made anywhere inside it are written in (`current`).
#[cfg(feature = "ssr")]
pub async fn scope<F: std::future::Future>(language: Language, work: F) -> F::Output {
    REQUEST_LANGUAGE.scope(language, work).await
}

/// The language of the request being handled: what a use case writes its
/// messages (the server's errors) in. English outside a request.
#[cfg(feature = "ssr")]
pub fn current() -> Language {
    REQUEST_LANGUAGE
        .try_with(|language| *language)
        .unwrap_or_default()
}

/// The language of the page being rendered. The server provides it per
/// request; in the browser it is the `<html lang>` the server rendered.
pub fn use_language() -> Language {
    if let Some(language) = leptos::prelude::use_context::<Language>() {
        return language;
    }
    #[cfg(feature = "hydrate")]
    {
        let lang = leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"));
        if let Some(language) = lang.as_deref().and_then(Language::parse) {
            return language;
        }
    }
    Language::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Each message's key and the names of the arguments it uses.
    fn keys(source: &str) -> BTreeSet<(String, BTreeSet<String>)> {
        let mut keys = BTreeSet::new();
        let mut current: Option<(String, BTreeSet<String>)> = None;
        for line in source.lines() {
            let starts_message =
                line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && line.contains(" =");
            if starts_message {
                keys.extend(current.take());
                let key = line.split(" =").next().unwrap().trim().to_string();
                current = Some((key, BTreeSet::new()));
            }
            if let Some((_, arguments)) = current.as_mut() {
                for piece in line.split("{ $").skip(1) {
                    let name: String = piece
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    arguments.insert(name);
                }
            }
        }
        keys.extend(current);
        keys
    }

    #[test]
    fn every_catalogue_has_every_key() {
        let english = keys(CATALOGUES[0]);
        assert!(english.len() > 10, "the English catalogue was read");
        for (language, source) in Language::ALL.into_iter().zip(CATALOGUES).skip(1) {
            let other = keys(source);
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{language}: missing or with other arguments {missing:?}; not in English {extra:?}"
            );
        }
        for language in Language::ALL {
            // Parses, and no message is defined twice.
            let _ = language.bundle();
        }
    }

    #[test]
    fn the_browser_s_preferred_language_we_speak_wins() {
        let parse = Language::from_accept_language;
        assert_eq!(parse("de-DE,de;q=0.9,en;q=0.8"), Some(Language::De));
        assert_eq!(parse("fr-FR, en;q=0.5, de;q=0.7"), Some(Language::De));
        assert_eq!(parse("en-GB,de;q=0.1"), Some(Language::En));
        assert_eq!(parse("fr, it"), None);
        assert_eq!(parse("de;q=0"), None);
        assert_eq!(
            Language::negotiate(Some(Language::En), Some("de"), Language::De),
            Language::En
        );
        assert_eq!(
            Language::negotiate(None, Some("fr"), Language::De),
            Language::De
        );
    }

    #[test]
    fn messages_fill_in_their_arguments() {
        assert_eq!(
            Language::De.t_with("rule-min-length", [("count", 12.into())]),
            "Mindestens 12 Zeichen verwenden."
        );
        assert_eq!(Language::De.t("no-such-key"), "no-such-key");
    }
}
