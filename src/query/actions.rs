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
use crate::archive::Loaded;
use crate::meeting::ActionStatus;

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
    /// closed it included).
    pub reviews: usize,
    /// The meeting of the last update, and its note (the last one not empty).
    pub updated: Option<String>,
    pub note: Option<String>,
    /// Still open and due before today.
    pub overdue: bool,
}

/// Every action of `records`, oldest first, with its status as of the last
/// update in `records`; `today` decides what is overdue. Updates in meetings
/// still at status agenda, or cancelled, are not applied: the call has not
/// taken place.
pub fn fold<'a>(
    records: impl IntoIterator<Item = &'a Loaded>,
    today: NaiveDate,
) -> Vec<ActionState> {
    let mut fold = Fold::default();
    for record in chronological(records) {
        fold.add(record);
    }
    fold.finish(today)
}

/// [`fold`] a meeting at a time, for meetings that come oldest first (in
/// the order of their ids), so that they need not all be held at once.
#[derive(Default)]
pub struct Fold {
    actions: Vec<ActionState>,
    by_ref: HashMap<String, usize>,
}

impl Fold {
    /// Adds a meeting that comes after every meeting added before.
    pub fn add(&mut self, record: &Loaded) {
        let m = &record.meeting;
        // An agenda records nothing yet: its updates are placeholders for the
        // scribe (`new` writes them), and must not reopen an action closed
        // meanwhile in the minutes of an earlier call.
        let held = m.status.is_held();
        // Updates first: a meeting reviews earlier actions, never its own.
        for update in m.updates.iter().filter(|_| held) {
            let Some(&i) = self.by_ref.get(&update.action) else {
                continue;
            };
            let action: &mut ActionState = &mut self.actions[i];
            if action.date >= m.date {
                continue;
            }
            if action.status == ActionStatus::Open {
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
                self.by_ref.insert(reference.clone(), self.actions.len());
                self.actions.push(ActionState {
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

    /// The actions, oldest first; `today` decides what is overdue.
    pub fn finish(mut self, today: NaiveDate) -> Vec<ActionState> {
        for action in &mut self.actions {
            action.overdue =
                action.status == ActionStatus::Open && action.due.is_some_and(|d| d < today);
        }
        self.actions
    }
}

/// The actions agreed before `date` and still open as of `date`: what a new
/// meeting on that date should review. Meetings on or after `date` (drafts
/// of later calls) do not count, neither their actions nor their updates.
pub fn open_before(records: &[Loaded], date: NaiveDate) -> Vec<ActionState> {
    let earlier = records.iter().filter(|r| r.meeting.date < date);
    fold(earlier, date)
        .into_iter()
        .filter(|a| a.status == ActionStatus::Open)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::MeetingId;

    fn record(id: &str, status: &str, body: &str) -> Loaded {
        let text = format!("schema = 1\ndate = {id}\nstatus = \"{status}\"\n{body}");
        let id = MeetingId::parse(id).unwrap();
        crate::archive::parse_record(id.clone(), id.relative_path(), text)
            .unwrap_or_else(|d| panic!("{:?}", d))
            .into()
    }

    fn update(action: &str, status: &str, note: &str) -> String {
        format!("\n[[updates]]\naction = \"{action}\"\nstatus = \"{status}\"\nnote = \"{note}\"\n")
    }

    fn archive() -> Vec<Loaded> {
        let agreed = "[[items]]\nid = \"x\"\ntitle = \"X\"\n\n[[items.actions]]\nid = \"a1\"\ntask = \"T\"\ndue = 2025-01-10\n";
        // Given out of order on purpose: the fold sorts by date.
        vec![
            record(
                "2025-01-28",
                "agenda",
                &update("2025-01-07#a1", "done", "Early"),
            ),
            record("2025-01-21", "draft", &update("2025-01-07#a1", "open", "")),
            record("2025-01-07", "final", agreed),
            record(
                "2025-01-14",
                "final",
                &update("2025-01-07#a1", "done", "Sent."),
            ),
        ]
    }

    #[test]
    fn the_last_update_of_a_held_meeting_decides() {
        let today = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        let [a] = fold(&archive(), today).try_into().unwrap();
        assert_eq!(a.reference, "2025-01-07#a1");
        assert_eq!(
            a.status,
            ActionStatus::Open,
            "reopened on the 21st; the agenda of the 28th records nothing yet"
        );
        assert_eq!(
            a.reviews, 1,
            "the 14th found it open, the 21st found it done"
        );
        assert_eq!(
            a.note.as_deref(),
            Some("Sent."),
            "an empty note keeps the last one"
        );
        assert_eq!(a.updated.as_deref(), Some("2025-01-21"));
        assert!(a.overdue);
    }

    #[test]
    fn open_before_ignores_what_comes_on_or_after_the_date() {
        let on = |d| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
        let records = archive();
        assert_eq!(
            open_before(&records, on(14)).len(),
            1,
            "the review of the 14th is not before it"
        );
        assert!(open_before(&records, on(15)).is_empty(), "done on the 14th");
        assert!(
            open_before(&records, on(7)).is_empty(),
            "agreed on the day itself"
        );
    }

    #[test]
    fn an_update_of_an_unknown_or_later_action_is_ignored() {
        let records = vec![
            record("2025-01-07", "final", &update("2025-01-14#a1", "done", "")),
            record(
                "2025-01-14",
                "final",
                "[[items]]\ntitle = \"Y\"\n\n[[items.actions]]\nid = \"a1\"\ntask = \"T\"\n",
            ),
            record("2025-01-21", "final", &update("2025-01-14#a9", "done", "")),
        ];
        let today = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        let [a] = fold(&records, today).try_into().unwrap();
        assert_eq!(
            (a.status, a.reviews, a.overdue),
            (ActionStatus::Open, 0, false)
        );
    }
}
