//! `minutes.toml`: the archive, its series, its people, its publication.
//!
//! Loading checks the shape (every key), then what only makes sense as a
//! whole: the time zone exists and each series' schedule parses. The result
//! is a [`Config`] whose schedules are ready to use.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::id::Lang;
use crate::schedule::{Invalid, Schedule, Spec};
use crate::schema::{Field, Kind, opt, req};
use crate::source;

pub const FILE_NAME: &str = "minutes.toml";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    pub archive: ArchiveInfo,
    #[serde(default)]
    pub series: BTreeMap<String, Series>,
    #[serde(default)]
    pub people: BTreeMap<String, String>,
    #[serde(default)]
    pub publication: PublicationInfo,
    /// The parsed schedule of each series, by name.
    #[serde(skip)]
    pub schedules: BTreeMap<String, Schedule>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArchiveInfo {
    pub title: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_timezone")]
    pub timezone: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Series {
    #[serde(default)]
    pub name: Option<String>,
    pub every: String,
    pub on: String,
    pub at: String,
    #[serde(default)]
    pub duration: Option<String>,
    #[serde(default)]
    pub standing: Vec<String>,
    #[serde(default, deserialize_with = "crate::toml_date::list")]
    pub skip: Vec<NaiveDate>,
    #[serde(default, deserialize_with = "crate::toml_date::option")]
    pub start: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PublicationInfo {
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default = "default_output")]
    pub output: String,
}

fn default_language() -> String {
    "en".into()
}

fn default_timezone() -> String {
    "UTC".into()
}

fn default_output() -> String {
    "public".into()
}

pub(crate) const FIELDS: &[Field] = &[
    req(
        "archive",
        Kind::Table(&[
            req("title", Kind::Str),
            opt("language", Kind::Str),
            opt("timezone", Kind::Str),
        ]),
    ),
    opt("series", Kind::Map(&Kind::Table(SERIES_FIELDS))),
    opt("people", Kind::Map(&Kind::Str)),
    opt(
        "publication",
        Kind::Table(&[
            opt("venue", Kind::Str),
            opt("author", Kind::Str),
            opt("url", Kind::Str),
            opt("output", Kind::Str),
        ]),
    ),
];

const SERIES_FIELDS: &[Field] = &[
    opt("name", Kind::Str),
    req("every", Kind::Str),
    req("on", Kind::Str),
    req("at", Kind::Str),
    opt("duration", Kind::Str),
    opt("standing", Kind::Array(&Kind::Str)),
    opt("skip", Kind::Array(&Kind::Date)),
    opt("start", Kind::Date),
];

impl Config {
    /// Reads and checks `minutes.toml` at `path`, shown to the user as `shown`.
    pub fn load(path: &Path, shown: &Path) -> Result<Config> {
        let text = source::read_text(path, shown)?;
        Config::parse(shown, &text).map_err(Error::Invalid)
    }

