//! `minutes diff`: what changed in a meeting between two versions, item by
//! item, with the words that changed inside notes.

use super::Global;
use crate::archive::Record;
use crate::cli::DiffArgs;
use crate::diff;
use crate::error::Result;
use crate::history::{self, Timeline};
use crate::id::MeetingId;
use crate::ui;
use crate::view;

/// No revision compares HEAD with the work tree; one, that revision with
/// the work tree; two, the first with the second.
pub fn run(global: &Global, options: DiffArgs) -> Result<()> {
    let archive = global.archive()?;
    let id = archive.resolve(&options.meeting)?;
    // The argument parser takes at most two revisions.
    let timeline = global.history(&archive.root)?;
    // A branch without commits has nothing to compare with: all is new.
    let unborn = options.revs.is_empty() && timeline.repo.head_id()?.is_none();
    let (old, new, from, to) = match options.revs.as_slice() {
        [] if unborn => (None, archive.load(&id)?, "HEAD", "the work tree"),
        [] => (
            at(&timeline, &id, "HEAD")?,
            archive.load(&id)?,
            "HEAD",
            "the work tree",
        ),
        [a] => (
            at(&timeline, &id, a)?,
            archive.load(&id)?,
            a.as_str(),
            "the work tree",
        ),
        [a, b, ..] => (
            at(&timeline, &id, a)?,
            history::load_at(&timeline, &id, b)?,
            a.as_str(),
            b.as_str(),
        ),
    };
    // A meeting that the older side does not have is new: all of it is added.
    let changes = match &old {
        Some(old) => diff::meetings(&old.meeting, &new.meeting),
        None => diff::created(&new.meeting),
    };
    if global.json {
        return ui::print_json(&serde_json::json!({
            "meeting": id.as_str(), "from": from, "to": to, "new": old.is_none(), "unborn": unborn, "changes": changes,
        }));
    }
    if unborn {
        global.note("there is no commit yet, so the meeting is compared with nothing");
    }
    let markers = !ui::colour_on();
    let heading = format!("{id}: {from} -> {to}");
    ui::print(&view::diff::text(
        &heading,
        old.is_none().then_some(from),
        &changes,
        markers,
    ))
}

/// The older side: the meeting at `rev`, or `None` when it was not there yet.
fn at(timeline: &Timeline, id: &MeetingId, rev: &str) -> Result<Option<Record>> {
    Ok(history::find_at(timeline, id, rev)?.1)
}
