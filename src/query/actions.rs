//! The fold of action items: each action as agreed, brought up to date by
//! the `[[updates]]` of later meetings, in date order.
//!
//! An update naming an action that does not exist, or one of a meeting that
//! is not earlier, is ignored here: `check` reports it at its line, and a
//! listing should not fail because of one slip in one file.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::chronological;
use crate::archive::Record;
use crate::meeting::{ActionStatus, Status};

/// An action with what is known of it now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionState {
    /// `<meeting id>#<action id>`, as updates name it.
    pub reference: String,
    /// The meeting that agreed it.
    pub meeting: String,
    pub date: NaiveDate,
    /// The item (its id and title) under which it was agreed.
    pub item: String,
    pub item_title: String,
    pub task: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    /// How many later meetings reviewed it while it was open (the one that
    /// closed it included); agendas have not reviewed anything yet.
    pub reviews: usize,
    /// The meeting of the last update, and its note (the last one not empty).
    pub updated: Option<String>,
    pub note: Option<String>,
    /// Still open and due before today.
    pub overdue: bool,
}

/// Every action of `records`, oldest first, with its status as of the last
/// update in `records`; `today` decides what is overdue.
pub fn fold<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    today: NaiveDate,
) -> Vec<ActionState> {
    let sorted = chronological(records);
    let mut actions = Vec::new();
    let mut by_ref: HashMap<String, usize> = HashMap::new();
    for record in sorted {
        let m = &record.meeting;
        // Updates first: a meeting reviews earlier actions, never its own.
        for update in &m.updates {
            let Some(&i) = by_ref.get(&update.action) else {
                continue;
            };
            let action: &mut ActionState = &mut actions[i];
            if action.date >= m.date {
                continue;
            }
            if action.status == ActionStatus::Open && m.status != Status::Agenda {
                action.reviews += 1;
            }
            action.status = update.status;
            action.updated = Some(record.id.to_string());
            if let Some(note) = update.note.as_deref().filter(|n| !n.trim().is_empty()) {
                action.note = Some(note.trim().to_string());
            }
        }
        for item in &m.items {
            for a in &item.actions {
                let reference = format!("{}#{}", record.id, a.id);
                by_ref.insert(reference.clone(), actions.len());
                actions.push(ActionState {
                    reference,
                    meeting: record.id.to_string(),
                    date: m.date,
                    item: item.id.clone(),
                    item_title: item.title.clone(),
                    task: a.task.clone(),
                    owner: a.owner.clone(),
                    due: a.due,
                    status: ActionStatus::Open,
                    reviews: 0,
                    updated: None,
                    note: None,
                    overdue: false,
                });
            }
        }
    }
    for action in &mut actions {
        action.overdue =
            action.status == ActionStatus::Open && action.due.is_some_and(|d| d < today);
    }
    actions
}

/// The actions agreed before `date` and still open as of `date`: what a new
/// meeting on that date should review. Meetings on or after `date` (drafts
/// of later calls) do not count, neither their actions nor their updates.
pub fn open_before(records: &[Record], date: NaiveDate) -> Vec<ActionState> {
    let earlier = records.iter().filter(|r| r.meeting.date < date);
    fold(earlier, date)
        .into_iter()
        .filter(|a| a.status == ActionStatus::Open)
        .collect()
}
