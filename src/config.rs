//! `minutes.toml`: the archive, its series, its people, its publication.
//!
//! Loading checks the shape (every key), then what only makes sense as a
//! whole: the time zone exists, each series' schedule (and each period of
//! it) parses and no two periods overlap, no alias names two people, and the
//! address of issue references is a link. The result is a [`Config`] whose
//! schedules are ready to use.
//!
//! A person of the roster is `handle = "Name"`, or a table with the name,
//! the other spellings met in minutes (`aliases`), accounts, and the role
//! and affiliation the person usually has.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::id::Lang;
use crate::meeting::Ref;
use crate::schedule::{Invalid, PeriodSpec, Schedule, Spec, weekday_name};
use crate::schema::{Field, Kind, Spans, opt, req};
use crate::source;

pub const FILE_NAME: &str = "minutes.toml";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    pub archive: ArchiveInfo,
    #[serde(default)]
    pub series: BTreeMap<String, Series>,
    #[serde(default)]
    pub people: BTreeMap<String, Person>,
    #[serde(default)]
    pub publication: PublicationInfo,
    /// How each tag reads in each language: `[tags.ai] en = "AI", de = "KI"`.
    #[serde(default)]
    pub tags: BTreeMap<String, BTreeMap<String, String>>,
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
    /// Where issue references point: a base URL (`https://codeberg.org`),
    /// or a pattern with `{repo}` and `{number}`. Default: GitHub.
    #[serde(default)]
    pub forge: Option<String>,
}

/// One person of the roster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    pub name: String,
    /// Other spellings of the person met in minutes.
    pub aliases: Vec<String>,
    pub github: Option<String>,
    pub email: Option<String>,
    /// The role the person usually has: member, observer ...
    pub role: Option<String>,
    pub affiliation: Option<String>,
}

/// The table form of a person: `[people.<handle>]`.
#[derive(Serialize, Deserialize)]
pub(crate) struct PersonTable {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub github: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
}

impl From<PersonTable> for Person {
    fn from(t: PersonTable) -> Person {
        Person {
            name: t.name,
            aliases: t.aliases,
            github: t.github,
            email: t.email,
            role: t.role,
            affiliation: t.affiliation,
        }
    }
}

impl crate::meeting::FromText for Person {
    fn from_text(name: &str) -> Person {
        Person {
            name: name.to_string(),
            ..Person::default()
        }
    }
}

impl<'de> Deserialize<'de> for Person {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Person, D::Error> {
        d.deserialize_any(crate::meeting::TextOrTable::new(|t: PersonTable| {
            Person::from(t)
        }))
    }
}

/// The name alone where that is all there is, as the file may say it.
impl Serialize for Person {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self == &<Person as crate::meeting::FromText>::from_text(&self.name) {
            return s.serialize_str(&self.name);
        }
        PersonTable {
            name: self.name.clone(),
            aliases: self.aliases.clone(),
            github: self.github.clone(),
            email: self.email.clone(),
            role: self.role.clone(),
            affiliation: self.affiliation.clone(),
        }
        .serialize(s)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Series {
    #[serde(default)]
    pub name: Option<String>,
    /// The name in other languages, by language tag.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
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
    /// Schedules that replaced this one over time.
    #[serde(default)]
    pub periods: Vec<Period>,
}

/// A schedule in force from a date: what it does not say, it keeps from
/// the series.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Period {
    #[serde(deserialize_with = "crate::toml_date::date")]
    pub from: NaiveDate,
    /// The last day of the period; without it, the period lasts until the
    /// next one begins, or for good.
    #[serde(default, deserialize_with = "crate::toml_date::option")]
    pub until: Option<NaiveDate>,
    #[serde(default)]
    pub every: Option<String>,
    #[serde(default)]
    pub on: Option<String>,
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub duration: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PublicationInfo {
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// The author's name on pages in other languages, by language tag.
    #[serde(default)]
    pub authors: BTreeMap<String, String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default = "default_output")]
    pub output: String,
    /// Where a meeting's pages go in the site: a folder pattern of
    /// `{year}`, `{month}`, `{day}`, `{id}` and `{series}`.
    #[serde(default = "default_permalink")]
    pub permalink: String,
    /// The pages of each published meeting in the site: "article", and
    /// "minutes" for the formal record too.
    #[serde(default = "default_pages")]
    pub pages: Vec<Page>,
    /// The start of the names of the tags `publish` makes.
    #[serde(default = "default_tag_prefix")]
    pub tag_prefix: String,
    /// The languages the meetings are published in, besides the archive's
    /// own: `check` names the published meetings that lack a translation.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The paper that HTML pages print on: "A4" (the default) or "letter".
    #[serde(default)]
    pub paper: Option<String>,
}

