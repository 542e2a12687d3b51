//! `minutes new`: draft the next meeting of a series.

use chrono::NaiveDate;

use super::Global;
use crate::edit::{self, Draft, NewItem};
use crate::error::{Error, Result};
use crate::fsio;
use crate::id::MeetingId;
use crate::index::Detail;
use crate::meeting::slug;

#[derive(Debug, Default)]
pub struct Options {
    pub date: Option<String>,
    pub series: Option<String>,
    pub force: bool,
}

pub fn run(global: &Global, options: Options) -> Result<()> {
    let archive = global.archive()?;
    let config = &archive.config;
    let (name, series, schedule) = config.series_named(options.series.as_deref())?;
    let default = config.default_series() == Some(name);
    // Under the lock, a second `new` at the same time sees this one's
    // meeting and drafts the date after it.
    let _lock = global.lock(&archive)?;
    let existing = archive.ids()?;
    let date = crate::id::nameable(match options.date.as_deref() {
        Some(text) => {
            let date = parse_date(text)?;
            if schedule.is_skipped(date) && !options.force {
                return Err(Error::failed(format!("{date} is a skipped date of series `{name}`"))
                    .with_help("pass --force to draft it anyway, or remove it from `skip` in minutes.toml"));
            }
            if !schedule.is_scheduled(date) && !options.force {
                let next = schedule
                    .occurrences(date)
                    .next()
                    .map(|d| format!("; the next date on it is {d}"))
                    .unwrap_or_default();
                return Err(Error::failed(format!(
                    "{date} is not on the schedule of series `{name}`{next}"
                ))
                .with_help("pass --force to draft an extra call on that date"));
            }
            date
        }
        None => {
            let today = archive.today()?;
            schedule
                .occurrences(today)
                .find(|d| !existing.contains(&MeetingId::for_series(*d, name, default)))
                .ok_or_else(|| Error::failed(format!("series `{name}` has no coming dates")))?
        }
    })?;
    let id = MeetingId::for_series(date, name, default);
    let file = id.relative_path();
    if archive.path(&file).exists() {
        return Err(
            Error::failed(format!("meeting {id} exists already ({})", file.display())).with_help(
                format!("`minutes edit {id}` opens it; `minutes agenda add` adds items to it"),
            ),
        );
    }
    let items = series.standing.iter().map(|title| NewItem {
        id: slug(title),
        title: title.clone(),
        ..NewItem::default()
    });
    let heading = format!(
        "{} — {}",
        series.name.as_deref().unwrap_or(name),
        date.format("%A %-d %B %Y")
    );
    // Every action still open on that date is put up for review, so that
    // the scribe records what became of it.
    let open_actions: Vec<(String, String)> =
        crate::query::open_before(&global.meetings(&archive, Detail::Outline)?, date)
            .into_iter()
            .map(|a| (a.reference, a.task))
            .collect();
    let review = match open_actions.len() {
        0 => String::new(),
        n => format!("; {n} open action(s) to review under [[updates]]"),
    };
    let text = edit::draft(&Draft {
        heading: &heading,
        date,
        series: (config.series.len() > 1).then_some(name),
        items: unique(items.collect()),
        open_actions,
    });
    fsio::create_new(&archive.path(&file), &file, text.as_bytes())?;
    global.note(&format!(
        "drafted {id} in {} (status agenda){review}",
        file.display()
    ));
    crate::ui::print(&format!("{id}\n"))
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Error::usage(format!("`{text}` is not a date"))
            .with_help("write the date as YYYY-MM-DD, e.g. 2025-03-18")
    })
}

/// Standing items with the same slug get -2, -3 ... so that ids stay unique.
fn unique(mut items: Vec<NewItem>) -> Vec<NewItem> {
    let mut seen = std::collections::HashSet::new();
    for item in &mut items {
        let base = item.id.clone();
        let mut n = 1;
        while !seen.insert(item.id.clone()) {
            n += 1;
            item.id = format!("{base}-{n}");
        }
    }
    items
}
