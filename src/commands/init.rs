//! `minutes init`: create an archive from flags, or from answers at a prompt.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::Datelike;
use chrono_tz::Tz;

use super::Global;
use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::fsio;
use crate::git::{self, Init};
use crate::schedule::{Schedule, Spec, weekday_name};

#[derive(Debug, Default)]
pub struct Options {
    pub dir: Option<PathBuf>,
    pub title: Option<String>,
    pub every: Option<String>,
    pub on: Option<String>,
    pub at: Option<String>,
    pub duration: Option<String>,
    pub timezone: Option<String>,
    pub language: Option<String>,
    pub series: Option<String>,
}

/// The answers, once every question has one.
struct Answers {
    title: String,
    every: String,
    on: String,
    at: String,
    duration: String,
    timezone: String,
    language: String,
    series: String,
}

pub fn run(global: &Global, options: Options) -> Result<()> {
    let dir = match &options.dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => global.dir.join(dir),
        None => global.dir.clone(),
    };
    let config_path = dir.join(config::FILE_NAME);
    if config_path.exists() {
        return Err(Error::failed(format!(
            "{} exists already: this folder is an archive",
            config_path.display()
        ))
        .with_help("edit minutes.toml to change the archive; nothing was changed"));
    }
    let answers = answers(options)?;
    let start = validate(&answers)?;
    let text = config_text(&answers, start);
    Config::parse(Path::new(config::FILE_NAME), &text).map_err(crate::error::Error::Invalid)?;

    std::fs::create_dir_all(dir.join("meetings"))
        .map_err(|e| Error::io("create", &dir.join("meetings"), e))?;
    fsio::create_new(&config_path, Path::new(config::FILE_NAME), text.as_bytes())?;
    let keep = Path::new("meetings/.gitkeep");
    if !dir.join(keep).exists() {
        fsio::write_atomic(&dir.join(keep), keep, b"")?;
    }
    global.note(&format!(
        "created {} and meetings/ in {}",
        config::FILE_NAME,
        dir.display()
    ));
    let created = git::init_repository(&dir)?;
    // Meeting files merge by meaning in `git merge` and `git pull` too.
    let attributes =
        match git::Repo::open(&dir).and_then(|repo| super::setup::register(&dir, &repo)) {
            Ok(_) => Some(Path::new(".gitattributes")),
            Err(e) => {
                global.note(&format!(
                    "the merge driver was not set up: {e} (`minutes setup git` tries again)"
                ));
                None
            }
        };
    match created {
        Init::Created => {
            let mut paths = vec![Path::new(config::FILE_NAME), keep];
            paths.extend(attributes);
            match git::commit_paths(&dir, &paths, "Start the minutes archive") {
                Ok(_) => global.note("made it a git repository, with a first commit"),
                Err(e) => global.note(&format!("made it a git repository; not committed: {e}")),
            }
        }
        Init::Existing => global.note(
            "the folder is in a git repository already; commit minutes.toml and .gitattributes when ready",
        ),
    }
    global.note("next: `minutes new` drafts the first meeting");
    Ok(())
}

fn answers(options: Options) -> Result<Answers> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let ask = |question: &str, given: Option<String>, default: String| -> Result<String> {
        match given {
            Some(value) => Ok(value),
            None if interactive => prompt(question, &default),
            None => Ok(default),
        }
    };
    let today = chrono::Local::now().date_naive();
    let title = ask("Title of the archive", options.title, "Weekly call".into())?;
    let every = ask(
        "How often (week, 2 weeks, month)",
        options.every,
        "week".into(),
    )?;
    let default_day = weekday_name(today.weekday()).to_string();
    let default_on = if every.contains("month") {
        format!("first {default_day}")
    } else {
        default_day
    };
    let on = ask("Meeting day", options.on, default_on)?;
    let at = ask("Start time (HH:MM)", options.at, "18:00".into())?;
    let duration = ask("Duration", options.duration, "1h".into())?;
    let timezone = ask("Time zone", options.timezone, system_timezone())?;
    let language = ask("Language of the minutes", options.language, "en".into())?;
    let default_series = on
        .split_whitespace()
        .last()
        .unwrap_or("weekly")
        .to_lowercase();
    let series = options.series.unwrap_or(default_series);
    Ok(Answers {
        title,
        every,
        on,
        at,
        duration,
        timezone,
        language,
        series,
    })
}

fn prompt(question: &str, default: &str) -> Result<String> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{question} [{default}]: ");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::failed(format!("cannot read the answer: {e}")))?;
    let line = line.trim();
    Ok(if line.is_empty() {
        default.to_string()
    } else {
        line.to_string()
    })
}

/// The machine's IANA zone when it can be told, else UTC.
fn system_timezone() -> String {
    let from_env = std::env::var("TZ")
        .ok()
        .map(|tz| tz.trim_start_matches(':').to_string());
    let from_file = || {
        std::fs::read_to_string("/etc/timezone")
            .ok()
            .map(|s| s.trim().to_string())
    };
    let from_link = || {
        std::fs::read_link("/etc/localtime").ok().and_then(|p| {
            let p = p.to_string_lossy().into_owned();
            p.split_once("zoneinfo/").map(|(_, zone)| zone.to_string())
        })
    };
    [from_env, from_file(), from_link()]
        .into_iter()
        .flatten()
        .find(|tz| tz.parse::<Tz>().is_ok())
        .unwrap_or_else(|| "UTC".to_string())
}

/// Refuses bad answers, naming the flag that gave them; gives the date of
/// the first meeting.
fn validate(a: &Answers) -> Result<chrono::NaiveDate> {
    let tz: Tz = a.timezone.parse().map_err(|_| {
        Error::usage(format!("--timezone: unknown time zone `{}`", a.timezone))
            .with_help("use an IANA time zone name such as Europe/Rome or America/New_York")
    })?;
    if !crate::archive::is_language_tag(&a.language) {
        return Err(Error::usage(format!(
            "--language: `{}` is not a language code",
            a.language
        ))
        .with_help("use a two-letter code such as en, de or it"));
    }
    if a.series.is_empty()
        || !a
            .series
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(
            Error::usage(format!("--series: `{}` is not a valid name", a.series))
                .with_help("use lower-case letters, digits and dashes"),
        );
    }
    let spec = Spec {
        every: &a.every,
        on: &a.on,
        at: &a.at,
        duration: Some(&a.duration),
        skip: &[],
        start: None,
    };
    let schedule = Schedule::parse(&spec, tz).map_err(|problems| {
        let first = &problems[0];
        Error::usage(format!("--{}: {}", first.key, first.message)).with_help(first.help.clone())
    })?;
    let today = crate::clock::today(tz)?;
    Ok(schedule.occurrences(today).next().unwrap_or(today))
}

fn config_text(a: &Answers, start: chrono::NaiveDate) -> String {
    let q = |s: &str| toml_edit::Value::from(s).to_string().trim().to_string();
    format!(
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
        title = q(&a.title),
        language = q(&a.language),
        timezone = q(&a.timezone),
        series = a.series,
        every = q(&a.every),
        on = q(&a.on),
        at = q(&a.at),
        duration = q(&a.duration),
    )
}
