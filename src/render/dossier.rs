//! What a dossier template sees: the public items on one tag, oldest first,
//! as its readers should meet them.
//!
//! The dossier arrives with private, undiscussed and empty items already
//! left out, and only published meetings unless drafts were asked for (see
//! `render_dossier_report`); this module adds no person but the translator
//! of each entry: no attendees, no presenters, no action owners, since the
//! page is for publication. Dates are in the readers' language, the status
//! of each action is a word of the phrase table, the tag reads as
//! `[tags.<tag>]` names it (else as written, in quotes), and the page's
//! date is the last publication it draws on, never today.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::meeting::ActionStatus;
use crate::query::{ActionState, Dossier};

use super::context::{ArchiveView, Notice, SourceView, source_view};
use super::phrases::Phrases;

#[derive(Serialize)]
pub struct Context {
    pub lang: String,
    pub format: &'static str,
    pub archive: ArchiveView,
    pub dossier: DossierView,
    pub entries: Vec<EntryView>,
    /// Said in the readers' language where entries are not in it.
    pub notice: Option<Notice>,
    /// The archive's language, when the page is in another: what no
    /// translation holds (the tasks of actions) is in it.
    pub original: Option<String>,
    /// The page takes meetings not yet published: for internal use.
    pub draft: bool,
    /// The closing line: what the page is drawn from, up to which date.
    pub footer: String,
    /// The date it names, as `2025-01-28`.
    pub iso_date: String,
    /// The phrase table: `{{ t.decisions }}`.
    pub t: BTreeMap<String, String>,
    /// Where the page stands in the site; absent outside `minutes site`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<super::site::SiteView>,
}

#[derive(Serialize)]
pub struct DossierView {
    /// The tag as the items spell it: `congo`.
    pub tag: String,
    /// The tag as `[tags.<tag>]` names it in the page's language, else as
    /// written in quotes: `Congo`, `“congo”`.
    pub topic: String,
    /// The language of `topic` when it is not the page's.
    pub topic_lang: Option<String>,
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
    /// The entry's language, when it is shown untranslated.
    pub lang: Option<String>,
    /// Who translated it into the page's language.
    pub translator: Option<String>,
    /// Its meeting is not published (only with drafts asked for).
    pub draft: bool,
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

/// Where an entry's text comes from.
pub struct Origin {
    /// The original language, when the entry is untranslated on the page.
    pub lang: Option<String>,
    pub translator: Option<String>,
    /// The meeting is not published.
    pub draft: bool,
}

/// What the context is built from.
pub struct Input<'a> {
    pub archive: &'a Archive,
    /// Public items only, translated where there is an overlay.
    pub dossier: &'a Dossier,
    pub phrases: &'a Phrases,
    pub format: &'static str,
    /// Each entry's origin, by meeting and item id.
    pub origins: &'a BTreeMap<(String, String), Origin>,
    /// The last publication (or, with drafts, the last call) on the page.
    pub as_of: NaiveDate,
    /// Drafts were asked for.
    pub internal: bool,
    pub notice: Option<Notice>,
    pub original: Option<String>,
}

pub fn build(input: &Input<'_>) -> Result<Context> {
    let Input {
        dossier, phrases, ..
    } = input;
    let config = &input.archive.config;
    let own = config.language();
    let (topic, topic_lang) = match config.tag_name(&dossier.tag, &phrases.lang) {
        Some(name) => (name.to_string(), None),
        None => {
            let written = match config.tag_name(&dossier.tag, &own) {
                Some(name) => name.to_string(),
                None => phrases
                    .fill("quoted", |_| Some(dossier.tag.clone()))
                    .map_err(Error::failed)?,
            };
            (written, input.original.clone())
        }
    };
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
            let origin = input.origins.get(&(e.meeting.clone(), e.item.clone()));
            Ok(EntryView {
                anchor: format!("{}-{}", e.meeting, e.item),
                meeting: e.meeting.clone(),
                iso_date: e.date.to_string(),
                date: phrases.date(e.date),
                title: e.title.clone(),
                lead: e.lead.clone(),
                lang: origin.and_then(|o| o.lang.clone()),
                translator: origin.and_then(|o| o.translator.clone()),
                draft: origin.is_some_and(|o| o.draft),
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
    let date = phrases.date(input.as_of);
    let venue = config.publication.venue.clone();
    let footer = match (input.internal, venue) {
        (true, _) => phrases.fill("dossier_internal", |_| Some(date.clone())),
        (false, Some(venue)) => phrases.fill("dossier_until", |name| match name {
            "venue" => Some(venue.clone()),
            _ => Some(date.clone()),
        }),
        (false, None) => phrases.fill("dossier_until_nowhere", |_| Some(date.clone())),
    }
    .map_err(Error::failed)?;
    Ok(Context {
        lang: phrases.lang.clone(),
        format: input.format,
        archive: ArchiveView::of(input.archive, &phrases.lang),
        notice: input.notice.clone(),
        original: input.original.clone(),
        draft: input.internal,
        footer,
        iso_date: input.as_of.to_string(),
        dossier: DossierView {
            tag: dossier.tag.clone(),
            topic,
            topic_lang,
            years,
            heading,
            first: phrases.date(dossier.first),
            last: phrases.date(dossier.last),
            meetings: dossier.meetings,
            items: entries.len(),
        },
        entries,
        t: phrases.table.clone(),
        site: None,
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
    fn the_years_are_one_or_a_span() {
        let day = |y| NaiveDate::from_ymd_opt(y, 3, 1).unwrap();
        assert_eq!(super::years(day(2025), day(2025)), "2025");
        assert_eq!(super::years(day(2023), day(2025)), "2023–2025");
    }
}
