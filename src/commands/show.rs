//! `minutes show`: one meeting, readable in a terminal, or as JSON.

use super::Global;
use crate::error::Result;
use crate::id::MeetingRef;
use crate::ui::{self, DIM, paint};
use crate::view;

/// Shows `meeting`, as it is now or, with `at`, at that revision.
pub fn run(global: &Global, meeting: &MeetingRef, at: Option<&str>) -> Result<()> {
    let archive = global.archive()?;
    let id = archive.resolve(meeting)?;
    let record = match at {
        Some(rev) => crate::history::load_at(&global.history(&archive.root)?, &id, rev)?,
        None => archive.load(&id)?,
    };
    if global.json {
        return ui::print_json(
            &serde_json::json!({ "id": id.as_str(), "at": at, "meeting": record.meeting }),
        );
    }
    let mut text = view::meeting::text(&record, &archive.config);
    if let Some(rev) = at {
        text.insert_str(0, &format!("{}\n", paint(DIM, format!("as of {rev}"))));
    }
    ui::print(&text)
}
