//! The languages Portcullis speaks and its message catalogues: one Fluent
//! file per language under `app/locales/`, compiled into both the server
//! and the browser bundle, so a page reads the same words wherever it is
//! rendered. A key missing from any catalogue fails
//! `every_catalogue_has_every_key`.
//!
//! Which language a request gets is decided once, on the server
//! (`server::http::language`): the account's preference, else the browser's
//! `Accept-Language`, else `DEFAULT_LANGUAGE`. Pages read it from the
//! context (`use_language`); the browser reads it back from `<html lang>`.

/// A message's argument: text or a number (plural forms follow numbers).
pub use fluent_bundle::FluentValue;
use fluent_bundle::{FluentArgs, FluentResource, concurrent::FluentBundle};
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

/// The pages' catalogues, in `Language::ALL`'s order: in the server and
/// in the browser bundle.
const CATALOGUES: [&str; 2] = [
    include_str!("../locales/en/portcullis.ftl"),
    include_str!("../locales/de/portcullis.ftl"),
];

/// The server's own words (mails, the API's messages), kept out of the
/// browser bundle.
#[cfg(feature = "ssr")]
const SERVER_CATALOGUES: [&str; 2] = [
    include_str!("../locales/en/server.ftl"),
    include_str!("../locales/de/server.ftl"),
];
#[cfg(not(feature = "ssr"))]
const SERVER_CATALOGUES: [&str; 2] = ["", ""];

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

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: OnceLock<Vec<FluentBundle<FluentResource>>> = OnceLock::new();
        let bundles = BUNDLES.get_or_init(|| {
            Self::ALL
                .into_iter()
                .zip(CATALOGUES.into_iter().zip(SERVER_CATALOGUES))
                .map(|(language, (pages, server))| {
                    let tag: unic_langid::LanguageIdentifier =
                        language.code().parse().expect("a valid language tag");
                    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
                    // No invisible isolation marks around arguments: the
                    // texts go into mails, headers and tests as they read.
                    bundle.set_use_isolating(false);
                    for source in [pages, server] {
                        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(
                            |(_, errors)| {
                                panic!("the {language} catalogue does not parse: {errors:?}")
                            },
                        );
                        bundle
                            .add_resource(resource)
                            .expect("no message defined twice");
                    }
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

/// In the browser, the page's language.
#[cfg(not(feature = "ssr"))]
pub fn current() -> Language {
    use_language()
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
        // Without `ssr` the server's catalogues are not compiled in.
        let compiled = [CATALOGUES, SERVER_CATALOGUES]
            .into_iter()
            .filter(|catalogues| !catalogues[0].is_empty());
        for catalogues in compiled {
            let english = keys(catalogues[0]);
            assert!(english.len() > 10, "the English catalogue was read");
            for (language, source) in Language::ALL.into_iter().zip(catalogues).skip(1) {
                let other = keys(source);
                let missing: Vec<_> = english.difference(&other).collect();
                let extra: Vec<_> = other.difference(&english).collect();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "{language}: missing or with other arguments {missing:?}; \
                     not in English {extra:?}"
                );
            }
        }
        for language in Language::ALL {
            // Parses, and no message is defined twice.
            let _ = language.bundle();
        }
    }

    /// Every key the code names (in the calls that take one, and as the
    /// bare keys components translate) is in the catalogues: a typo shows
    /// up here, not as a raw key on a page.
    #[test]
    #[cfg(feature = "ssr")]
    fn every_key_the_code_uses_is_in_the_catalogues() {
        let known: BTreeSet<String> = [CATALOGUES[0], SERVER_CATALOGUES[0]]
            .into_iter()
            .flat_map(|source| keys(source).into_iter().map(|(key, _)| key))
            .collect();
        let namespaces: BTreeSet<&str> = known
            .iter()
            .filter(|key| key.contains('-'))
            .filter_map(|key| key.split('-').next())
            .collect();
        // Literals shaped like keys that are something else: an attribute,
        // session keys, TLS modes, a key role, a CLI flag.
        let not_keys = [
            "data-hydrated",
            "google-flow-state",
            "second-factor-secrets",
            "verify-full",
            "verify-only",
            "last-name",
        ];
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut missing = Vec::new();
        let mut checked = 0;
        for dir in ["app/src", "server/src"] {
            for file in rust_files(&std::path::Path::new(root).join(dir)) {
                let source = std::fs::read_to_string(&file).unwrap();
                let source = source.split("#[cfg(test)]").next().unwrap_or_default();
                for (at, _) in source.match_indices('"') {
                    let rest = &source[at + 1..];
                    let Some(end) = rest.find('"') else { continue };
                    let literal = &rest[..end];
                    let looks_like_key = literal.contains('-')
                        && literal.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                        })
                        && literal
                            .split('-')
                            .next()
                            .is_some_and(|ns| namespaces.contains(ns));
                    // Attributes other than the translated ones are ids, test ids, classes.
                    let before = source[..at].trim_end();
                    let attribute = before.ends_with('=')
                        && !["title=", "text=", "label="]
                            .iter()
                            .any(|a| before.ends_with(a));
                    if !looks_like_key
                        || attribute
                        || before.ends_with("data-testid")
                        || not_keys.contains(&literal)
                    {
                        continue;
                    }
                    checked += 1;
                    if !known.contains(literal) {
                        missing.push(format!("{}: {literal}", file.display()));
                    }
                }
            }
        }
        assert!(checked > 200, "the keys were found ({checked})");
        assert!(missing.is_empty(), "keys in no catalogue: {missing:#?}");
    }

    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
        files
    }

    #[test]
    fn every_audit_action_has_words_in_every_language() {
        for action in crate::vocabulary::AuditAction::ALL {
            for language in Language::ALL {
                let label = action.label(language);
                assert!(!label.starts_with("audit-"), "{language}: {label}");
            }
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
