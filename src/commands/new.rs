//! `minutes new`: draft the next meeting of a series.

use super::Global;
use crate::cli::NewArgs;
use crate::edit::{self, Draft};
use crate::error::{Error, Result};
use crate::fsio;
use crate::id::{self, MeetingId};
use crate::index::{Detail, Parts};
use crate::plural::count;

pub fn run(global: &Global, options: NewArgs) -> Result<()> {
    let archive = global.archive()?;
    let config = &archive.config;
    let (name, series, schedule) = config.series_named(options.series.as_deref())?;
    let default = config.default_series() == Some(name);
    // Under the lock, a second `new` at the same time sees this one's
    // meeting and drafts the date after it.
    let _lock = global.lock(&archive)?;
    let existing = archive.ids()?;
    let date = id::nameable(match options.date {
        Some(date) => {
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
                    "{date} is not on the schedule of series `{name}` ({}){next}",
                    schedule.why_not(date)
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
    let heading = format!(
        "{} — {}",
        series.name.as_deref().unwrap_or(name),
        date.format("%A %-d %B %Y")
    );
    // Every action still open on that date is put up for review, so that
    // the scribe records what became of it.
    let open_actions: Vec<(String, String)> = crate::query::open_before(
        &global.meetings(
            &archive,
            Detail::Parts(Parts::ITEMS | Parts::ACTIONS | Parts::UPDATES),
        )?,
        date,
    )
    .into_iter()
    .map(|a| (a.reference, a.task))
    .collect();
    let review = match open_actions.len() {
        0 => String::new(),
        n => format!("; {} to review under [[updates]]", count(n, "open action")),
    };
    let text = edit::draft(&Draft {
        heading: &heading,
        date,
        series: (config.series.len() > 1).then_some(name),
        attendees: edit::expected(config),
        items: edit::standing_items(&series.standing),
        open_actions,
    });
    fsio::create_new(&archive.path(&file), &file, text.as_bytes())?;
    global.note(&format!(
        "drafted {id} in {} (status agenda){review}",
        file.display()
    ));
    crate::ui::print(&format!("{id}\n"))
}