/// Without a `[publication]` table: the values each key takes alone.
impl Default for PublicationInfo {
    fn default() -> PublicationInfo {
        PublicationInfo {
            venue: None,
            author: None,
            authors: BTreeMap::new(),
            url: None,
            output: default_output(),
            languages: Vec::new(),
            paper: None,
            permalink: default_permalink(),
            pages: default_pages(),
            tag_prefix: default_tag_prefix(),
        }
    }
}

/// A page a published meeting can have in the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Page {
    /// The publication draft.
    Article,
    /// The formal minutes, public items only.
    Minutes,
}

impl Page {
    pub const NAMES: &'static [&'static str] = &["article", "minutes"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The names a permalink pattern may hold.
pub const PERMALINK_FIELDS: &[&str] = &["year", "month", "day", "id", "series"];

/// The papers a page can be printed on, as CSS names them.
pub const PAPERS: &[&str] = &["A4", "letter"];

fn default_language() -> String {
    "en".into()
}

fn default_timezone() -> String {
    "UTC".into()
}

fn default_output() -> String {
    "public".into()
}

fn default_permalink() -> String {
    "{year}/{id}/".into()
}

fn default_pages() -> Vec<Page> {
    vec![Page::Article]
}

fn default_tag_prefix() -> String {
    "published/".into()
}

pub(crate) const FIELDS: &[Field] = &[
    req(
        "archive",
        Kind::Table(&[
            req("title", Kind::Str),
            opt("language", Kind::Str),
            opt("timezone", Kind::Str),
            opt("forge", Kind::Str),
        ]),
    ),
    opt("series", Kind::Map(&Kind::Table(SERIES_FIELDS))),
    opt(
        "people",
        Kind::Map(&Kind::Either(&Kind::Str, &Kind::Table(PERSON_FIELDS))),
    ),
    opt(
        "publication",
        Kind::Table(&[
            opt("venue", Kind::Str),
            opt("author", Kind::Str),
            opt("authors", Kind::Map(&Kind::Str)),
            opt("url", Kind::Str),
            opt("output", Kind::Str),
            opt("permalink", Kind::Str),
            opt("pages", Kind::Array(&Kind::OneOf(Page::NAMES))),
            opt("tag_prefix", Kind::Str),
            opt("languages", Kind::Array(&Kind::Str)),
            opt("paper", Kind::Str),
        ]),
    ),
    opt("tags", Kind::Map(&Kind::Map(&Kind::Str))),
];

const SERIES_FIELDS: &[Field] = &[
    opt("name", Kind::Str),
    opt("names", Kind::Map(&Kind::Str)),
    req("every", Kind::Str),
    req("on", Kind::Str),
    req("at", Kind::Str),
    opt("duration", Kind::Str),
    opt("standing", Kind::Array(&Kind::Str)),
    opt("skip", Kind::Array(&Kind::Date)),
    opt("start", Kind::Date),
    opt("periods", Kind::Tables(PERIOD_FIELDS)),
];

const PERIOD_FIELDS: &[Field] = &[
    req("from", Kind::Date),
    opt("until", Kind::Date),
    opt("every", Kind::Str),
    opt("on", Kind::Str),
    opt("at", Kind::Str),
    opt("duration", Kind::Str),
];

pub(crate) const PERSON_FIELDS: &[Field] = &[
    req("name", Kind::Str),
    opt("aliases", Kind::Array(&Kind::Str)),
    opt("github", Kind::Str),
    opt("email", Kind::Str),
    opt("role", Kind::Str),
    opt("affiliation", Kind::Str),
];

impl Config {
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
                periods: series
                    .periods
                    .iter()
                    .map(|p| PeriodSpec {
                        from: p.from,
                        until: p.until,
                        every: p.every.as_deref(),
                        on: p.on.as_deref(),
                        at: p.at.as_deref(),
                        duration: p.duration.as_deref(),
                    })
                    .collect(),
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
        if let Some(forge) = &config.archive.forge {
            if let Err(help) = check_forge(forge) {
                let message = format!("`{forge}` is not a forge address");
                problems.push(
                    Diagnostic::at(shown, text, at("archive.forge"), message).with_help(help),
                );
            }
        }
        problems.extend(alias_clashes(&config, shown, text, &spans));
        problems.extend(publication_problems(
            &config.publication,
            shown,
            text,
            &spans,
        ));
        problems.extend(translations(&config, shown, text, &spans));
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
        self.people.get(handle).map_or(handle, |p| p.name.as_str())
    }

    /// The handle of the person whose handle, name or alias `spelling` is
    /// (ignoring case): how a name met in minutes is found in the roster.
    pub fn handle_of(&self, spelling: &str) -> Option<&str> {
        let wanted = spelling.trim().to_lowercase();
        self.people
            .iter()
            .find(|(handle, p)| {
                handle.to_lowercase() == wanted
                    || p.name.to_lowercase() == wanted
                    || p.aliases.iter().any(|a| a.to_lowercase() == wanted)
            })
            .map(|(handle, _)| handle.as_str())
    }

    /// Whether some person of the roster has a role: then a new meeting
    /// lists its attendees with their roles.
    pub fn has_roles(&self) -> bool {
        self.people.values().any(|p| p.role.is_some())
    }

    /// The address of an issue reference, `owner/repo#N`, on the archive's
    /// forge.
    pub fn ref_url(&self, repo: &str, number: u64) -> String {
        let pattern = forge_pattern(self.archive.forge.as_deref());
        pattern
            .replace("{repo}", repo)
            .replace("{number}", &number.to_string())
    }

    /// What a reference of an item names, and where it links: an address of
    /// an issue or pull request on GitHub or on the archive's forge is the
    /// same reference as its `owner/repo#N`, so that both spellings are
    /// found together. `None` when `text` is no reference.
    pub fn resolve_ref(&self, text: &str) -> Option<Target> {
        Some(match Ref::parse(text)? {
            Ref::Issue { repo, number } => Target {
                href: self.ref_url(&repo, number),
                key: format!("{repo}#{number}"),
            },
            Ref::Url(url) => {
                let forge = forge_pattern(self.archive.forge.as_deref());
                let patterns = [
                    forge.as_str(),
                    GITHUB,
                    "https://github.com/{repo}/pull/{number}",
                    "https://github.com/{repo}/discussions/{number}",
                ];
                let found = patterns.iter().find_map(|p| issue_in(p, &url));
                Target {
                    key: found.map_or_else(|| url.clone(), |(repo, n)| format!("{repo}#{n}")),
                    href: url,
                }
            }
        })
    }

    /// The language the minutes are written in (checked when loaded).
    pub fn language(&self) -> Lang {
        let fallback = || {
            "en".parse()
                .unwrap_or_else(|_| unreachable!("`en` is a tag"))
        };
        self.archive.language.parse().unwrap_or_else(|_| fallback())
    }

    /// The languages the meetings are published in besides the archive's
    /// own, each once (checked when loaded).
    pub fn publication_languages(&self) -> Vec<Lang> {
        let own = self.language();
        let mut out: Vec<Lang> = Vec::new();
        for lang in self
            .publication
            .languages
            .iter()
            .filter_map(|l| l.parse().ok())
        {
            if lang != own && !out.contains(&lang) {
                out.push(lang);
            }
        }
        out
    }

    /// The CSS name of the paper the pages print on: "A4" unless
    /// `[publication] paper` says "letter".
    pub fn paper(&self) -> &'static str {
        let wanted = self.publication.paper.as_deref().unwrap_or(PAPERS[0]);
        PAPERS
            .iter()
            .find(|p| p.eq_ignore_ascii_case(wanted))
            .copied()
            .unwrap_or(PAPERS[0])
    }

    /// How `tag` reads in `lang`, when `[tags.<tag>]` says so; the tag is
    /// looked up as written, then ignoring case.
    pub fn tag_name(&self, tag: &str, lang: &str) -> Option<&str> {
        let names = self.tags.get(tag).or_else(|| {
            self.tags
                .iter()
                .find(|(t, _)| t.to_lowercase() == tag.to_lowercase())
                .map(|(_, names)| names)
        })?;
        names.get(lang).map(String::as_str)
    }

    pub fn timezone(&self) -> Tz {
        self.archive.timezone.parse().unwrap_or(Tz::UTC)
    }
}

