//! `minutes new`: draft the next meeting of a series.

use std::collections::HashSet;

use super::Global;
use crate::cli::NewArgs;
use crate::config::Config;
use crate::edit::{self, Draft, Expected, NewItem};
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
    // Standing items whose titles make the same id are numbered.
    let mut taken = HashSet::new();
    let items = series.standing.iter().map(|title| {
        let item_id = id::free(&id::slug(title), |id| taken.contains(id));
        taken.insert(item_id.clone());
        NewItem {
            id: item_id,
            title: title.clone(),
            ..NewItem::default()
        }
    });
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
        attendees: expected(config),
        items: items.collect(),
        open_actions,
    });
    fsio::create_new(&archive.path(&file), &file, text.as_bytes())?;
    global.note(&format!(
        "drafted {id} in {} (status agenda){review}",
        file.display()
    ));
    crate::ui::print(&format!("{id}\n"))
}

/// When the roster gives roles, everyone who has one, members first, with
/// the role and affiliation of today: the meeting keeps them as they were.
fn expected(config: &Config) -> Vec<Expected> {
    if !config.has_roles() {
        return Vec::new();
    }
    let rank = |role: &str| {
        crate::meeting::ROLES
            .iter()
            .position(|r| r.eq_ignore_ascii_case(role))
            .unwrap_or(1)
    };
    let mut people: Vec<Expected> = config
        .people
        .iter()
        .filter_map(|(handle, p)| {
            Some(Expected {
                who: handle.clone(),
                role: Some(p.role.clone()?),
                affiliation: p.affiliation.clone(),
            })
        })
        .collect();
    people.sort_by_key(|p| rank(p.role.as_deref().unwrap_or_default()));
    people
}
