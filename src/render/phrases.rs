//! Phrase tables: the words that templates add, in the readers' language.
//!
//! A table is `templates/lang/<lang>.toml`, a flat list of strings: the
//! phrases (`{name}` marks what the template fills in), the chrono locale and
//! the date formats. A built-in table can be overridden phrase by phrase by
//! the archive's file of the same name; an archive may add a language with a
//! complete table of its own.
//!
//! Two rules of a language's grammar live in its table too, so that the
//! code knows no language: `day_one` writes the first of a month ("1º
//! dicembre"), and `elide_days` with `elisions` contract an article before
//! a day read with a vowel ("l'11 febbraio", "dell'8 marzo").

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Datelike, Locale, NaiveDate};
use chrono_tz::Tz;

use crate::diagnostic::{Diagnostic, Lines};
use crate::error::{Error, Result};

use super::builtin;
use super::templates::Templates;

/// Keys every table must have: the locale and the date formats.
const REQUIRED: &[&str] = &["locale", "date", "date_full", "weekday", "time"];

/// Keys only a language whose grammar needs them has.
pub const GRAMMAR: &[&str] = &["day_one", "elide_days", "elisions"];

/// The phrases of one language, ready to fill in.
#[derive(Clone, Debug)]
pub struct Phrases {
    pub lang: String,
    pub table: BTreeMap<String, String>,
    locale: Locale,
}

/// The languages that have a phrase table, built-in or in the archive.
pub fn available(templates: &Templates) -> Result<Vec<String>> {
    let mut langs: Vec<String> = templates
        .list()?
        .into_iter()
        .filter_map(|(name, _)| {
            name.strip_prefix("lang/")
                .and_then(|n| n.strip_suffix(".toml"))
                .map(str::to_string)
        })
        .collect();
    langs.dedup();
    Ok(langs)
}

impl Phrases {
    /// The table of `lang`: the built-in one with the archive's phrases over it.
    pub fn load(templates: &Templates, lang: &str) -> Result<Phrases> {
        let name = format!("lang/{lang}.toml");
        let known = crate::id::Lang::is_tag(lang)
            .then(|| templates.origin(&name))
            .flatten()
            .is_some();
        if !known {
            let langs = available(templates)?;
            return Err(
                Error::usage(format!("there is no phrase table for the language `{lang}`"))
                    .with_help(format!(
                        "the languages available are: {}; to add one, write templates/lang/{lang}.toml (start from `minutes templates eject lang/en.toml`)",
                        langs.join(", ")
                    )),
            );
        }
        let mut table = match builtin::language(lang) {
            Some(text) => parse(&Path::new("built-in").join(&name), text)?,
            None => BTreeMap::new(),
        };
        let relative = Templates::relative(&name);
        if templates.origin(&name) != Some(super::templates::Origin::BuiltIn) {
            let text = templates.source(&name)?.unwrap_or_default();
            table.extend(parse(&relative, &text)?);
        }
        let shown = templates.shown(&name);
        if let Some(missing) = REQUIRED.iter().find(|k| !table.contains_key(**k)) {
            return Err(
                Error::failed(format!("the phrase table {shown} has no `{missing}`"))
                    .with_help("copy the missing keys from `minutes templates eject lang/en.toml`"),
            );
        }
        let locale = Locale::try_from(table["locale"].as_str()).map_err(|_| {
            Error::failed(format!(
                "the phrase table {shown} names an unknown locale `{}`",
                table["locale"]
            ))
            .with_help("use a POSIX locale name such as \"de_DE\" or \"it_IT\"")
        })?;
        let phrases = Phrases {
            lang: lang.to_string(),
            table,
            locale,
        };
        // Try the date formats once, so that a bad one is reported here.
        let sample = NaiveDate::from_ymd_opt(2025, 1, 28).unwrap_or_default();
        for key in ["date", "date_full", "weekday"] {
            phrases.date_as(key, sample)?;
        }
        Ok(phrases)
    }

    /// The phrase `key` with its `{name}` placeholders filled in by `value`.
    pub fn fill(
        &self,
        key: &str,
        value: impl FnMut(&str) -> Option<String>,
    ) -> Result<String, String> {
        self.fill_with(key, value, str::to_string)
    }

    /// As `fill`, for HTML: the phrase's own words escaped, the values
    /// taken as `value` gives them (escaped by the caller, or markup).
    pub fn fill_escaped(
        &self,
        key: &str,
        value: impl FnMut(&str) -> Option<String>,
    ) -> Result<String, String> {
        self.fill_with(key, value, |text| minijinja::HtmlEscape(text).to_string())
    }

