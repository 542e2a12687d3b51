//! `minutes diff`: what changed in a meeting between two versions, item by
//! item, with the words that changed inside notes.

use std::fmt::Write as _;

use super::Global;
use crate::archive::{Archive, Record};
use crate::diff::{self, Change, Edit, Op, Word};
use crate::error::{Error, Result};
use crate::history;
use crate::id::MeetingId;
use crate::ui::{self, BOLD, CYAN, DIM, GREEN, RED, paint};

#[derive(Debug, Default)]
pub struct Options {
    pub meeting: String,
    /// No revision: HEAD against the work tree; one: that revision against
    /// the work tree; two: the first against the second.
    pub revs: Vec<String>,
}

pub fn run(global: &Global, options: Options) -> Result<()> {
    let archive = global.archive()?;
    let id = archive.resolve(&options.meeting)?;
    // A branch without commits has nothing to compare with: all is new.
    let unborn = options.revs.is_empty() && archive.repo()?.head_id()?.is_none();
    let (old, new, from, to) = match options.revs.as_slice() {
        [] if unborn => (None, archive.load(&id)?, "HEAD", "the work tree"),
        [] => (
            at(&archive, &id, "HEAD")?,
            archive.load(&id)?,
            "HEAD",
            "the work tree",
        ),
        [a] => (
            at(&archive, &id, a)?,
            archive.load(&id)?,
            a.as_str(),
            "the work tree",
        ),
        [a, b] => (
            at(&archive, &id, a)?,
            history::load_at(&archive, &id, b)?,
            a.as_str(),
            b.as_str(),
        ),
        _ => {
            return Err(Error::usage("diff takes at most two revisions")
                .with_help("minutes diff MEETING [REV [REV]]"));
        }
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
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(BOLD, format!("{id}: {from} -> {to}")));
    if unborn {
        let _ = writeln!(
            out,
            "a new meeting: there is no commit yet, so it is compared with nothing"
        );
    } else if old.is_none() {
        let _ = writeln!(out, "a new meeting: {from} does not have it");
    }
    if changes.is_empty() {
        let _ = writeln!(out, "no changes in meaning");
    }
    let markers = !ui::colour_on();
    for change in &changes {
        show(&mut out, change, markers);
    }
    ui::print(&out)
}

/// The older side: the meeting at `rev`, or `None` when it was not there yet.
fn at(archive: &Archive, id: &MeetingId, rev: &str) -> Result<Option<Record>> {
    Ok(history::find_at(archive, id, rev)?.1)
}

fn show(out: &mut String, change: &Change, markers: bool) {
    match change {
        Change::ItemAdded { item, title } => {
            let _ = writeln!(out, "{} item \"{title}\" ({item})", paint(GREEN, "+"));
        }
        Change::ItemRemoved { item, title } => {
            let _ = writeln!(out, "{} item \"{title}\" ({item})", paint(RED, "-"));
        }
        Change::ItemEdited { item, title, edits } => {
            let _ = writeln!(out, "{} item \"{title}\" ({item})", paint(CYAN, "~"));
            for edit in edits {
                match edit {
                    Edit::Notes { words } => {
                        let _ = writeln!(out, "    notes:");
                        for line in notes(words, markers) {
                            let _ = writeln!(out, "      {line}");
                        }
                    }
                    Edit::List {
                        field,
                        added,
                        removed,
                        changed,
                    } => {
                        for (sign, style, list) in [
                            ("-", RED, removed),
                            ("+", GREEN, added),
                            ("~", CYAN, changed),
                        ] {
                            for x in list {
                                let _ = writeln!(out, "    {field}: {} {x}", paint(style, sign));
                            }
                        }
                    }
                    Edit::Value { field, old, new } => {
                        let _ = writeln!(out, "    {field}: {}", was_is(old, new, markers));
                    }
                }
            }
        }
        Change::Field { field, old, new } => {
            let _ = writeln!(
                out,
                "{} {field}: {}",
                paint(CYAN, "~"),
                was_is(old, new, markers)
            );
        }
        other => {
            let _ = writeln!(out, "{} {}", paint(CYAN, "~"), other.detail());
        }
    }
}

fn was_is(old: &str, new: &str, markers: bool) -> String {
    format!(
        "{} {}",
        mark(
            Op::Removed,
            if old.is_empty() { "(none)" } else { old },
            markers
        ),
        mark(
            Op::Added,
            if new.is_empty() { "(none)" } else { new },
            markers
        )
    )
}

fn mark(op: Op, text: &str, markers: bool) -> String {
    match (op, markers) {
        (Op::Same, _) => text.to_string(),
        (Op::Added, true) => format!("{{+{text}+}}"),
        (Op::Removed, true) => format!("[-{text}-]"),
        (Op::Added, false) => paint(GREEN.underline(), text),
        (Op::Removed, false) => paint(RED.strikethrough(), text),
    }
}

/// Words around each change, with long unchanged runs cut to a few words
/// of context on each side.
const CONTEXT: usize = 6;

fn notes(words: &[Word], markers: bool) -> Vec<String> {
    let mut parts = Vec::new();
    let last = words.len().saturating_sub(1);
    for (n, w) in words.iter().enumerate() {
        if w.op != Op::Same {
            parts.push(mark(w.op, &w.text, markers));
            continue;
        }
        let all: Vec<&str> = w.text.split(' ').collect();
        let keep_head = if n == 0 { 0 } else { CONTEXT };
        let keep_tail = if n == last { 0 } else { CONTEXT };
        if all.len() <= keep_head + keep_tail + 2 {
            parts.push(w.text.clone());
        } else {
            let head = all[..keep_head].join(" ");
            let tail = all[all.len() - keep_tail..].join(" ");
            let gap = paint(DIM, "…");
            parts.push(
                [head, gap, tail]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    vec![parts.join(" ")]
}
