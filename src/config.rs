//! `minutes.toml`: the archive, its series, its people, its publication.
//!
//! Loading checks the shape (every key), then what only makes sense as a
//! whole: the time zone exists and each series' schedule parses. The result
//! is a [`Config`] whose schedules are ready to use.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::schedule::{Schedule, Spec};
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

    pub fn timezone(&self) -> Tz {
        self.archive.timezone.parse().unwrap_or(Tz::UTC)
    }
}