    pub fn parse(shown: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let (mut config, spans): (Config, _) = source::parse(shown, text, FIELDS)?;
        let mut problems = Vec::new();
        let at = |key: &str| spans.get(key).unwrap_or(0..0);
        let tz = match config.archive.timezone.parse::<Tz>() {
            Ok(tz) => tz,
            Err(_) => {
                let message = format!("unknown time zone `{}`", config.archive.timezone);
                let help =
                    "use an IANA time zone name such as \"Europe/Rome\" or \"America/New_York\"";
                problems.push(
                    Diagnostic::at(shown, text, at("archive.timezone"), message).with_help(help),
                );
                Tz::UTC
            }
        };
        if let Err(e) = config.archive.language.parse::<Lang>() {
            let help = "use the tag of the language the minutes are written in: en, de, it, pt-BR";
            problems.push(
                Diagnostic::at(shown, text, at("archive.language"), e.to_string()).with_help(help),
            );
        }
        if config.series.is_empty() {
            let help = "add a [series.<name>] table with every, on and at";
            problems.push(Diagnostic::file(shown, "no series is defined").with_help(help));
        }
        for (name, series) in &config.series {
            let spec = Spec {
                every: &series.every,
                on: &series.on,
                at: &series.at,
                duration: series.duration.as_deref(),
                skip: &series.skip,
                start: series.start,
            };
            match Schedule::parse(&spec, tz) {
                Ok(schedule) => {
                    config.schedules.insert(name.clone(), schedule);
                }
                Err(invalid) => problems.extend(invalid.into_iter().map(|p| {
                    let span = at(&format!("series.{name}.{}", p.key));
                    Diagnostic::at(shown, text, span, format!("series `{name}`: {}", p.message))
                        .with_help(p.help)
                })),
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The series a meeting belongs to when it names none.
    pub fn default_series(&self) -> Option<&str> {
        self.series.keys().next().map(String::as_str)
    }

    /// The series named `name`, or the default one; an error names the choices.
    pub fn series_named(&self, name: Option<&str>) -> Result<(&str, &Series, &Schedule)> {
        let name = match name {
            Some(name) => name,
            None if self.series.len() == 1 => self.default_series().unwrap_or_default(),
            None => {
                let names: Vec<_> = self.series.keys().map(String::as_str).collect();
                return Err(
                    Error::usage("this archive has several series; say which one")
                        .with_help(format!("pass --series with one of: {}", names.join(", "))),
                );
            }
        };
        match (self.series.get_key_value(name), self.schedules.get(name)) {
            (Some((name, series)), Some(schedule)) => Ok((name, series, schedule)),
            _ => {
                let names: Vec<_> = self.series.keys().map(String::as_str).collect();
                Err(
                    Error::usage(format!("there is no series `{name}`")).with_help(format!(
                        "the series of this archive are: {}",
                        names.join(", ")
                    )),
                )
            }
        }
    }

    /// A person's display name, or the handle itself when the roster lacks it.
    pub fn person<'a>(&'a self, handle: &'a str) -> &'a str {
        self.people.get(handle).map_or(handle, String::as_str)
    }

    /// The language the minutes are written in (checked when loaded).
    pub fn language(&self) -> Lang {
        let fallback = || {
            "en".parse()
                .unwrap_or_else(|_| unreachable!("`en` is a tag"))
        };
        self.archive.language.parse().unwrap_or_else(|_| fallback())
    }

    pub fn timezone(&self) -> Tz {
        self.archive.timezone.parse().unwrap_or(Tz::UTC)
    }
}

/// What a new archive's minutes.toml is made from (`minutes init`): one
/// series, everything else left for the person to fill in.
pub struct Setup {
    pub title: String,
    pub every: String,
    pub on: String,
    pub at: String,
    pub duration: String,
    pub timezone: String,
    pub language: Lang,
    pub series: String,
}

impl Setup {
    /// The text of minutes.toml, with comments for the person who edits it
    /// next. The series starts at its first date from `now` on. A value
    /// that does not make a schedule is refused, by its key.
    pub fn text(&self, now: DateTime<Utc>) -> Result<String, Invalid> {
        let refuse = |key, message, help: &str| Invalid {
            key,
            message,
            help: help.to_string(),
        };
        let tz: Tz = self.timezone.parse().map_err(|_| {
            let message = format!("unknown time zone `{}`", self.timezone);
            refuse(
                "timezone",
                message,
                "use an IANA time zone name such as Europe/Rome or America/New_York",
            )
        })?;
        if !crate::id::is_slug(&self.series) {
            let message = format!("`{}` is not a valid name", self.series);
            return Err(refuse(
                "series",
                message,
                "use lower-case letters, digits and dashes",
            ));
        }
        let spec = Spec {
            every: &self.every,
            on: &self.on,
            at: &self.at,
            duration: Some(&self.duration),
            skip: &[],
            start: None,
        };
        let schedule = Schedule::parse(&spec, tz).map_err(|mut problems| problems.remove(0))?;
        let today = now.with_timezone(&tz).date_naive();
        let start = schedule.occurrences(today).next().unwrap_or(today);
        let q = |s: &str| toml_edit::Value::from(s).to_string().trim().to_string();
        Ok(format!(
            "# The archive of minutes: see `minutes --help`.\n\
             [archive]\n\
             title = {title}\n\
             # The language the minutes are written in, and the IANA zone of the meeting times.\n\
             language = {language}\n\
             timezone = {timezone}\n\
             \n\
             [series.{series}]\n\
             name = {title}\n\
             # every: \"week\", \"2 weeks\", \"month\"; on: a weekday, or for monthly series \"first tuesday\" ... \"last tuesday\".\n\
             every = {every}\n\
             on = {on}\n\
             at = {at}\n\
             duration = {duration}\n\
             # The first meeting: series that meet every N weeks or months count from it.\n\
             start = {start}\n\
             # Items that every new agenda starts with, e.g. [\"News of the week\"].\n\
             standing = []\n\
             # Dates without a call, e.g. [2025-08-12].\n\
             skip = []\n\
             \n\
             # The roster: handle = \"Display Name\".\n\
             [people]\n\
             \n\
             [publication]\n\
             output = \"public\"\n",
            title = q(&self.title),
            language = q(&self.language),
            timezone = q(&self.timezone),
            series = self.series,
            every = q(&self.every),
            on = q(&self.on),
            at = q(&self.at),
            duration = q(&self.duration),
        ))
    }
}