/// A reference resolved: its key (`owner/repo#N`, or the address) and its
/// link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub key: String,
    pub href: String,
}

/// The repository and number of an issue at `url`, when `url` is an
/// address `pattern` makes (`{repo}` before `{number}`; anything after the
/// number that starts a new part of the address is allowed).
fn issue_in(pattern: &str, url: &str) -> Option<(String, u64)> {
    let (prefix, rest) = pattern.split_once("{repo}")?;
    let (between, suffix) = rest.split_once("{number}")?;
    let tail = url
        .get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &url[prefix.len()..])?;
    let at = tail.find(between)?;
    let repo = &tail[..at];
    let after = &tail[at + between.len()..];
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let number: u64 = after[..digits].parse().ok()?;
    let rest = &after[digits..];
    let ends = rest.strip_prefix(suffix).unwrap_or(rest);
    let well_formed = repo.split('/').count() == 2
        && Ref::parse(&format!("{repo}#{number}")).is_some()
        && (ends.is_empty() || ends.starts_with(['/', '#', '?']));
    well_formed.then(|| (repo.to_string(), number))
}

/// GitHub, where the forge is not said.
const GITHUB: &str = "https://github.com/{repo}/issues/{number}";

/// The address pattern of issue references: the archive's forge as a
/// pattern, or a base URL that Gitea, Forgejo and GitHub all understand.
fn forge_pattern(forge: Option<&str>) -> String {
    match forge {
        None => GITHUB.to_string(),
        Some(f) if f.contains('{') => f.to_string(),
        Some(base) => format!("{}/{{repo}}/issues/{{number}}", base.trim_end_matches('/')),
    }
}

