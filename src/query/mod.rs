//! Questions asked of the whole archive: actions, topics, decisions, sources,
//! attendance, issue references, full-text search.
//!
//! Every function here is pure: it takes the records already loaded (in any
//! order) and returns plain values that serialize to the JSON of the
//! commands. Nothing here reads files, prints, or knows how the records were
//! found, so that a faster way of loading them (an index) changes nothing
//! below this line.

pub mod actions;
pub mod attendance;
pub mod refs;
pub mod search;
pub mod sources;
pub mod text;
pub mod topics;

pub use actions::{ActionState, Fold, open_before};
pub use attendance::{AttendanceFilter, attendance};
pub use refs::{Referenced, references};
pub use search::{Hit, Query, search};
pub use sources::reading_list;
pub use topics::{DecisionFilter, Dossier, TagIndex, Tally, decisions, dossier, tags, unknown_tag};

use crate::archive::Loaded;

/// The records in chronological order (oldest first), whatever order they
/// came in.
fn chronological<'a>(records: impl IntoIterator<Item = &'a Loaded>) -> Vec<&'a Loaded> {
    let mut sorted: Vec<&Loaded> = records.into_iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted
}

/// Where something was said: a meeting and one of its items.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Place {
    pub meeting: String,
    pub date: chrono::NaiveDate,
    pub item: String,
    pub item_title: String,
}

impl Place {
    fn new(record: &Loaded, item: &crate::meeting::Item) -> Place {
        Place {
            meeting: record.id.to_string(),
            date: record.meeting.date,
            item: item.id.clone(),
            item_title: item.title.clone(),
        }
    }
}