    fn fill_with(
        &self,
        key: &str,
        mut value: impl FnMut(&str) -> Option<String>,
        words: impl Fn(&str) -> String,
    ) -> Result<String, String> {
        let Some(phrase) = self.table.get(key) else {
            return Err(format!(
                "the phrase table of `{}` has no phrase `{key}`",
                self.lang
            ));
        };
        let mut out = String::new();
        let mut rest = phrase.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&words(&rest[..open]));
            let Some(close) = rest[open..].find('}') else {
                return Err(format!("phrase `{key}` has a `{{` without `}}`"));
            };
            let name = &rest[open + 1..open + close];
            match value(name) {
                Some(text) => {
                    self.elide(&mut out, &text);
                    out.push_str(&text);
                }
                None => return Err(format!("phrase `{key}` needs a value for `{name}`")),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(&words(rest));
        Ok(out)
    }

    /// Contracts the word that ends `before` when `value` starts with a day
    /// read with a vowel: "il 11" -> "l'11", "del 8" -> "dell'8" (the
    /// table's `elide_days` and `elisions`, `il=l' del=dell'`).
    fn elide(&self, before: &mut String, value: &str) {
        let (Some(days), Some(elisions)) =
            (self.table.get("elide_days"), self.table.get("elisions"))
        else {
            return;
        };
        let day: String = value.chars().take_while(char::is_ascii_digit).collect();
        if day.is_empty() || !days.split_whitespace().any(|d| d == day) {
            return;
        }
        let Some(head) = before.strip_suffix(' ') else {
            return;
        };
        let start = head.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &head[start..];
        let Some(short) = elisions.split_whitespace().find_map(|pair| {
            let (long, short) = pair.split_once('=')?;
            long.eq_ignore_ascii_case(word).then_some(short)
        }) else {
            return;
        };
        // Keep a capital: "Il 11" -> "L'11".
        let short = if word.chars().next().is_some_and(char::is_uppercase) {
            capital(short)
        } else {
            short.to_string()
        };
        before.truncate(start);
        before.push_str(&short);
    }

    /// "28 January 2025", "28. Januar 2025", "28 gennaio 2025".
    pub fn date(&self, date: NaiveDate) -> String {
        self.date_as("date", date)
            .unwrap_or_else(|_| date.to_string())
    }

    /// "Tuesday, 28 January 2025", "Dienstag, 28. Januar 2025".
    pub fn date_full(&self, date: NaiveDate) -> String {
        self.date_as("date_full", date)
            .unwrap_or_else(|_| date.to_string())
    }

    /// "Tuesday", "Dienstag", "martedì".
    pub fn weekday(&self, date: NaiveDate) -> String {
        self.date_as("weekday", date)
            .unwrap_or_else(|_| date.to_string())
    }

    /// "21:00".
    pub fn time(&self, at: DateTime<Tz>) -> String {
        let mut out = String::new();
        match write!(
            out,
            "{}",
            at.format_localized(&self.table["time"], self.locale)
        ) {
            Ok(()) => out,
            Err(_) => at.format("%H:%M").to_string(),
        }
    }

    fn date_as(&self, key: &str, date: NaiveDate) -> Result<String> {
        let mut format = self.table[key].clone();
        if date.day() == 1 {
            if let Some(first) = self.table.get("day_one") {
                format = format.replace("%-d", &first.replace('%', "%%"));
            }
        }
        let mut out = String::new();
        write!(out, "{}", date.format_localized(&format, self.locale)).map_err(|_| {
            Error::failed(format!(
                "the date format `{key}` of the `{}` phrase table is not valid: {:?}",
                self.lang, self.table[key]
            ))
            .with_help("use strftime fields such as %A, %-d, %B, %Y")
        })?;
        Ok(out)
    }
}