/// A forge is an http(s) address; a pattern names `{repo}` and `{number}`
/// and nothing else.
fn check_forge(forge: &str) -> std::result::Result<(), String> {
    let lower = forge.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err("write the address of the forge, e.g. \"https://codeberg.org\", or a pattern such as \"https://gitlab.com/{repo}/-/issues/{number}\"".into());
    }
    let pattern = forge_pattern(Some(forge));
    let mut rest = pattern.as_str();
    let mut named = Vec::new();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c);
        let Some(close) = close else {
            return Err("a `{` without its `}`: the pattern names {repo} and {number}".into());
        };
        named.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    named.sort_unstable();
    if named != ["number", "repo"] {
        return Err(
            "a pattern names {repo} (owner/name) and {number} once each, and nothing else".into(),
        );
    }
    Ok(())
}

/// The settings of `[publication]` that name places: an address for the
/// feed and the sitemap, a permalink pattern that stays inside the site,
/// a prefix that makes valid tag names.
fn publication_problems(
    publication: &PublicationInfo,
    shown: &Path,
    text: &str,
    spans: &Spans,
) -> Vec<Diagnostic> {
    let at = |key: &str| spans.get(&format!("publication.{key}")).unwrap_or(0..0);
    let mut problems = Vec::new();
    if let Some(url) = &publication.url {
        let lower = url.to_ascii_lowercase();
        let host = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .and_then(|rest| rest.split('/').next())
            .filter(|host| !host.is_empty());
        if host.is_none() || url.contains(char::is_whitespace) {
            problems.push(
                Diagnostic::at(shown, text, at("url"), format!("`{url}` is not a web address"))
                    .with_help("write the address the site is published at, e.g. \"https://example.org/minutes/\""),
            );
        }
    }
    if let Err(message) = check_permalink(&publication.permalink) {
        problems.push(
            Diagnostic::at(shown, text, at("permalink"), message).with_help(format!(
                "write a folder pattern ending in `/` of {}, with {{id}}, e.g. \"{{year}}/{{id}}/\"",
                PERMALINK_FIELDS
                    .iter()
                    .map(|f| format!("{{{f}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    let prefix = &publication.tag_prefix;
    let tag_safe = prefix.split('/').enumerate().all(|(i, part)| {
        let last = i == prefix.split('/').count() - 1;
        (part.is_empty() && last)
            || (!part.is_empty()
                && !part.starts_with(['.', '-'])
                && std::path::Path::new(part)
                    .extension()
                    .is_none_or(|e| e != "lock")
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
    });
    if !tag_safe || prefix.contains("..") {
        problems.push(
            Diagnostic::at(
                shown,
                text,
                at("tag_prefix"),
                format!("`{prefix}` cannot start the name of a git tag"),
            )
            .with_help("use letters, digits, `-`, `_`, `.` and `/` between names, e.g. \"published/\" or \"minutes-\""),
        );
    }
    problems
}

/// A permalink pattern is a relative folder: names of letters, digits,
/// `-`, `_` and `.` or fields in braces, ending in `/`, with `{id}`.
fn check_permalink(pattern: &str) -> std::result::Result<(), String> {
    let Some(folders) = pattern.strip_suffix('/') else {
        return Err(format!("the permalink `{pattern}` does not end in `/`"));
    };
    if !pattern.contains("{id}") {
        return Err(format!("the permalink `{pattern}` does not hold {{id}}"));
    }
    for part in folders.split('/') {
        let mut rest = part;
        let mut literal = String::new();
        while let Some(open) = rest.find('{') {
            literal.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                return Err(format!("the permalink `{pattern}` has a `{{` without `}}`"));
            };
            let field = &rest[open + 1..open + close];
            if !PERMALINK_FIELDS.contains(&field) {
                return Err(format!(
                    "the permalink `{pattern}` names an unknown field {{{field}}}"
                ));
            }
            rest = &rest[open + close + 1..];
        }
        literal.push_str(rest);
        let fine = literal
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if (part.is_empty() || part.starts_with('.')) || !fine {
            return Err(format!(
                "the permalink `{pattern}` has a folder `{part}` that is not a plain name"
            ));
        }
    }
    Ok(())
}

/// Every alias that names two people, or is another person's handle or
/// name: the roster must find one person for each spelling.
fn alias_clashes(config: &Config, shown: &Path, text: &str, spans: &Spans) -> Vec<Diagnostic> {
    let fold = |s: &str| s.trim().to_lowercase();
    let mut owner: BTreeMap<String, (&str, &'static str)> = BTreeMap::new();
    for (handle, person) in &config.people {
        owner.insert(fold(handle), (handle, "the handle"));
        owner
            .entry(fold(&person.name))
            .or_insert((handle, "the name"));
    }
    let mut problems = Vec::new();
    for (handle, person) in &config.people {
        for (i, alias) in person.aliases.iter().enumerate() {
            let key = fold(alias);
            match owner.get(&key) {
                Some((other, _)) if *other == handle.as_str() => {}
                Some((other, what)) => {
                    let span = spans
                        .get(&format!("people.{handle}.aliases[{i}]"))
                        .unwrap_or(0..0);
                    problems.push(
                        Diagnostic::at(
                            shown,
                            text,
                            span,
                            format!(
                                "the alias \"{alias}\" of `{handle}` is {what} of `{other}` too"
                            ),
                        )
                        .with_help("an alias names one person only; remove it from one of them"),
                    );
                }
                None => {
                    owner.insert(key, (handle, "an alias"));
                }
            }
        }
    }
    problems
}

/// The language tags of the translations in `minutes.toml` (series names,
/// tag names, publication languages) are tags, and the paper is one the
/// pages can print on.
fn translations(config: &Config, shown: &Path, text: &str, spans: &Spans) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut tag_at = |key: String, lang: &str| {
        if let Err(e) = lang.parse::<Lang>() {
            let span = spans.get(&key).unwrap_or(0..0);
            problems.push(
                Diagnostic::at(shown, text, span, e.to_string())
                    .with_help("the keys of a translation are language tags: de, it, pt-BR"),
            );
        }
    };
    for (name, series) in &config.series {
        for lang in series.names.keys() {
            tag_at(format!("series.{name}.names.{lang}"), lang);
        }
    }
    for lang in config.publication.authors.keys() {
        tag_at(format!("publication.authors.{lang}"), lang);
    }
    for (tag, names) in &config.tags {
        for lang in names.keys() {
            tag_at(format!("tags.{tag}.{lang}"), lang);
        }
    }
    for (i, lang) in config.publication.languages.iter().enumerate() {
        if let Err(e) = lang.parse::<Lang>() {
            let span = spans
                .get(&format!("publication.languages[{i}]"))
                .unwrap_or(0..0);
            problems.push(
                Diagnostic::at(shown, text, span, e.to_string()).with_help(
                    "list the languages the meetings are published in: [\"de\", \"it\"]",
                ),
            );
        }
    }
    if let Some(paper) = &config.publication.paper {
        if !PAPERS.iter().any(|p| p.eq_ignore_ascii_case(paper)) {
            let span = spans.get("publication.paper").unwrap_or(0..0);
            problems.push(
                Diagnostic::at(shown, text, span, format!("there is no paper \"{paper}\""))
                    .with_help(format!("use one of: {}", PAPERS.join(", "))),
            );
        }
    }
    problems
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
    /// The day a new series meets unless the person says otherwise:
    /// `today`'s weekday, the first of the month's when it meets monthly.
    pub fn default_day(every: &str, today: NaiveDate) -> String {
        let day = weekday_name(today.weekday());
        match every.contains("month") {
            true => format!("first {day}"),
            false => day.to_string(),
        }
    }

    /// The name of a series that meets `on` unless the person gives one:
    /// the day's name ("tuesday").
    pub fn default_series(on: &str) -> String {
        on.split_whitespace()
            .last()
            .unwrap_or("weekly")
            .to_lowercase()
    }

    /// The text of minutes.toml, with comments for the person who edits it
    /// next. The series starts at its first date from `now` on. A value
    /// that does not make a schedule is refused, by its key.
    pub fn text(&self, now: DateTime<Utc>) -> Result<String, Invalid> {
        let refuse = |key: &str, message, help: &str| Invalid {
            key: key.to_string(),
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
            periods: Vec::new(),
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
             # The roster: handle = \"Display Name\", or a table [people.<handle>] with\n\
             # name, aliases, github, email, role and affiliation.\n\
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
