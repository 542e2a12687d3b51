//! What a template sees: the meeting as its readers should meet it.
//!
//! Everything is prepared here, in plain values: people by display name,
//! dates and times in the readers' language, private items already left out
//! where the render is public, the open actions looked up in the meetings
//! that agreed them. Optional values are present as `none`, so that a strict
//! template can test them; Markdown notes stay Markdown (the `markdown`
//! filter turns them into the output format).

use serde::Serialize;

use crate::archive::Archive;
use crate::error::Result;
use crate::id::MeetingId;
use crate::meeting::{ActionStatus, Item, Meeting, Source};

use super::phrases::Phrases;

#[derive(Serialize)]
pub struct Context {
    pub lang: String,
    pub format: &'static str,
    pub archive: ArchiveView,
    pub meeting: MeetingView,
    pub items: Vec<ItemView>,
    /// Every decision of the rendered items, in order.
    pub decisions: Vec<DecisionView>,
    /// Every action of the rendered items, in order.
    pub actions: Vec<ActionView>,
    /// The meeting's updates that leave an earlier action open.
    pub open_actions: Vec<OpenAction>,
    /// Minutes timeboxed by the rendered items.
    pub total: u32,
    /// By how many minutes the timeboxes exceed the call, if they do.
    pub over: Option<i64>,
    pub published: Published,
    /// The phrase table: `{{ t.present }}`.
    pub t: std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
pub struct ArchiveView {
    pub title: String,
    pub venue: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
}

impl ArchiveView {
    pub fn of(archive: &Archive) -> ArchiveView {
        let config = &archive.config;
        ArchiveView {
            title: config.archive.title.clone(),
            venue: config.publication.venue.clone(),
            author: config.publication.author.clone(),
            url: config.publication.url.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct MeetingView {
    pub id: String,
    pub iso_date: String,
    pub date: String,
    pub date_full: String,
    pub weekday: String,
    pub title: Option<String>,
    /// The title, else the first public item's title, else the archive's.
    pub headline: String,
    pub status: &'static str,
    /// The series' display name (the archive's title when unknown).
    pub series: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// "CET"; with `start`.
    pub zone: Option<String>,
    /// The length of a call of the series, in minutes.
    pub duration: Option<i64>,
    pub chair: Option<String>,
    pub scribe: Option<String>,
    pub present: Vec<String>,
    pub regrets: Vec<String>,
}

#[derive(Serialize)]
pub struct ItemView {
    pub id: String,
    pub number: usize,
    pub title: String,
    pub lead: Option<String>,
    /// How prose introduces the item: its lead, else its title in quotes.
    pub intro: String,
    pub presenter: Option<String>,
    pub timebox: Option<u32>,
    pub private: bool,
    pub tags: Vec<String>,
    pub notes: String,
    pub decisions: Vec<String>,
    pub sources: Vec<SourceView>,
    pub actions: Vec<ActionView>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub title: String,
    /// "Nick Bostrom, Oxford University Press, 2014".
    pub by: Option<String>,
    pub kind: Option<String>,
    pub url: Option<String>,
    /// The url when it is safe to link (http, https, mailto).
    pub href: Option<String>,
}

#[derive(Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    /// `2025-01-28#a1`, as later meetings refer to it.
    #[serde(rename = "ref")]
    pub reference: String,
    pub task: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub item: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct DecisionView {
    pub text: String,
    pub item: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct OpenAction {
    #[serde(rename = "ref")]
    pub reference: String,
    /// The task as agreed; none when the earlier meeting cannot be read.
    pub task: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct Published {
    pub date: String,
    pub venue: Option<String>,
    /// Set when the text is a translation.
    pub translator: Option<String>,
}

/// What the context is built from.
pub struct Input<'a> {
    pub archive: &'a Archive,
    pub id: &'a MeetingId,
    /// The meeting, translated where there is an overlay.
    pub meeting: &'a Meeting,
    pub phrases: &'a Phrases,
    pub format: &'static str,
    pub translator: Option<String>,
    /// Leave private items out.
    pub public: bool,
}

pub fn build(input: &Input<'_>) -> Result<Context> {
    let Input {
        archive,
        meeting,
        phrases,
        ..
    } = input;
    let config = &archive.config;
    let person = |handle: &String| config.person(handle).to_string();
    let items: Vec<ItemView> = meeting
        .items
        .iter()
        .filter(|i| !(input.public && i.private))
        .enumerate()
        .map(|(n, item)| item_view(input, n + 1, item))
        .collect::<Result<_>>()?;
    let series = config.series_named(meeting.series.as_deref()).ok();
    let times = series.map(|(_, _, schedule)| {
        let start = schedule.starts_at(meeting.date);
        let end = schedule.ends_at(meeting.date);
        (start, end, schedule.duration_minutes())
    });
    let total = crate::meeting::total_minutes(items.iter().filter_map(|i| i.timebox));
    let duration = times.map(|(_, _, d)| d);
    Ok(Context {
        lang: phrases.lang.clone(),
        format: input.format,
        archive: ArchiveView::of(archive),
        meeting: MeetingView {
            id: input.id.to_string(),
            iso_date: meeting.date.to_string(),
            date: phrases.date(meeting.date),
            date_full: phrases.date_full(meeting.date),
            weekday: phrases.weekday(meeting.date),
            title: meeting.title.clone(),
            headline: meeting
                .headline()
                .unwrap_or(&config.archive.title)
                .to_string(),
            status: meeting.status.as_str(),
            series: series
                .map(|(name, s, _)| s.name.clone().unwrap_or_else(|| name.to_string()))
                .unwrap_or_else(|| config.archive.title.clone()),
            start: times.map(|(s, _, _)| phrases.time(s)),
            end: times.map(|(_, e, _)| phrases.time(e)),
            zone: times.map(|(s, _, _)| s.format("%Z").to_string()),
            duration,
            chair: meeting.chair.as_ref().map(person),
            scribe: meeting.scribe.as_ref().map(person),
            present: meeting.present.iter().map(person).collect(),
            regrets: meeting.regrets.iter().map(person).collect(),
        },
        decisions: items
            .iter()
            .flat_map(|i| {
                i.decisions.iter().map(|d| DecisionView {
                    text: d.clone(),
                    item: i.title.clone(),
                    anchor: i.id.clone(),
                })
            })
            .collect(),
        actions: items
            .iter()
            .flat_map(|i| i.actions.iter().cloned())
            .collect(),
        open_actions: open_actions(input),
        total,
        over: duration
            .map(|d| i64::from(total) - d)
            .filter(|over| *over > 0),
        published: Published {
            date: phrases.date(
                meeting
                    .publication
                    .as_ref()
                    .and_then(|p| p.date)
                    .unwrap_or(meeting.date),
            ),
            venue: config.publication.venue.clone(),
            translator: input.translator.clone(),
        },
        items,
        t: phrases.table.clone(),
    })
}

fn item_view(input: &Input<'_>, number: usize, item: &Item) -> Result<ItemView> {
    let config = &input.archive.config;
    let intro = match &item.lead {
        Some(lead) => lead.clone(),
        None => input
            .phrases
            .fill("quoted", |name| {
                (name == "text").then(|| item.title.clone())
            })
            .map_err(crate::error::Error::failed)?,
    };
    Ok(ItemView {
        id: item.id.clone(),
        number,
        title: item.title.clone(),
        lead: item.lead.clone(),
        intro,
        presenter: item
            .presenter
            .as_deref()
            .map(|p| config.person(p).to_string()),
        timebox: item.timebox,
        private: item.private,
        tags: item.tags.clone(),
        notes: item.notes.trim().to_string(),
        decisions: item.decisions.clone(),
        sources: item.sources.iter().map(source_view).collect(),
        actions: item
            .actions
            .iter()
            .map(|a| ActionView {
                id: a.id.clone(),
                reference: format!("{}#{}", input.id, a.id),
                task: a.task.clone(),
                owner: a.owner.as_deref().map(|o| config.person(o).to_string()),
                due: a.due.map(|d| input.phrases.date(d)),
                item: item.title.clone(),
                anchor: item.id.clone(),
            })
            .collect(),
    })
}

/// A source as pages cite it.
pub fn source_view(s: &Source) -> SourceView {
    let year = s.year.map(|y| y.to_string());
    let by: Vec<&str> = [s.author.as_deref(), s.publisher.as_deref(), year.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    SourceView {
        title: s.title.clone(),
        by: (!by.is_empty()).then(|| by.join(", ")),
        kind: s.kind.clone(),
        url: s.url.clone(),
        href: s.url.clone().filter(|u| linkable(u)),
    }
}

/// Only these links become `href`s: nothing that runs (`javascript:`).
fn linkable(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// The updates that leave an action open, with the action as agreed.
fn open_actions(input: &Input<'_>) -> Vec<OpenAction> {
    let config = &input.archive.config;
    input
        .meeting
        .updates
        .iter()
        .filter(|u| u.status == ActionStatus::Open)
        .map(|update| {
            let agreed = update.action.split_once('#').and_then(|(meeting, action)| {
                let id = MeetingId::parse(meeting).ok()?;
                let record = input.archive.load(&id).ok()?;
                record
                    .meeting
                    .items
                    .iter()
                    .flat_map(|i| &i.actions)
                    .find(|a| a.id == action)
                    .cloned()
            });
            OpenAction {
                reference: update.action.clone(),
                task: agreed.as_ref().map(|a| a.task.clone()),
                owner: agreed
                    .as_ref()
                    .and_then(|a| a.owner.as_deref())
                    .map(|o| config.person(o).to_string()),
                due: agreed
                    .as_ref()
                    .and_then(|a| a.due)
                    .map(|d| input.phrases.date(d)),
                note: update.note.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_harmless_links_are_linked() {
        assert!(super::linkable("https://example.org"));
        assert!(super::linkable("mailto:a@example.org"));
        assert!(!super::linkable("javascript:alert(1)"));
        assert!(!super::linkable(" JavaScript:alert(1)"));
        assert!(!super::linkable("data:text/html,x"));
    }
}