/// `text` with its first letter capital: a line that starts with a weekday
/// ("Martedì 11 marzo").
pub fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A phrase table's text: a flat table of strings, each phrase with
/// well-formed placeholders. Every problem is reported at its phrase.
fn parse(shown: &Path, text: &str) -> Result<BTreeMap<String, String>> {
    let table: BTreeMap<String, toml::Spanned<String>> = toml::from_str(text).map_err(|e| {
        let message = format!(
            "not a phrase table (a flat list of `key = \"text\"`): {}",
            e.message().trim_end()
        );
        match e.span() {
            Some(span) => Diagnostic::at(shown, text, span, message),
            None => Diagnostic::file(shown, message),
        }
    })?;
    let lines = Lines::new(text);
    let english: BTreeMap<String, String> = builtin::language("en")
        .and_then(|en| toml::from_str(en).ok())
        .unwrap_or_default();
    let mut problems = Vec::new();
    for (key, phrase) in &table {
        let place = |message: String, help: String| {
            lines
                .at(shown, phrase.span(), format!("phrase `{key}` {message}"))
                .with_help(help)
        };
        let names = match placeholders(phrase.get_ref()) {
            Ok(names) => names,
            Err(message) => {
                let help =
                    "placeholders are written {name}; a phrase cannot hold a brace otherwise"
                        .to_string();
                problems.push(place(message, help));
                continue;
            }
        };
        // A built-in phrase says what the built-in templates fill in.
        let Some(filled) = english.get(key).and_then(|en| placeholders(en).ok()) else {
            continue;
        };
        if let Some(unknown) = names.iter().find(|n| !filled.contains(n)) {
            let known: Vec<String> = filled.iter().map(|n| format!("{{{n}}}")).collect();
            let help = match known.is_empty() {
                true => "this phrase takes no placeholder".to_string(),
                false => format!("it can use {}", known.join(", ")),
            };
            problems.push(place(
                format!("uses {{{unknown}}}, which the templates do not fill in"),
                help,
            ));
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|d| d.line);
        return Err(Error::Invalid(problems));
    }
    Ok(table
        .into_iter()
        .map(|(key, phrase)| (key, phrase.into_inner()))
        .collect())
}

/// The names of the `{name}` placeholders of `phrase`, or what is wrong
/// with them (the same rules as [`Phrases::fill`]).
fn placeholders(phrase: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = phrase;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err("has a `{` without `}`".to_string());
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("has `{{{name}}}`, which is not a placeholder name"));
        }
        names.push(name);
        rest = &rest[open + close + 1..];
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(lang: &str) -> Phrases {
        let root = std::env::temp_dir().join("minutes-no-archive-here");
        Phrases::load(&Templates::new(&root), lang).unwrap()
    }

    #[test]
    fn dates_are_localized() {
        let day = NaiveDate::from_ymd_opt(2025, 1, 28).unwrap();
        assert_eq!(phrases("de").date_full(day), "Dienstag, 28. Januar 2025");
        assert_eq!(phrases("it").date_full(day), "martedì 28 gennaio 2025");
        assert_eq!(phrases("en").date(day), "28 January 2025");
        assert_eq!(phrases("it").weekday(day), "martedì");
    }

    #[test]
    fn italian_articles_elide_before_8_and_11_and_the_first_is_an_ordinal() {
        let it = phrases("it");
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        let say = |key: &str, date: NaiveDate| {
            it.fill(key, |n| (n == "date").then(|| it.date(date)))
                .unwrap()
        };
        assert_eq!(
            say("minutes_heading", day(2, 11)),
            "Verbale dell'11 febbraio 2025"
        );
        assert_eq!(say("due_on", day(3, 8)), "entro l'8 marzo 2025");
        assert_eq!(say("due_on", day(3, 18)), "entro il 18 marzo 2025");
        assert_eq!(
            say("minutes_heading", day(12, 1)),
            "Verbale del 1º dicembre 2025"
        );
        assert_eq!(it.date_full(day(4, 1)), "martedì 1º aprile 2025");
        let range = it
            .fill("date_range", |n| {
                Some(it.date(day(3, if n == "from" { 8 } else { 11 })))
            })
            .unwrap();
        // A range takes "da ... a": its dates may begin with the weekday.
        assert_eq!(range, "da 8 marzo 2025 a 11 marzo 2025");
        // Other languages keep their articles and numbers.
        let de = phrases("de");
        let heading = de
            .fill("minutes_heading", |_| Some(de.date(day(12, 1))))
            .unwrap();
        assert_eq!(heading, "Protokoll vom 1. Dezember 2025");
        assert_eq!(capital("martedì 11 marzo"), "Martedì 11 marzo");
    }

    #[test]
    fn placeholders_are_filled_and_checked() {
        let en = phrases("en");
        let filled = en.fill("closing", |n| (n == "lead").then(|| "the news".to_string()));
        assert_eq!(filled.unwrap(), "Finally, the group turned to the news.");
        assert!(en.fill("closing", |_| None).unwrap_err().contains("`lead`"));
        assert!(
            en.fill("no-such", |_| None)
                .unwrap_err()
                .contains("no phrase")
        );
    }
}
