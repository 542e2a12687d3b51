//! What a dossier template sees: the public items on one tag, oldest first,
//! as its readers should meet them.
//!
//! The dossier arrives with private items already left out (see
//! `render_dossier`); this module adds no person at all: no attendees, no
//! presenters, no action owners, since the page is for publication. Dates
//! are in the readers' language and the status of each action is a word of
//! the phrase table.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::meeting::ActionStatus;
use crate::query::{ActionState, Dossier};

use super::context::{ArchiveView, Published, SourceView, source_view};
use super::phrases::Phrases;

#[derive(Serialize)]
pub struct Context {
    pub lang: String,
    pub format: &'static str,
    pub archive: ArchiveView,
    pub dossier: DossierView,
    pub entries: Vec<EntryView>,
    pub published: Published,
    /// The phrase table: `{{ t.decisions }}`.
    pub t: BTreeMap<String, String>,
}

#[derive(Serialize)]
pub struct DossierView {
    /// The tag as the items spell it: `congo`.
    pub tag: String,
    /// The tag as a title: `Congo`, `News of the week`.
    pub topic: String,
    /// `2025`, or `2023–2025` when the items span several years.
    pub years: String,
    /// "Congo in our calls, 2025".
    pub heading: String,
    pub first: String,
    pub last: String,
    pub meetings: usize,
    pub items: usize,
}

#[derive(Serialize)]
pub struct EntryView {
    /// Unique on the page: `2025-01-28-congo`.
    pub anchor: String,
    pub meeting: String,
    pub iso_date: String,
    pub date: String,
    pub title: String,
    pub lead: Option<String>,
    pub notes: String,
    pub decisions: Vec<String>,
    pub sources: Vec<SourceView>,
    pub actions: Vec<ActionView>,
}

#[derive(Serialize)]
pub struct ActionView {
    pub task: String,
    /// `open`, `overdue`, `done` or `dropped`: for a CSS class.
    pub state: &'static str,
    /// The state in the readers' words.
    pub status: String,
    pub due: Option<String>,
}

/// What the context is built from.
pub struct Input<'a> {
    pub archive: &'a Archive,
    /// Public items only, translated where there is an overlay.
    pub dossier: &'a Dossier,
    pub phrases: &'a Phrases,
    pub format: &'static str,
    /// The translators of the meetings on the page, if any.
    pub translator: Option<String>,
    /// The page is published today.
    pub today: NaiveDate,
}

pub fn build(input: &Input<'_>) -> Result<Context> {
    let Input {
        dossier, phrases, ..
    } = input;
    let topic = topic(&dossier.tag);
    let years = years(dossier.first, dossier.last);
    let heading = phrases
        .fill("dossier_heading", |name| match name {
            "topic" => Some(topic.clone()),
            "years" => Some(years.clone()),
            _ => None,
        })
        .map_err(Error::failed)?;
    let entries = dossier
        .entries
        .iter()
        .map(|e| {
            Ok(EntryView {
                anchor: format!("{}-{}", e.meeting, e.item),
                meeting: e.meeting.clone(),
                iso_date: e.date.to_string(),
                date: phrases.date(e.date),
                title: e.title.clone(),
                lead: e.lead.clone(),
                notes: e.notes.trim().to_string(),
                decisions: e.decisions.iter().map(|d| d.text.clone()).collect(),
                sources: e.sources.iter().map(source_view).collect(),
                actions: e
                    .actions
                    .iter()
                    .map(|a| action_view(phrases, a))
                    .collect::<Result<_>>()?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Context {
        lang: phrases.lang.clone(),
        format: input.format,
        archive: ArchiveView::of(input.archive),
        dossier: DossierView {
            tag: dossier.tag.clone(),
            topic,
            years,
            heading,
            first: phrases.date(dossier.first),
            last: phrases.date(dossier.last),
            meetings: dossier.meetings,
            items: entries.len(),
        },
        entries,
        published: Published {
            date: phrases.date(input.today),
            venue: input.archive.config.publication.venue.clone(),
            translator: input.translator.clone(),
        },
        t: phrases.table.clone(),
    })
}

fn action_view(phrases: &Phrases, a: &ActionState) -> Result<ActionView> {
    let state = match a.status {
        ActionStatus::Open if a.overdue => "overdue",
        other => other.as_str(),
    };
    let key = format!("status_{state}");
    Ok(ActionView {
        task: a.task.clone(),
        state,
        status: phrases.fill(&key, |_| None).map_err(Error::failed)?,
        due: a.due.map(|d| phrases.date(d)),
    })
}

/// A tag as a title: words apart, the first letter capital.
fn topic(tag: &str) -> String {
    let words = tag.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

fn years(first: NaiveDate, last: NaiveDate) -> String {
    if first.year() == last.year() {
        first.year().to_string()
    } else {
        format!("{}–{}", first.year(), last.year())
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn a_tag_reads_as_a_title() {
        assert_eq!(super::topic("congo"), "Congo");
        assert_eq!(super::topic("news-of-the-week"), "News of the week");
        assert_eq!(super::topic("ética_ia"), "Ética ia");
    }

    #[test]
    fn the_years_are_one_or_a_span() {
        let day = |y| NaiveDate::from_ymd_opt(y, 3, 1).unwrap();
        assert_eq!(super::years(day(2025), day(2025)), "2025");
        assert_eq!(super::years(day(2023), day(2025)), "2023–2025");
    }
}
