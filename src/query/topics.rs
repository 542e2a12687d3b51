//! Tags across meetings: how often each comes up, the dossier of one tag,
//! and the register of decisions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::text::fold;
use super::{ActionState, Place, chronological};
use crate::archive::Loaded;
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

/// Every tag, the most discussed first (items, then name).
pub fn topics<'a>(records: impl IntoIterator<Item = &'a Loaded>) -> Vec<Topic> {
    let mut by_tag: BTreeMap<&str, (Topic, Option<&str>)> = BTreeMap::new();
    for record in chronological(records) {
        let date = record.meeting.date;
        for item in &record.meeting.items {
            for tag in &item.tags {
                let (topic, last_meeting) = by_tag.entry(tag).or_insert_with(|| {
                    let topic = Topic {
                        tag: tag.clone(),
                        meetings: 0,
                        items: 0,
                        first: date,
                        last: date,
                    };
                    (topic, None)
                });
                topic.items += 1;
                topic.last = date;
                if *last_meeting != Some(record.id.as_str()) {
                    topic.meetings += 1;
                    *last_meeting = Some(record.id.as_str());
                }
            }
        }
    }
    let mut topics: Vec<Topic> = by_tag.into_values().map(|(t, _)| t).collect();
    topics.sort_by(|a, b| b.items.cmp(&a.items).then_with(|| a.tag.cmp(&b.tag)));
    topics
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
    build_dossiers(records, &actions, |t| fold(t) == wanted)
        .into_values()
        .next()
}

/// The dossier of every tag, by tag as first spelled, in one pass: what a
/// site publishes.
pub fn dossiers(records: &[Loaded], today: NaiveDate) -> Vec<Dossier> {
    let actions = super::actions::fold(records, today);
    build_dossiers(records, &actions, |_| true)
        .into_values()
        .collect()
}

/// The dossiers of the tags `wanted` keeps, keyed by folded tag.
fn build_dossiers(
    records: &[Loaded],
    actions: &[ActionState],
    wanted: impl Fn(&str) -> bool,
) -> std::collections::BTreeMap<String, Dossier> {
    let mut by_action: std::collections::HashMap<(&str, &str), Vec<&ActionState>> =
        std::collections::HashMap::new();
    for action in actions {
        by_action
            .entry((action.meeting.as_str(), action.item.as_str()))
            .or_default()
            .push(action);
    }
    let mut out: std::collections::BTreeMap<String, Dossier> = std::collections::BTreeMap::new();
    for record in chronological(records) {
        let m = &record.meeting;
        let id = record.id.to_string();
        let mut here: Vec<String> = Vec::new();
        for item in &m.items {
            let mut seen: Vec<String> = Vec::new();
            for tag in item.tags.iter().filter(|t| wanted(t)) {
                let key = fold(tag);
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key.clone());
                let dossier = out.entry(key.clone()).or_insert_with(|| Dossier {
                    tag: tag.clone(),
                    first: m.date,
                    last: m.date,
                    meetings: 0,
                    entries: Vec::new(),
                });
                dossier.last = m.date;
                if !here.contains(&key) {
                    dossier.meetings += 1;
                    here.push(key);
                }
                dossier.entries.push(DossierEntry {
                    meeting: id.clone(),
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
                    actions: by_action
                        .get(&(id.as_str(), item.id.as_str()))
                        .map(|found| found.iter().map(|a| (*a).clone()).collect())
                        .unwrap_or_default(),
                });
            }
        }
    }
    out
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
