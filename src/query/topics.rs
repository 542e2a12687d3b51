//! Tags across meetings: how often each comes up, the dossier of one tag,
//! and the register of decisions.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::text::fold;
use super::{ActionState, Place, chronological};
use crate::archive::Loaded;
use crate::diagnostic::did_you_mean;
use crate::error::Error;
use crate::meeting::{Decision as MeetingDecision, DecisionKind, Source};

/// A tag and how much the group has said under it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Topic {
    pub tag: String,
    pub meetings: usize,
    pub items: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Every tag, the most discussed first (items, then name), counted a
/// meeting at a time, for meetings that come oldest first (in the order of
/// their ids), so that they need not all be held at once.
#[derive(Default)]
pub struct Tally {
    /// Each tag, and the number of the last meeting that had it.
    by_tag: HashMap<String, (Topic, usize)>,
    meetings: usize,
}

impl Tally {
    /// Adds a meeting that comes after every meeting added before.
    pub fn add(&mut self, record: &Loaded) {
        self.meetings += 1;
        let date = record.meeting.date;
        for item in &record.meeting.items {
            for tag in &item.tags {
                let (topic, last_meeting) = match self.by_tag.get_mut(tag) {
                    Some(entry) => entry,
                    None => {
                        let topic = Topic {
                            tag: tag.clone(),
                            meetings: 0,
                            items: 0,
                            first: date,
                            last: date,
                        };
                        self.by_tag.entry(tag.clone()).or_insert((topic, 0))
                    }
                };
                topic.items += 1;
                topic.last = date;
                if *last_meeting != self.meetings {
                    topic.meetings += 1;
                    *last_meeting = self.meetings;
                }
            }
        }
    }

    /// The tags, the most discussed first (items, then name).
    pub fn finish(self) -> Vec<Topic> {
        let mut topics: Vec<Topic> = self.by_tag.into_values().map(|(t, _)| t).collect();
        topics.sort_by(|a, b| b.items.cmp(&a.items).then_with(|| a.tag.cmp(&b.tag)));
        topics
    }
}

/// The tags in use, in name order.
pub fn tags<'a>(records: impl IntoIterator<Item = &'a Loaded>) -> Vec<String> {
    let mut tags: Vec<String> = records
        .into_iter()
        .flat_map(|r| r.meeting.items.iter().flat_map(|i| i.tags.iter().cloned()))
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// Everything said under one tag, oldest first: the shape a dossier
/// template reads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dossier {
    pub tag: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub meetings: usize,
    pub entries: Vec<DossierEntry>,
}

/// One item on the tag, with all it holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DossierEntry {
    pub meeting: String,
    pub date: NaiveDate,
    /// The meeting's headline, for context.
    pub meeting_title: Option<String>,
    pub item: String,
    pub title: String,
    pub lead: Option<String>,
    pub presenter: Option<String>,
    pub tags: Vec<String>,
    pub private: bool,
    /// Markdown, as written.
    pub notes: String,
    pub decisions: Vec<MeetingDecision>,
    pub sources: Vec<Source>,
    /// The actions agreed under the item, with their status now.
    pub actions: Vec<ActionState>,
}

/// The dossier of `tag` (compared ignoring case), or `None` when no item
/// carries it; `today` decides which actions are overdue.
pub fn dossier(records: &[Loaded], tag: &str, today: NaiveDate) -> Option<Dossier> {
    let wanted = fold(tag);
    let actions = super::actions::fold(records, today);
    let mut entries = Vec::new();
    let mut meetings = 0;
    for record in chronological(records) {
        let m = &record.meeting;
        let mut here = false;
        for item in m
            .items
            .iter()
            .filter(|i| i.tags.iter().any(|t| fold(t) == wanted))
        {
            here = true;
            entries.push(DossierEntry {
                meeting: record.id.to_string(),
                date: m.date,
                meeting_title: m.headline().map(str::to_string),
                item: item.id.clone(),
                title: item.title.clone(),
                lead: item.lead.clone(),
                presenter: item.presenter.clone(),
                tags: item.tags.clone(),
                private: item.private,
                notes: item.notes.clone(),
                decisions: item.decisions.clone(),
                sources: item.sources.clone(),
                actions: actions
                    .iter()
                    .filter(|a| a.meeting == record.id.as_str() && a.item == item.id)
                    .cloned()
                    .collect(),
            });
        }
        meetings += usize::from(here);
    }
    let first = entries.first()?.date;
    let last = entries.last()?.date;
    let tag = entries[0]
        .tags
        .iter()
        .find(|t| fold(t) == wanted)
        .cloned()
        .unwrap_or_else(|| tag.to_string());
    Some(Dossier {
        tag,
        first,
        last,
        meetings,
        entries,
    })
}

/// A decision with where it was taken.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    #[serde(flatten)]
    pub place: Place,
    pub tags: Vec<String>,
    pub private: bool,
    pub text: String,
    /// resolution, consensus ...; none for a plain decision.
    pub kind: Option<DecisionKind>,
}

/// What the register keeps: decisions under a tag (ignoring case), from a
/// date on, of a kind (a plain decision is of the kind `decision`).
#[derive(Clone, Debug, Default)]
pub struct DecisionFilter<'a> {
    pub tag: Option<&'a str>,
    pub since: Option<NaiveDate>,
    pub kind: Option<DecisionKind>,
}

/// The decisions of the archive that `filter` keeps, oldest first.
pub fn decisions<'a>(
    records: impl IntoIterator<Item = &'a Loaded>,
    filter: &DecisionFilter<'_>,
) -> Vec<Decision> {
    let wanted = filter.tag.map(fold);
    let mut out = Vec::new();
    for record in chronological(records) {
        if filter.since.is_some_and(|s| record.meeting.date < s) {
            continue;
        }
        for item in &record.meeting.items {
            if let Some(wanted) = &wanted {
                if !item.tags.iter().any(|t| &fold(t) == wanted) {
                    continue;
                }
            }
            let kept = item
                .decisions
                .iter()
                .filter(|d| filter.kind.is_none_or(|k| d.is(k)));
            for decision in kept {
                out.push(Decision {
                    place: Place::new(record, item),
                    tags: item.tags.clone(),
                    private: item.private,
                    text: decision.text.clone(),
                    kind: decision.kind,
                });
            }
        }
    }
    out
}

/// The error for a tag no item carries, with the closest one in use.
pub fn unknown_tag(tag: &str, tags: &[String]) -> Error {
    let help = match did_you_mean(tag, tags.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None if tags.is_empty() => "no item has tags yet; add `tags = [...]` to an item".into(),
        None => "`minutes topics` lists the tags in use".into(),
    };
    Error::failed(format!("no item is tagged `{tag}`")).with_help(help)
}
