//! Tags across meetings: how often each comes up, the dossier of one tag,
//! and the register of decisions.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::text::fold;
use super::{ActionState, Place, chronological};
use crate::archive::Loaded;
use crate::diagnostic::did_you_mean;
use crate::error::Error;
use crate::meeting::{Decision as MeetingDecision, DecisionKind, Item, Source};

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
    TagIndex::new(records, today, |_| true, |t| fold(t) == wanted).dossier(&wanted)
}

/// Where each tag is used, and the actions folded once: every dossier of
/// an archive, made one at a time (a site holds only the one it renders).
pub struct TagIndex<'a> {
    /// The records, oldest first.
    records: Vec<&'a Loaded>,
    actions: HashMap<(String, String), Vec<ActionState>>,
    /// By folded tag: its first spelling, and each record and item on it.
    places: BTreeMap<String, (String, Vec<(usize, usize)>)>,
}

impl<'a> TagIndex<'a> {
    /// Every tag that `wanted` keeps on the items of `records` that `shown`
    /// keeps; `today` decides which actions are overdue.
    pub fn new(
        records: &'a [Loaded],
        today: NaiveDate,
        shown: impl Fn(&Item) -> bool,
        wanted: impl Fn(&str) -> bool,
    ) -> Self {
        let records = chronological(records);
        let mut actions: HashMap<(String, String), Vec<ActionState>> = HashMap::new();
        for action in super::actions::fold(records.iter().copied(), today) {
            actions
                .entry((action.meeting.clone(), action.item.clone()))
                .or_default()
                .push(action);
        }
        let mut places: BTreeMap<String, (String, Vec<(usize, usize)>)> = BTreeMap::new();
        for (r, record) in records.iter().enumerate() {
            for (i, item) in record.meeting.items.iter().enumerate() {
                if !shown(item) {
                    continue;
                }
                let mut seen: Vec<String> = Vec::new();
                for tag in item.tags.iter().filter(|t| wanted(t)) {
                    let key = fold(tag);
                    if seen.contains(&key) {
                        continue;
                    }
                    seen.push(key.clone());
                    places
                        .entry(key)
                        .or_insert_with(|| (tag.clone(), Vec::new()))
                        .1
                        .push((r, i));
                }
            }
        }
        TagIndex {
            records,
            actions,
            places,
        }
    }

    /// The tags (folded), in order.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.places.keys().map(String::as_str)
    }

    /// The tag `key` (folded) as first spelled, and how many meetings and
    /// items carry it.
    pub fn counts(&self, key: &str) -> Option<(&str, usize, usize)> {
        let (tag, places) = self.places.get(key)?;
        let mut meetings: Vec<usize> = places.iter().map(|(r, _)| *r).collect();
        meetings.dedup();
        Some((tag, meetings.len(), places.len()))
    }

    /// What the dossier of `key` is made of, without making it: each
    /// meeting and item on the tag, with the actions agreed under it.
    pub fn places(&self, key: &str) -> Vec<(&'a Loaded, &'a Item, Option<&[ActionState]>)> {
        let Some((_, places)) = self.places.get(key) else {
            return Vec::new();
        };
        places
            .iter()
            .map(|&(r, i)| {
                let record = self.records[r];
                let item = &record.meeting.items[i];
                let actions = self
                    .actions
                    .get(&(record.id.to_string(), item.id.clone()))
                    .map(Vec::as_slice);
                (record, item, actions)
            })
            .collect()
    }

    /// The dossier of the folded tag `key`.
    pub fn dossier(&self, key: &str) -> Option<Dossier> {
        let (tag, places) = self.places.get(key)?;
        let mut entries = Vec::with_capacity(places.len());
        let mut meetings = 0;
        let mut last_record = None;
        for &(r, i) in places {
            let record = self.records[r];
            let m = &record.meeting;
            let item = &m.items[i];
            let id = record.id.to_string();
            if last_record != Some(r) {
                meetings += 1;
                last_record = Some(r);
            }
            entries.push(DossierEntry {
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
                actions: self
                    .actions
                    .get(&(id.clone(), item.id.clone()))
                    .cloned()
                    .unwrap_or_default(),
                meeting: id,
            });
        }
        Some(Dossier {
            tag: tag.clone(),
            first: entries.first()?.date,
            last: entries.last()?.date,
            meetings,
            entries,
        })
    }
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
